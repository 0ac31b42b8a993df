"""Item lines typed in other shapes than one item a line, rewritten as one item a line before the grammar
(``body_lines``) reads them:

* several items on one line, separated by semicolons ("A-100 x 2; B-200 x 3", "Bestellung 4711: TP-1001 x 2;
  TP-1002 x 6"): one line each (the text before the first item, "Bestellung 4711:", a line of its own), only when
  every part reads as an item; otherwise the line is left whole (and shown when it is not read);
* an item written as a block of labelled lines ("Artikel: X" / "Menge: Y", "Item: X" / "Qty: Y", "Réf. : X" /
  "Quantité : Y", either order, with "Bezeichnung:", "Description :" or a price label between), also on one line
  ("Artikel: X / Menge: Y"): "Y x X" (with "@ price" when a price label is typed). A block with an item and no
  quantity (or a quantity and no item) is left as typed, so the reader shows it.
"""

from __future__ import annotations

import re

from extractors.locale_values import DocLocale
from extractors.mail.body_lines import _Shape, is_item_code, read_item_line

_ITEM_LABEL = (r"(?:article|artikel(?:-?nr\.?|nummer)?|art\.?\s*-?\s*nr\.?|item(?:\s*(?:no\.?|#|code|number))?"
               r"|product(?:\s*code)?|produkt|part\s*(?:no\.?|#|number)?|sku|code\s*article|r[ée]f(?:[ée]rence)?\.?"
               r"|ref\.?|material(?:nummer)?)")
_QTY_LABEL = r"(?:qty|quantity|qté|qte|quantité|quantite|menge|anzahl|stückzahl|stueckzahl|nombre)"
_PRICE_LABEL = (r"(?:unit\s*price|price|prix(?:\s*unitaire)?|p\.\s*u\.|pu|preis|einzelpreis|stückpreis"
                r"|stueckpreis)")
_DESC_LABEL = r"(?:description|désignation|designation|libellé|libelle|bezeichnung|beschreibung|name)"
_LEAD = r"^\s*(?:[-*•·▪–]\s*)?"
_ITEM = re.compile(rf"{_LEAD}{_ITEM_LABEL}\s*[:#=]\s*(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9])\s*(?P<rest>.*?)\s*$",
                   re.IGNORECASE)
_QTY = re.compile(rf"{_LEAD}{_QTY_LABEL}\.?\s*[:=]?\s*(?P<qty>\d[\d.,]*\s*(?:[^\W\d_][^\W\d_.]*\.?)?)\s*$", re.IGNORECASE)
_PRICE = re.compile(rf"{_LEAD}{_PRICE_LABEL}\.?\s*[:=]\s*(?P<price>\S.*?)\s*$", re.IGNORECASE)
_DESC = re.compile(rf"{_LEAD}{_DESC_LABEL}\s*[:=]\s*\S", re.IGNORECASE)
# "Artikel: TP-1004 / Menge: 50 m", "Item: TP-1005, Qty: 3", "Réf. : TP-1003 – Quantité : 6"
_ONE_LINE = re.compile(rf"{_LEAD}{_ITEM_LABEL}\s*[:#=]\s*(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9])"
                       rf"(?P<desc>[^:]*?)\s*[/,;|–-]\s*{_QTY_LABEL}\.?\s*[:=]\s*"
                       rf"(?P<qty>\d[\d.,]*\s*(?:[^\W\d_][^\W\d_.]*\.?)?)\s*$", re.IGNORECASE)


def item_shapes(lines: list[str], loc: DocLocale, shapes: tuple[_Shape, ...]) -> list[str]:
    """The body's lines with semicolon-separated items and labelled item blocks written one item a line."""
    return _blocks([part for line in lines for part in _semicolons(line, loc, shapes)])


def lone_items(lines: list[str]) -> list[str]:
    """Labelled item lines left without a quantity ("Artikel: TP-1006" with no "Menge:"): shown, never dropped."""
    return [line.strip() for line in lines
            if (m := _ITEM.match(line)) and is_item_code(m.group("code"), True) and not _QTY.match(line)]


def _semicolons(line: str, loc: DocLocale, shapes: tuple[_Shape, ...]) -> list[str]:
    if ";" not in line:
        return [line]
    parts = [p.strip() for p in line.split(";")]
    parts = [p for p in parts if p] if not parts[-1] else parts
    if len(parts) < 2 or any(not p for p in parts):
        return [line]
    head, first = _item_tail(parts[0], loc, shapes)
    if first is None:
        return [line]
    last = re.sub(r"[.!]+\s*$", "", parts[-1])
    rest = [*parts[1:-1], last]
    if any(read_item_line(p, loc, shapes) is None for p in rest):
        return [line]
    indent = line[:len(line) - len(line.lstrip())]
    return [*([indent + head] if head else []), *(indent + p for p in (first, *rest))]


def _item_tail(text: str, loc: DocLocale, shapes: tuple[_Shape, ...]) -> tuple[str, str | None]:
    """The shortest end of ``text`` (from a word on) that reads as an item, and the text before it."""
    if read_item_line(text, loc, shapes) is not None:
        return "", text
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", text)]
    for start in reversed(starts[1:]):
        tail = text[start:]
        if read_item_line(tail, loc, shapes) is not None:
            head = text[:start].rstrip()
            return head, tail
    return text, None


def _blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if one := _ONE_LINE.match(line):
            out.append(f"{one.group('qty').strip()} x {one.group('code')}")
            index += 1
            continue
        if not (_ITEM.match(line) or _QTY.match(line)):
            out.append(line)
            index += 1
            continue
        end = index
        item = qty = price = None
        while end < len(lines) and end - index < 6:
            text = lines[end]
            if (m := _ITEM.match(text)) and item is None:
                item = m
            elif (m := _QTY.match(text)) and qty is None:
                qty = m
            elif (m := _PRICE.match(text)) and price is None and (item or qty):
                price = m
            elif not (_DESC.match(text) and (item or qty)):
                break
            end += 1
        if item is None or qty is None or item.group("rest") and any(c.isdigit() for c in item.group("rest")):
            out.append(line)
            index += 1
            continue
        written = f"{qty.group('qty').strip()} x {item.group('code')}"
        out.append(f"{written} @ {price.group('price')}" if price else written)
        index = end
    return out
