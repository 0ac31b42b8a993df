"""The delivery address of a document's pages, and the address blocks no label names.

``read_ship_to`` reads the first delivery address label of the order's pages (page 1 first: a wide
sheet exported to PDF prints its right-hand columns, and the "Lieferanschrift" block there, on page
2). Without any such label it looks for address blocks (a name or street over a place line
"22525 Hamburg", or one line "Firma GmbH, Hauptstr. 4, 20457 Hamburg"): a block on a later page,
or two blocks and more on page 1, may hold the delivery address the reader cannot tell from the
others. The order is then held (``SHIP-TO-UNSURE``) rather than sent without a delivery address
while the document shows one.

One block alone on page 1 is the buyer's letterhead: the order ships to the customer's address.
A block that is ours (``[own_company]``: our name, or our street and postcode) is a letter's addressee,
never the delivery address: it is left out. Two blocks of two names, neither ours, when our company is
configured are the letterhead and another party, perhaps a delivery site: held (element
``ship_to.blocks``) unless the gateway finds the customer's own address on file in each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.capture.labels import split_glued
from extractors.own_company import OwnCompany
from extractors.capture.ship_to import ShipToRead, address_label, find_ship_to, inline_parts, is_street, place_of
from extractors.units import unit_code
from extractors.capture.words import PageWords, Phrase, Row, group_rows, typical_height

MAX_ABOVE = 3  # lines of a block above its place line
_SITE = re.compile(r"\b(?:lager|au(?:ß|ss)enlager|zentrallager|werk|baustelle|filiale|niederlassung|warenannahme|"
                   r"d[ée]p[oô]t|entrep[oô]t|chantier|magasin|agence|site|warehouse|depot|plant|store|branch|"
                   r"goods[- ]in)\b", re.I)
MAX_PHRASES = 3  # phrases of a row holding a block's line (more: a table row)
BLOCKS_ELEMENT = "ship_to.blocks"


@dataclass(frozen=True)
class AddressBlock:
    """An address block on a page: its lines, the last one its place line."""

    page: int
    lines: tuple[str, ...]
    heading: str = ""  # the line just over the block (within a line's gap), "" when none


def read_ship_to(pages: list[PageWords], own: OwnCompany = OwnCompany()) -> ShipToRead | None:
    """The delivery address of ``pages`` (an order's pages, page 1 first), a doubt when address
    blocks without a delivery label may hold it, or None (no label and no such block). On a later
    page only a label whose address reads cleanly counts ("Livraison à l'atelier du lundi au
    vendredi" closing a letter is no address)."""
    for n, page in enumerate(pages):
        found = find_ship_to(page)
        if found is not None and found.party is None and n + 1 < len(pages) and _label_ends_page(page):
            turned = find_ship_to(_with_next_page(page, pages[n + 1]))  # the label ends its page, the address opens the next
            found = turned if turned is not None and turned.party is not None and not _on_page(turned, page) else found
        if found is not None and (n == 0 or (found.party is not None and found.doubt is None)):
            return found
    blocks = [block for page in pages for block in address_blocks(page)
              if not _named_party(block) and not own.is_our_block(block.lines, scanned=True)]
    doubt = unlabelled_doubt(blocks, pages[0].page if pages else 1, own)
    under = [b for b in _distinct(blocks) if delivery_heading(b)]
    if under and not doubt:  # a block under a delivery heading the reader did not take: never no ship-to
        shown = "; ".join(" / ".join(b.lines) for b in under)
        heading = under[0].heading or under[0].lines[0]
        return ShipToRead(None, f"{UNDER_DELIVERY_HEADING} ({heading!r}) read as no delivery "
                                f"address label [{shown}]: it may be a delivery site other than the customer's address",
                          element=BLOCKS_ELEMENT)
    if doubt and doubt.startswith(_TWO_NAMES):
        return ShipToRead(None, doubt, element=BLOCKS_ELEMENT)
    return ShipToRead(None, doubt) if doubt else None


_TWO_NAMES = "two address blocks of two names"


def _label_ends_page(page: PageWords) -> bool:
    """The page's last line of text is a delivery address label ("Lieu de livraison :" before a page break)."""
    rows = group_rows(page)
    return bool(rows) and address_label(rows[-1].text) == "ship_to"


def _with_next_page(page: PageWords, nxt: PageWords) -> PageWords:
    """``page`` with the words of the next page set under its own, as if the page went on (its tables kept).
    The next page's running header and footer (a Word letterhead repeated on every page, "Seite 2") are left
    out: only what the page goes on with is read under the label (review R8)."""
    gap = max((w.y1 for w in page.words), default=0.0) + typical_height(page.words) * 1.2
    words = _not_repeated(page, nxt)
    top = min((w.y0 for w in words), default=0.0)
    moved = tuple(replace(w, y0=w.y0 - top + gap, y1=w.y1 - top + gap, page=page.page) for w in words)
    return replace(page, words=page.words + moved, height=gap + nxt.height)
def _not_repeated(page: PageWords, nxt: PageWords) -> tuple:
    """The words of ``nxt`` but its phrases that repeat one of ``page`` at about the same place, numbers aside
    (a running header or footer: "Hansa Bürobedarf GmbH", "Seite 1" / "Seite 2")."""
    unit = typical_height(page.words) or 10.0
    here = [(_no_digits(ph.text), ph.x0, ph.y0) for row in group_rows(page) for ph in row.phrases]
    out: list = []
    for row in group_rows(nxt):
        for ph in row.phrases:
            key = _no_digits(ph.text)
            if not any(key == k and abs(ph.x0 - x) <= 2 * unit and abs(ph.y0 - y) <= 3 * unit for k, x, y in here):
                out.extend(ph.words)
    return tuple(out)


def _no_digits(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def _on_page(found: ShipToRead, page: PageWords) -> bool:
    """The address read from the next page is one already printed on the label's page (its letterhead repeated
    at another place): not an address the label introduces."""
    party = found.party
    if party is None or not party.street or not party.postcode:
        return False
    def norm(t: str) -> str:
        return re.sub(r"\s+", " ", t).strip().casefold()
    text = norm(" ".join(w.text for w in page.words))
    return norm(party.street) in text and norm(party.postcode) in text and norm(party.city or "") in text


UNDER_DELIVERY_HEADING = "an address block under a heading about delivery"
_LATER_PAGE = "an address block on page"


def _named_party(block: AddressBlock) -> bool:
    """The block's first line, or the heading just over it, is another party's label ("Fournisseur :",
    "Lieferant: Hansa GmbH", "Bill to", a box titled "Vendor"): the block is that party's address, not a
    delivery site."""
    head = block.lines[0].split(":")[0].strip()
    over = block.heading.split(":")[0].strip()
    return any(bool(h) and address_label(h) == "party" for h in (head, over))


def scanned_blocks(pages: list[PageWords], own: OwnCompany = OwnCompany()) -> ShipToRead | None:
    """The doubt of a scan (a fax) on which no delivery label was read: its address blocks (a street
    over a postcode and town) may hold the delivery address whose label went unread or was too
    damaged to read. The typed pages' rule holds the order first (``unlabelled_doubt``: a block on a
    later page, three blocks, a site's block, two of two names when our company is configured);
    else the one block left (ours left out: a letter's addressee) is named for the gateway to
    compare with the customer's address on file (element ``ship_to.blocks``): the only address on
    a fax that is not the customer's is held, never sent on as no delivery address. Two blocks of
    two names without our company configured stay a letter's sender and addressee."""
    blocks = [block for page in pages for block in address_blocks(page)
              if not _named_party(block) and not own.is_our_block(block.lines, scanned=True)]
    doubt = unlabelled_doubt(blocks, pages[0].page if pages else 1, own)
    if doubt:
        # two names, or one block on a later page (the order's letterhead behind a cover sheet, findings-t23
        # F-4): the gateway compares the blocks shown with the customer's address on file
        shown = doubt.startswith(_TWO_NAMES) or doubt.startswith(_LATER_PAGE)
        return ShipToRead(None, doubt, element=BLOCKS_ELEMENT if shown else "ship_to")
    left = [b for b in _distinct(blocks) if not own.is_our_block(b.lines, scanned=True)]
    if len(left) != 1:
        return None
    return ShipToRead(None, f"an address block and no readable delivery address label [{' / '.join(left[0].lines)}]: "
                            f"it may be a delivery site other than the customer's address", element=BLOCKS_ELEMENT)


def unlabelled_doubt(blocks: list[AddressBlock], first: int, own: OwnCompany = OwnCompany()) -> str | None:
    """Why address blocks that no label names may hold the delivery address, or None: a block on a
    later page; three blocks and more; two blocks of one party (the letterhead and another site of
    the same name) or a block naming a site ("Lager", "Dépôt", "Warehouse"). Our own blocks (``own``)
    are left out first. Two blocks of two names are a letter's sender and addressee when our company
    is not configured; when it is, and neither is ours, the second may be a delivery site. One block
    is the letterhead."""
    blocks = _distinct(blocks)  # a letterhead repeated in the footer or on every page is one block
    ours = [b for b in blocks if own.is_our_block(b.lines)]
    blocks = [b for b in blocks if b not in ours]
    later = [b for b in blocks if b.page != first]
    if later:
        return (f"{_LATER_PAGE} {later[0].page} [{' / '.join(later[0].lines)}] and no delivery "
                f"address label: it may be the delivery address")
    shown = "; ".join(" / ".join(b.lines) for b in blocks)
    sites = [b for b in blocks if any(_SITE.search(line) for line in b.lines[:-1])]
    if len(blocks) >= 3 or (len(blocks) == 2 and (_same_party(*blocks) or sites)):
        return f"{len(blocks)} address blocks and no delivery address label ({shown}): which one is the delivery address is not stated"
    if len(blocks) == 2 and own:
        return (f"{_TWO_NAMES}, neither ours, and no delivery address label [{shown}]: one may be a delivery "
                f"site other than the customer's address")
    return None


def shown_blocks(message: str) -> list[str]:
    """The blocks a ``ship_to.blocks`` doubt shows (each its lines joined by " / "), for the gateway to
    compare with the customer's address on file."""
    inside = message.partition("[")[2].rpartition("]")[0]
    return [block for block in inside.split("; ") if block]


def _distinct(blocks: list[AddressBlock]) -> list[AddressBlock]:
    """The blocks, each address (its place line and the line above it) once, at its first place."""
    seen, out = set(), []
    for block in blocks:
        key = tuple(line.casefold().replace(" ", "") for line in block.lines[-2:])
        if key not in seen:
            seen.add(key)
            out.append(block)
    return out


def _same_party(a: AddressBlock, b: AddressBlock) -> bool:
    words = lambda block: block.lines[0].casefold().split()[:2]  # noqa: E731
    return words(a) == words(b)


def address_blocks(page: PageWords) -> list[AddressBlock]:
    """The address blocks of ``page``: a place line with a street line above it in the same column
    (a name line may top it), or one line of three comma-separated parts ending with a place."""
    rows = group_rows(PageWords(page.page, page.width, page.height, tuple(split_glued(page.words))))
    unit = max(typical_height(page.words), 1.0) if page.words else 1.0
    blocks: list[AddressBlock] = []
    for i, row in enumerate(rows):
        if len(row.phrases) > MAX_PHRASES:
            continue
        for phrase in row.phrases:
            parts = inline_parts(phrase.text)
            if len(parts) >= 3 and place_of(parts[-1]) and any(is_street(p) for p in parts[1:-1]):
                blocks.append(AddressBlock(page.page, tuple(parts)))
            elif len(parts) == 1 and _is_place(phrase.text):
                above = _above(rows, i, phrase, unit)
                if above and any(is_street(line) for line in above):
                    blocks.append(AddressBlock(page.page, (*above, phrase.text),
                                               _heading(rows, i - len(above), unit)))
    return blocks


def _heading(rows: list[Row], top: int, unit: float) -> str:
    """The row just over a block's top row ``top`` (a line's gap at most), its text, or ""."""
    if top <= 0 or rows[top].y0 - rows[top - 1].y1 > 1.5 * unit:
        return ""
    return " ".join(p.text for p in rows[top - 1].phrases)


# A delivery word in a heading over an address block ("Delivery Instructions & Address", "Lieferung",
# "Livraison"): the block may be the delivery address whose heading is no label the reader knows.
# (never the supplier's own box: "Lieferant", "Expéditeur", nor a date's or the terms' heading)
_DELIVERY_WORD = re.compile(r"\b(?:deliver(?:y|ies|ed)?|ship(?:ping|ment)?|consignee"
                            r"|(?:an)?liefer(?!ant|schein|bedingung|termin|zeit|datum|nummer)\w*|"
                            r"versand\w*|empfänger|livr(?!eur)\w*|exp[ée]di(?!teur)\w*|destinataire|afleveradres"
                            r"|leveradres)\b", re.I)


def delivery_heading(block: AddressBlock) -> bool:
    """A delivery word in the heading over ``block`` or in its first line (a heading the block took in)."""
    return any(_DELIVERY_WORD.search(text) for text in (block.heading, block.lines[0]) if text)


def _is_place(text: str) -> bool:
    """A place line whose city is a name ("22525 Hamburg"), not a quantity and its unit ("1000 Stück")."""
    place = place_of(text)
    return place is not None and place[1][:1].isupper() and unit_code(place[1].split()[0]) is None


def _above(rows: list[Row], i: int, phrase: Phrase, unit: float) -> list[str]:
    """The lines over ``phrase`` starting at its left edge, nearest last, up to a gap or a row that
    is no address line."""
    out: list[str] = []
    last = rows[i]
    for row in reversed(rows[:i]):
        if len(out) >= MAX_ABOVE or last.y0 - row.y1 > 1.5 * unit or len(row.phrases) > MAX_PHRASES:
            break
        same = [p for p in row.phrases if abs(p.x0 - phrase.x0) <= unit]
        if not same:
            break
        out.insert(0, same[0].text)
        last = row
    return out
