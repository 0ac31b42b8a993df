"""A two-tier table header: group titles over the sub-titles of their columns ("Quantity" over "ordered | unit",
"Prix HT" over "unitaire | total"), the titles without a group ("Item", "Description") standing on the first tier.
Each group title is a column's title itself, and the first tier names two columns at least.

Each sub-title is named by what it reads as alone ("unit", "total"), or with its group's first word before it
("Prix" + "unitaire"), or with its group before it; a sub-title that reads as nothing ("ordered" in German,
"bestellt") takes its group's title when no other sub-title of the group took it. The header's columns are then
those of one row of the resolved titles, each where its sub-title stands (``header_columns``).
"""

from __future__ import annotations

from extractors.capture.table_cells import Column, TableCtx
from extractors.capture.table_header import header_columns
from extractors.capture.words import Row, Word, typical_height

TIER_GAP = 2.0  # word heights between the group titles' line and their sub-titles' line at most
GROUP_SLACK = 0.5  # word heights a sub-title may start left of its group's title


def tiered_header(rows: list[Row], i: int, ctx: TableCtx) -> tuple[list[Column] | None, int]:
    """The columns of a two-tier header starting at row ``i`` and the index of its second tier, or (None, ``i``)."""
    if i + 1 >= len(rows):
        return None, i
    top, sub = rows[i], rows[i + 1]
    unit = typical_height(top.words)
    if sub.page != top.page or not 0 <= sub.y0 - top.y1 < TIER_GAP * unit or len(top.words) < 2 \
            or any(c.isdigit() for r in (top, sub) for w in r.words for c in w.text):
        return None, i
    titles = _titles(top, unit)
    groups: dict[int, list[list[Word]]] = {}
    for phrase in _titles(sub, unit):
        owner = max((k for k, t in enumerate(titles) if t[0].x0 - GROUP_SLACK * unit <= phrase[0].x0), default=None)
        if owner is None:
            return None, i
        groups.setdefault(owner, []).append(phrase)
    if not groups or all(len(p) < 2 for p in groups.values()):
        return None, i  # no group over two sub-titles: an ordinary header with a line under it
    if any(len(p) > 1 and _kind(" ".join(w.text for w in titles[k]), ctx) is None for k, p in groups.items()) \
            or sum(_kind(" ".join(w.text for w in t), ctx) is not None for t in titles) < 2:
        return None, i  # a group's title names no column ("Letzte Lieferungen (nur zur Information)" over a table)
    words: list[Word] = []
    for k, title in enumerate(titles):
        words += _resolved(title, groups[k], ctx) if k in groups else title
    columns = header_columns(Row(top.page, tuple(words)), ctx)
    return (columns, i + 1) if columns else (None, i)


def _titles(row: Row, unit: float) -> list[list[Word]]:
    """The row's words grouped into titles (words at a space's distance)."""
    out: list[list[Word]] = []
    for w in sorted(row.words, key=lambda w: w.x0):
        if out and 0 <= w.x0 - out[-1][-1].x1 < 0.6 * unit:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _resolved(group: list[Word], subs: list[list[Word]], ctx: TableCtx) -> list[Word]:
    """The sub-titles of ``group`` as the titles they name, each at its own place."""
    named = [_name(group, sub, ctx) for sub in subs]
    kinds = {kind for kind, _ in named if kind}
    out: list[Word] = []
    inherited = False
    for sub, (kind, text) in zip(subs, named):
        if kind is None and not inherited and (own := _kind(" ".join(w.text for w in group), ctx)) not in kinds | {None}:
            text, inherited = " ".join(w.text for w in group), True  # "Menge" over "bestellt": the quantity's column
        out += _placed(text or " ".join(w.text for w in sub), sub)
    return out


def _name(group: list[Word], sub: list[Word], ctx: TableCtx) -> tuple[str | None, str | None]:
    """(kind, title) of a sub-title read alone, after its group's first word, or after its group; (None, None)."""
    alone = " ".join(w.text for w in sub)
    for text in (alone, f"{group[0].text} {alone}", f"{' '.join(w.text for w in group)} {alone}"):
        kind = _kind(text, ctx)
        if kind is not None:
            return kind, text
    return None, None


def _kind(text: str, ctx: TableCtx) -> str | None:
    """The column kind ``text`` names as one whole title, or None."""
    words = [Word(t, float(k), 0.0, k + 0.9, 1.0, 1.0, 1) for k, t in enumerate(text.split())]
    hit = ctx.header.find(words, 0, False) if words else None
    return hit.kind if hit is not None and hit.end == len(words) else None


def _placed(text: str, sub: list[Word]) -> list[Word]:
    """``text``'s words laid over the sub-title's extent, so the column stands where the sub-title does."""
    tokens = text.split()
    x0, x1 = sub[0].x0, max(w.x1 for w in sub)
    step = (x1 - x0) / len(tokens)
    return [Word(t, x0 + k * step, sub[0].y0, x0 + (k + 1) * step - 0.1, sub[0].y1, sub[0].conf, sub[0].page)
            for k, t in enumerate(tokens)]
