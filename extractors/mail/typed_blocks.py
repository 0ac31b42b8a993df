"""Item lines typed in other shapes than one item a line, rewritten as one item a line before the grammar
(``body_lines``) reads them:

* several items on one line, separated by semicolons ("A-100 x 2; B-200 x 3", "Bestellung 4711: TP-1001 x 2;
  TP-1002 x 6"): one line each (the text before the first item, "Bestellung 4711:", a line of its own), only when
  every part reads as an item; otherwise the line is left whole (and shown when it is not read);
* an item written as a block of labelled lines ("Artikel: X" / "Menge: Y", "Item: X" / "Qty: Y", "Réf. : X" /
  "Quantité : Y", either order, with "Bezeichnung:", "Description :" or a price label between), also on one line
  ("Artikel: X / Menge: Y", "Item: X   Qty: 24   Unit: EA   Price: 18.00"): "Y x X" (with the unit label's unit, and
  "@ price" when a price label is typed). A block with an item and no
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
_UNIT_LABEL = r"(?:uom|u\.o\.m\.?|unit(?:\s*of\s*measure)?|unité|unite|einheit|mengeneinheit|me|conditionnement)"
_ITEM = re.compile(rf"{_LEAD}{_ITEM_LABEL}\s*[:#=]\s*(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9])\s*(?P<rest>.*?)\s*$",
                   re.IGNORECASE)
_QTY = re.compile(rf"{_LEAD}{_QTY_LABEL}\.?\s*[:=]?\s*(?P<qty>\d[\d.,]*\s*(?:[^\W\d_][^\W\d_.]*\.?)?)\s*$", re.IGNORECASE)
# Every label a key-value item is typed with, one kind each (a price label before the unit's: "Unit price:")
_KINDS = (("item", _ITEM_LABEL), ("qty", _QTY_LABEL), ("price", _PRICE_LABEL), ("unit", _UNIT_LABEL), ("desc", _DESC_LABEL))
_ANY_LABEL = re.compile(r"(?:^|(?<=[\s|/;,–-]))(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _KINDS) + r")\s*\.?\s*[:=#]",
                        re.IGNORECASE)
_COUNT = re.compile(r"^\d[\d.,]*\s*(?:[^\W\d_][^\W\d_.]*\.?)?$")


def _pairs(line: str) -> dict[str, str] | None:
    """The labelled values typed on ``line`` ("Item: X   Qty: 24   Unit: EA   Price: 18.00", "Menge: 5"), by kind;
    None when the line does not open with a label, or names one kind twice."""
    text = re.sub(_LEAD, "", line).rstrip()
    found = list(_ANY_LABEL.finditer(text))
    if not found or found[0].start() != 0:
        return None
    out: dict[str, str] = {}
    for match, after in zip(found, [*found[1:], None]):
        kind = match.lastgroup or ""
        value = text[match.end():after.start() if after else len(text)].strip(" \t|/;,–-")
        if kind in out or not value:
            return None
        out[kind] = value
    return out


def _written(pairs: dict[str, str]) -> str | None:
    """One item line ("24 EA x X @ 18.00") from an item's labelled values; None without a code and a count."""
    item, qty = pairs.get("item", "").split(), pairs.get("qty", "").strip()
    if not item or not _COUNT.match(qty) or any(c.isdigit() for c in " ".join(item[1:])):
        return None
    unit = pairs.get("unit", "").strip()
    if unit and (len(unit.split()) > 1 or any(c.isdigit() for c in unit)):
        return None  # "Unit: box of 10": what a pack holds, a person reads it
    written = f"{qty} {unit} x {item[0]}" if unit and not re.search(r"[^\W\d_]", qty) else f"{qty} x {item[0]}"
    return f"{written} @ {pairs['price'].strip()}" if pairs.get("price") else written


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
        first = _pairs(lines[index])
        if first is None or not {"item", "qty"} & set(first):
            out.append(lines[index])
            index += 1
            continue
        pairs, end = dict(first), index + 1
        while end < len(lines) and end - index < 6 and not {"item", "qty"} <= set(pairs):
            more = _pairs(lines[end])
            if more is None or set(more) & set(pairs):
                break
            pairs.update(more)
            end += 1
        while end < len(lines) and (more := _pairs(lines[end])) is not None and not set(more) & ({"item", "qty"} | set(pairs)):
            pairs.update(more)  # "Unit: EA", "Price: 18.00" under the item and its count
            end += 1
        written = _written(pairs)
        if written is None:
            out.append(lines[index])
            index += 1
            continue
        out.append(written)
        index = end
    return out
