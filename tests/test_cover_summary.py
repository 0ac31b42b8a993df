"""One order, one review item (issue 18, office part): an e-mail body summing up the order it says is attached
("ci-joint notre commande CF-X pour 4 ramettes ...") is held ORDER-IN-ATTACHMENT only until a file of the same
e-mail gives that order; then it is set aside as its duplicate, in the running server and in ``gateway extract``."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from decimal import Decimal
from email.message import EmailMessage

import openpyxl

from gateway.model import Customer, Issue, NormalizedOrder, OrderLine, OrderStatus, Sla, Source
from gateway.stages.cover_summary import is_summary, resettle_summaries, settle_summaries
from gateway.store.journal import Event
from testkit.harness import wait_until

SENDER = "commandes@dupont-fournitures.example"


def _mail(po: str, body: str, note: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for row in (["Commande n°", po], ["Date", "07/12/2026"], ["Livraison", "21/12/2099"], [],
                ["Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT"], ["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0],
                ["DF-STYLO-B", "Stylo bleu", 10, 3.9, 39.0], [None, None, None, "Total HT", 137.0]):
        ws.append(row)
    if note:
        ws.append([])
        ws.append([note])
    out = io.BytesIO()
    book.save(out)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, "orders@supplier.example", f"Commande {po}"
    msg["Date"] = "Mon, 07 Dec 2026 09:00:00 +0100"
    msg.set_content(body)
    msg.add_attachment(out.getvalue(), maintype="application", filename=f"{po}.xlsx",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return msg.as_bytes()


async def test_a_body_summing_up_the_attached_order_is_no_second_review_item(gateway):
    body = ("Bonjour,\n\nci-joint notre commande CF-55201 : 4 x DF-PAP-A4 et 10 x DF-STYLO-B.\n\n"
            "Cordialement,\nService achats")
    await gateway.ctx.intake.accept(_mail("CF-55201", body, "Si le papier est en rupture, merci de l'annuler."), "smtp")

    async def settled():
        now = await gateway.ctx.journal.orders_with_po("C1002", "CF-55201", datetime(2000, 1, 1, tzinfo=timezone.utc))
        waiting = [o for o in now if o.status in (OrderStatus.REVIEW, OrderStatus.HELD)]
        return now if len(waiting) == 1 and any(o.status == OrderStatus.DUPLICATE for o in now) else None

    orders = await wait_until(settled, timeout=30)
    (waiting,) = [o for o in orders if o.status in (OrderStatus.REVIEW, OrderStatus.HELD)]
    assert len(waiting.lines) == 2 and "CANCEL-TYPED" in [i.code for i in waiting.issues]
    (summary,) = [o for o in orders if o.status == OrderStatus.DUPLICATE]
    assert summary.original_order_id == waiting.order_id
    assert any(i.code == "ORDER-IN-ATTACHMENT" for i in summary.issues)


def _order(oid: str, doc: str, parent: str | None, po: str | None, summary: bool) -> NormalizedOrder:
    return NormalizedOrder(
        order_id=oid, customer=Customer(id="C1002"), po_number=po,
        status=OrderStatus.REVIEW,
        issues=[Issue(code="ORDER-IN-ATTACHMENT", severity="error", message="attached")] if summary else [],
        source=Source(document_id=doc, channel="smtp", format="sheet", sha256="0" * 64,
                      received_at=datetime(2026, 12, 7, tzinfo=timezone.utc), parent_document_id=parent),
        sla=Sla(received_at=datetime(2026, 12, 7, tzinfo=timezone.utc)))


def test_a_summary_is_set_aside_only_for_an_order_of_the_same_e_mail_and_po() -> None:
    body, sheet = _order("o1", "d1", "mail", "CF-1", True), _order("o2", "d2", "mail", "cf 1", False)
    assert [o.status for o in settle_summaries([body, sheet])] == [OrderStatus.DUPLICATE, OrderStatus.REVIEW]
    other_po = _order("o3", "d2", "mail", "CF-2", False)
    other_mail = _order("o4", "d3", "mail2", "CF-1", False)
    assert [o.status for o in settle_summaries([body, other_po, other_mail])][0] == OrderStatus.REVIEW
    prose = body.model_copy(update={"issues": [*body.issues, Issue(
        code="LINE-UNREAD", severity="error", message="'pour 4 ramettes de papier et 10 stylos' unread")]})
    assert settle_summaries([prose, sheet])[0].status == OrderStatus.REVIEW  # what it says is not known
    no_po = _order("o5", "d1", "mail", None, True)
    assert settle_summaries([no_po, sheet])[0].status == OrderStatus.REVIEW


def _line(no: int, code: str, qty: str, uom: str = "C62") -> OrderLine:
    return OrderLine(line_no=no, customer_item=code, quantity=Decimal(qty), uom=uom)


def test_a_summary_whose_lines_differ_from_the_file_stays_a_review_item_naming_them() -> None:
    sheet = _order("o2", "d2", "mail", "CF-1", False).model_copy(
        update={"lines": [_line(1, "AB-100", "4", "BX"), _line(2, "AB-200", "10")]})
    body = _order("o1", "d1", "mail", "CF-1", True)
    same = body.model_copy(update={"lines": [_line(1, "ab 100", "4", "BX")]})
    assert settle_summaries([same, sheet])[0].status == OrderStatus.DUPLICATE
    more = body.model_copy(update={"lines": [_line(1, "AB-100", "9", "BX")]})
    kept = settle_summaries([more, sheet])[0]
    assert kept.status == OrderStatus.REVIEW and "the file says 4 BX" in kept.issues[0].message
    extra = body.model_copy(update={"lines": [_line(1, "AB-300", "2")]})
    assert "not in the file" in settle_summaries([extra, sheet])[0].issues[0].message
    unread = body.model_copy(update={"issues": [*body.issues, Issue(code="LINE-UNREAD", severity="error",
                                                                      message="'über 9 Kartons' unread")]})
    assert settle_summaries([unread, sheet])[0].status == OrderStatus.REVIEW
    later = body.model_copy(update={"requested_delivery_date": date(2026, 12, 14)})
    assert settle_summaries([later, sheet])[0].status == OrderStatus.REVIEW


def test_a_summary_is_never_set_aside_against_a_rejected_or_dead_lettered_order() -> None:
    body = _order("o1", "d1", "mail", "CF-1", True)
    for status in (OrderStatus.REJECTED, OrderStatus.DEAD_LETTER, OrderStatus.DUPLICATE):
        sheet = _order("o2", "d2", "mail", "CF-1", False).model_copy(update={"status": status})
        assert settle_summaries([body, sheet])[0].status == OrderStatus.REVIEW


async def test_a_body_with_other_quantities_than_the_attached_file_stays_in_review(gateway):
    body = "Bonjour,\n\nci-joint notre commande CF-55207 : 7 x DF-PAP-A4 / 10 x DF-STYLO-B.\n\nCordialement"
    await gateway.ctx.intake.accept(_mail("CF-55207", body), "smtp")

    async def both():
        now = await gateway.ctx.journal.orders_with_po("C1002", "CF-55207", datetime(2000, 1, 1, tzinfo=timezone.utc))
        return now if len(now) == 2 and all(o.status != OrderStatus.DUPLICATE for o in now) \
            and any(is_summary(o) and "differs from order" in " ".join(i.message for i in o.issues) for o in now) \
            else None

    orders = await wait_until(both, timeout=30)
    (summary,) = [o for o in orders if is_summary(o)]
    assert "7 x DF-PAP-A4" in next(i.message for i in summary.issues if i.code == "ORDER-IN-ATTACHMENT")


async def test_a_summary_left_open_by_a_stop_after_the_attachment_s_commit_is_settled_at_start_up(gateway):
    body = "Bonjour,\n\nci-joint notre commande CF-55209 : 4 x DF-PAP-A4 et 10 x DF-STYLO-B.\n\nCordialement"
    await gateway.ctx.intake.accept(_mail("CF-55209", body), "smtp")
    since = datetime(2000, 1, 1, tzinfo=timezone.utc)

    async def set_aside():
        now = await gateway.ctx.journal.orders_with_po("C1002", "CF-55209", since)
        return now if any(o.status == OrderStatus.DUPLICATE for o in now) else None

    (summary,) = [o for o in await wait_until(set_aside, timeout=30) if o.status == OrderStatus.DUPLICATE]
    reopened = summary.model_copy(update={"status": OrderStatus.REVIEW, "original_order_id": None,
                                          "issues": [i for i in summary.issues if i.code != "DUPLICATE-ORDER"]})
    await gateway.ctx.journal.update_order(reopened, Event(stage="test", outcome="review", order_id=summary.order_id),
                                           expected_status="duplicate")  # as if the set-aside never ran
    assert await resettle_summaries(gateway.ctx) >= 1
    assert await resettle_summaries(gateway.ctx) == 0  # settled once
    (again,) = [o for o in await gateway.ctx.journal.orders_with_po("C1002", "CF-55209", since)
                if o.order_id == summary.order_id]
    assert again.status == OrderStatus.DUPLICATE
    assert [i.code for i in again.issues].count("DUPLICATE-ORDER") == 1
