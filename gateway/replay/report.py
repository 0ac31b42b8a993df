"""How a replay is shown: a terminal table, JSON for CI, an HTML page with the page images.

Only documents whose outcome or fields changed, or that a person corrected or rejected, are listed
one by one; the totals count everything. The HTML report puts each scanned or PDF document's pages
(rendered like the review API's, ``gateway.review.page_images``) beside the fields that differ.
"""

from __future__ import annotations

import base64
import html
import json
import sys
from typing import Any, TextIO

from gateway.context import Context
from gateway.review.page_images import page_png
from gateway.replay.compare import DocumentResult, OrderResult, Side

PAGED_FORMATS = ("ocr", "pdf_text", "pdf_ocr")
MAX_PAGES = 3


def progress_bar(stream: TextIO = sys.stderr, width: int = 30):
    """A progress callback drawing ``[#####.....] n/total`` on one line of a terminal; elsewhere (a CI
    log) a line at every tenth."""
    tty = stream.isatty()
    shown = -1

    def show(done: int, total: int) -> None:
        nonlocal shown
        filled = width * done // total if total else width
        bar = f"replay [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if tty:
            stream.write(f"\r{bar}" + ("\n" if done >= total else ""))
        elif (tenth := 10 * done // max(total, 1)) != shown:
            shown = tenth
            stream.write(bar + "\n")
        stream.flush()
    return show


def _side(side: Side | None) -> str:
    if side is None:
        return "-"
    shown = side.reasons and side.outcome != "delivered"
    return side.outcome + (f" ({', '.join(side.reasons)})" if shown else "")


def _diff(d: dict) -> str:
    return f"{d['field']}: {d['before']} -> {d['after']}"


def _order_lines(o: OrderResult) -> list[str]:
    out = [f"  order {o.order_id}: {_side(o.before)} -> {_side(o.after)}"]
    out += [f"    {_diff(d)}" for d in o.diffs]
    if o.person == "corrected":
        what = ", ".join(f"{c['field']}={c.get('to')}" for c in o.corrections)
        if o.verdict == "now_right":
            out.append(f"    corrected by a person ({what}): the new configuration now gets it right")
        else:
            out.append(f"    corrected by a person ({what}): still wrong: "
                       + "; ".join(f"{d['field']} is {d['after']}, corrected {d['before']}" for d in o.wrong))
    if o.person == "rejected":
        out.append("    rejected by a person")
    if o.risky:
        out.append("    !! would go out untouched")
    return out


def render_text(results: list[DocumentResult], totals: dict[str, Any]) -> str:
    listed = [r for r in results if r.listed]
    rows = [("DOCUMENT", "CHANNEL", "FORMAT", "CUSTOMER", "BEFORE", "AFTER")]
    rows += [(r.document_id, r.channel, r.format or "-", r.customer or "-", r.before.outcome, r.after.outcome)
             for r in listed]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [f"selection: {note}" for note in totals.get("selection", [])]
    if not listed and results:
        lines.append("no document's outcome or fields changed")
    for n, row in enumerate(rows if listed else []):
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if n:
            r = listed[n - 1]
            if r.not_replayed or (not r.orders and r.after.outcome != r.before.outcome):
                lines.append(f"  document: {', '.join(r.after.reasons)}")
            for o in ([] if r.not_replayed else r.orders):
                lines += _order_lines(o)
    return "\n".join([*lines, "", render_totals(totals)])


def render_totals(t: dict[str, Any]) -> str:
    lines = [f"{t['documents']} document(s) replayed, {t['documents_changed']} changed",
              f"touchless: {t['touchless_before']}/{t['orders_before']} orders before, "
              f"{t['touchless_after']}/{t['orders_after']} after",
              f"newly untouched: {len(t['newly_untouched'])}  newly held: {len(t['newly_held'])}  "
              f"fields changed: {len(t['fields_changed'])}",
              f"corrected by a person: {t['corrected']} (now right {len(t['corrected_now_right'])}, "
              f"still wrong {len(t['corrected_still_wrong'])})"]
    if unreplayed := t["could_not_replay"]:
        lines.append(f"could not replay: {len(unreplayed)} ({', '.join(unreplayed)}), not counted above")
    risky = t["untouched_but_corrected_or_rejected"]
    lines.append(f"would go out untouched although a person corrected or rejected it: {len(risky)}"
                 + (f" ({', '.join(risky)})" if risky else ""))
    return "\n".join(lines) + "\n"


def render_json(results: list[DocumentResult], totals: dict[str, Any]) -> str:
    return json.dumps({"totals": totals, "documents": [r.as_dict() for r in results]},
                      indent=2, ensure_ascii=False, default=str)


# --- HTML ----------------------------------------------------------------------------------------

STYLE = """body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}.doc{display:flex;gap:2em;
margin:1.5em 0;border-top:2px solid #888;padding-top:1em}.pages img{max-width:520px;display:block;
margin-bottom:8px;border:1px solid #aaa}.key{color:#c0c}.risky{color:#b00;font-weight:bold}.right{color:#070}"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _order_html(o: OrderResult) -> str:
    rows = "".join(f"<tr><td>{_e(d['field'])}</td><td>{_e(d['before'])}</td><td>{_e(d['after'])}</td></tr>"
                   for d in o.diffs)
    out = [f"<h3>order {_e(o.order_id)}: {_e(_side(o.before))} &rarr; {_e(_side(o.after))}</h3>"]
    if rows:
        out.append(f"<table><tr><th>field</th><th>recorded</th><th>replayed</th></tr>{rows}</table>")
    if o.person == "corrected":
        cls, what = ("right", "now gets it right") if o.verdict == "now_right" else ("risky", "still wrong")
        wrong = "".join(f"<li>{_e(d['field'])}: {_e(d['after'])} (corrected: {_e(d['before'])})</li>"
                        for d in o.wrong)
        out.append(f"<p class={cls}>corrected by a person: {what}</p><ul>{wrong}</ul>")
    if o.person == "rejected":
        out.append("<p>rejected by a person</p>")
    if o.risky:
        out.append("<p class=risky>would go out untouched</p>")
    return "".join(out)


async def _pages_html(ctx: Context, r: DocumentResult) -> str:
    if r.format not in PAGED_FORMATS or not r.orders:
        return ""
    doc = await ctx.journal.get_document(r.document_id)
    order = await ctx.journal.get_order(r.orders[0].order_id)
    if doc is None:
        return ""
    data = ctx.archive.get(doc.sha256)
    differing = frozenset(d["field"] for o in r.orders for d in (*o.diffs, *o.wrong))
    images = []
    for page in range(1, min(r.pages or 1, MAX_PAGES) + 1):
        try:
            png = await page_png(ctx, data, page, order, differing)
        except Exception:  # a page that cannot be rendered is left out of the report
            continue
        images.append(f"<img alt='page {page}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>")
    return f"<div class=pages>{''.join(images)}</div>"


async def render_html(ctx: Context, results: list[DocumentResult], totals: dict[str, Any]) -> str:
    parts = [f"<!doctype html><meta charset=utf-8><title>Replay report</title><style>{STYLE}</style>",
             "<h1>Replay report</h1><pre>", _e(render_totals(totals)), "</pre>"]
    for r in (r for r in results if r.listed):
        if r.not_replayed:
            parts.append(f"<div class=doc><div><h2>{_e(r.document_id)}</h2><p class=risky>could not replay: "
                         f"{_e(', '.join(r.after.reasons))}</p></div></div>")
            continue
        head = (f"<h2>{_e(r.document_id)}</h2><p>{_e(r.channel)}, {_e(r.format)}, {_e(r.filename)}, "
                f"customer {_e(r.customer)}, received {_e(r.received_at)}<br>document: "
                f"{_e(_side(r.before))} &rarr; {_e(_side(r.after))}</p>")
        orders = "".join(_order_html(o) for o in r.orders)
        parts.append(f"<div class=doc><div>{head}{orders}</div>{await _pages_html(ctx, r)}</div>")
    parts.insert(4, "<p>Page images: the differing fields boxed <span class=key>magenta</span>, fields read "
                    "with low confidence red, the others green.</p>")
    return "".join(parts)
