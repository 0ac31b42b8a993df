"""Replies to the customer asking for what an order is missing, sent through the configured SMTP relay.

``reply_draft`` composes the message from the order's hold reasons in the customer's language (fr, de
or en, from the master data); ``send_reply`` sends what the clerk wrote, threaded on the e-mail the
order came in (``In-Reply-To``/``References`` from its Message-ID, a "Re:" subject), and records it in
the order's history with user and time (event ``review``/``replied``) and a structured log line.

An order that did not come by e-mail is refused (``REPLY-NOT-EMAIL``) with where it came from, so the
clerk knows to call or fax. A reply is sent once per ``reply_id``: the event ``reply_sending`` is
written under the decision lock before the relay is asked, so a double click or a retried request
never sends twice (its Message-ID is made from the reply id, so a resend after a crash is the same
message to the recipient).
"""

from __future__ import annotations

import asyncio
import re
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import structlog

from gateway.context import Context
from gateway.store.journal import DocumentRecord, Event
from gateway.model import Issue, NormalizedOrder
from gateway.review.order_states import ReviewError
from gateway.review.review import BLANK, not_claimed_by_another

log = structlog.get_logger(__name__)

LANGUAGES = ("fr", "de", "en")
EMAIL_CHANNELS = ("smtp", "imap", "email")
SUBJECT_MAX, BODY_MAX = 250, 20000
REPLY_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
REPLY_PREFIX = re.compile(r"^\s*((re|aw|sv|tr|fw|fwd|wg)\s*(\[\d+\])?\s*:\s*)+", re.I)
LINE_FIELD = re.compile(r"^lines\[(\d+)\]")

TEXT = {
    "fr": {"hello": "Bonjour,", "thanks": "Merci pour votre commande {po}.",
           "missing": "Pour la traiter, il nous manque les informations suivantes :",
           "nothing": "Pourriez-vous nous confirmer le détail de votre commande ?",
           "ask": "Pourriez-vous nous les envoyer en réponse à ce message ?", "bye": "Cordialement,",
           "line": "ligne {n}", "no_po": "sans numéro"},
    "de": {"hello": "Guten Tag,", "thanks": "vielen Dank für Ihre Bestellung {po}.",
           "missing": "Um sie zu bearbeiten, fehlen uns folgende Angaben:",
           "nothing": "Könnten Sie uns die Einzelheiten Ihrer Bestellung bestätigen?",
           "ask": "Bitte senden Sie uns diese als Antwort auf diese Nachricht.", "bye": "Mit freundlichen Grüßen",
           "line": "Position {n}", "no_po": "ohne Nummer"},
    "en": {"hello": "Hello,", "thanks": "Thank you for your order {po}.",
           "missing": "To process it, we need the following:",
           "nothing": "Could you please confirm the details of your order?",
           "ask": "Could you send them in reply to this message?", "bye": "Kind regards,",
           "line": "line {n}", "no_po": "without number"},
}
# What to ask the customer per hold reason; reasons that are ours to settle (credit, anomalies,
# duplicates, urgency) are never mentioned to the customer.
ASK = {
    "ITEM-UNKNOWN": {"fr": "{where} : nous ne reconnaissons pas l'article {item} ; merci d'indiquer notre référence ou le code EAN",
                     "de": "{where}: Artikel {item} ist uns unbekannt; bitte nennen Sie unsere Artikelnummer oder die EAN",
                     "en": "{where}: we do not recognise item {item}; please give our item number or the EAN"},
    "ITEM-NOT-ORDERABLE": {"fr": "{where} : l'article {item} n'est plus disponible ; merci d'indiquer un article de remplacement",
                           "de": "{where}: Artikel {item} ist nicht mehr lieferbar; bitte nennen Sie einen Ersatzartikel",
                           "en": "{where}: item {item} can no longer be ordered; please choose a replacement"},
    "QTY-INVALID": {"fr": "{where} : la quantité commandée", "de": "{where}: die bestellte Menge",
                    "en": "{where}: the quantity ordered"},
    "UOM-UNKNOWN": {"fr": "{where} : l'unité de commande (pièce, carton...)", "de": "{where}: die Bestelleinheit (Stück, Karton...)",
                    "en": "{where}: the unit ordered (piece, carton...)"},
    "PRICE-MISMATCH": {"fr": "{where} : le prix unitaire, qui diffère de notre tarif", "de": "{where}: den Stückpreis, der von unserer Preisliste abweicht",
                       "en": "{where}: the unit price, which differs from our price list"},
    "PRICE-MISSING": {"fr": "{where} : le prix unitaire convenu", "de": "{where}: den vereinbarten Stückpreis",
                      "en": "{where}: the agreed unit price"},
    "SHIP-TO-UNSURE": {"fr": "l'adresse de livraison complète (rue, code postal, ville)",
                       "de": "die vollständige Lieferadresse (Straße, Postleitzahl, Ort)",
                       "en": "the full delivery address (street, postcode, city)"},
    "PO-MISSING": {"fr": "votre numéro de commande", "de": "Ihre Bestellnummer", "en": "your purchase order number"},
    "CUSTOMER-UNKNOWN": {"fr": "votre numéro client ou le nom de votre société", "de": "Ihre Kundennummer oder Ihren Firmennamen",
                         "en": "your customer number or company name"},
    "DELIVERY-DATE-MISSING": {"fr": "la date de livraison souhaitée", "de": "den gewünschten Liefertermin",
                              "en": "the delivery date you need"},
    "DATE-PAST": {"fr": "une date de livraison à venir (celle indiquée est passée)", "de": "einen künftigen Liefertermin (der angegebene ist vorbei)",
                  "en": "a delivery date in the future (the one given has passed)"},
    "LINES-MISSING": {"fr": "les lignes de la commande (articles et quantités), que nous n'avons pas pu lire",
                      "de": "die Bestellpositionen (Artikel und Mengen), die wir nicht lesen konnten",
                      "en": "the order lines (items and quantities), which we could not read"},
    "LINE-UNREAD": {"fr": "{where} : la ligne est illisible ; merci de nous la renvoyer", "de": "{where}: die Position ist unleserlich; bitte senden Sie sie erneut",
                    "en": "{where}: the line cannot be read; please send it again"},
    "DATE-UNPLACED": {"fr": "la date de commande et la date de livraison souhaitée (une autre date figure dans votre message)",
                      "de": "das Bestelldatum und den gewünschten Liefertermin (Ihre Nachricht nennt ein weiteres Datum)",
                      "en": "the order date and the delivery date you need (your message gives another date)"},
    "DATE-AMBIGUOUS": {"fr": "{where} : s'agit-il du jour/mois ou du mois/jour ?", "de": "{where}: Tag/Monat oder Monat/Tag?",
                       "en": "{where}: is it day/month or month/day?"},
    "DATE-WEEKDAY-MISMATCH": {"fr": "la date de livraison souhaitée (le jour de la semaine indiqué ne correspond pas à la date)",
                              "de": "den gewünschten Liefertermin (der genannte Wochentag passt nicht zum Datum)",
                              "en": "the delivery date you need (the weekday given does not match the date)"},
    "DATE-REMARK-CONFLICT": {"fr": "la date de livraison souhaitée (votre remarque exclut ce jour)",
                             "de": "den gewünschten Liefertermin (Ihr Hinweis schließt diesen Tag aus)",
                             "en": "the delivery date you need (your remark rules that day out)"},
    "CHECK-TOTAL": {"fr": "le montant total, qui ne correspond pas aux lignes", "de": "den Gesamtbetrag, der nicht zu den Positionen passt",
                    "en": "the order total, which does not match the lines"},
    "FIELD-MISSING": {"fr": "{where}", "de": "{where}", "en": "{where}"},
}
for _same, _as in (("ITEM-NOT-FOR-CUSTOMER", "ITEM-NOT-ORDERABLE"), ("UOM-NO-CONVERSION", "UOM-UNKNOWN"),
                   ("UOM-NOT-PRODUCT-UNIT", "UOM-UNKNOWN"), ("UNIT-UNKNOWN", "UOM-UNKNOWN"),
                   ("PRICE-ABSENT", "PRICE-MISSING"), ("PRICE-NEGATIVE", "PRICE-MISSING"), ("PRICE-UNREAD", "PRICE-MISSING"),
                   ("TOTAL-MISMATCH", "CHECK-TOTAL"), ("LAYOUT-ROW-UNREAD", "LINE-UNREAD"),
                   ("DELIVERY-DATE-DEFAULT", "DELIVERY-DATE-MISSING")):
    ASK[_same] = ASK[_as]
FIELD_NAMES = {"fr": {"po_number": "numéro de commande", "requested_delivery_date": "date de livraison",
                      "ship_to": "adresse de livraison", "bill_to": "adresse de facturation", "currency": "devise",
                      "order_date": "date de commande"},
               "de": {"po_number": "Bestellnummer", "requested_delivery_date": "Liefertermin",
                      "ship_to": "Lieferadresse", "bill_to": "Rechnungsadresse", "currency": "Währung",
                      "order_date": "Bestelldatum"},
               "en": {"po_number": "order number", "requested_delivery_date": "delivery date",
                      "ship_to": "delivery address", "bill_to": "invoice address", "currency": "currency",
                      "order_date": "order date"}}


def customer_language(ctx: Context, order: NormalizedOrder) -> str:
    """fr, de or en: the customer's language in the master data, else from its country, else en."""
    rec = ctx.master_data.current().customers.get(order.customer.id or "")
    lang = (rec.language if rec else "").lower()[:2]
    if lang in LANGUAGES:
        return lang
    country = (rec.country if rec else "").upper()
    return "fr" if country in ("FR", "LU", "MC") else "de" if country in ("DE", "AT", "CH", "LI") else "en"


def _where(order: NormalizedOrder, issue: Issue, lang: str) -> tuple[str, str]:
    """(where the issue is, the item as the customer wrote it) in the customer's words."""
    match = LINE_FIELD.match(issue.field or "")
    if match:
        no = int(match.group(1))
        line = next((l for l in order.lines if l.line_no == no), None)
        item = (line.customer_item or line.gtin or line.supplier_item or line.description or "") if line else ""
        return TEXT[lang]["line"].format(n=no), f"« {item} »" if lang == "fr" and item else f'"{item}"' if item else ""
    field = (issue.field or "").split(".")[0]
    return FIELD_NAMES[lang].get(field, issue.field or ""), ""


def questions(order: NormalizedOrder, lang: str) -> list[str]:
    """What to ask the customer, one sentence per hold reason that is theirs to answer (no repeats)."""
    out: list[str] = []
    for issue in order.issues:
        template = ASK.get(issue.code, {}).get(lang)
        if issue.severity != "error" or not template:
            continue
        where, item = _where(order, issue, lang)
        text = template.format(where=where, item=item).replace("  ", " ").replace(" ;", " ;").strip()
        if text and text not in out:
            out.append(text[0].upper() + text[1:])
    return out


def compose_body(order: NormalizedOrder, lang: str, user: str) -> str:
    text = TEXT[lang]
    asked = questions(order, lang)
    parts = [text["hello"], "", text["thanks"].format(po=order.po_number or text["no_po"])]
    if asked:
        parts += [text["missing"], "", *(f"- {q}" for q in asked), "", text["ask"]]
    else:
        parts += [text["nothing"]]
    return "\n".join([*parts, "", text["bye"], user])


def reply_subject(original: str | None, order: NormalizedOrder) -> str:
    subject = REPLY_PREFIX.sub("", original or "").strip() or (order.po_number or order.order_id)
    return f"Re: {subject}"[:SUBJECT_MAX]


async def _mail_origin(ctx: Context, order: NormalizedOrder) -> tuple[DocumentRecord | None, dict[str, Any]]:
    """The e-mail document the order came in (walking up from attachment to message) and what a reply
    needs of it: ``to``, ``subject``, ``message_id``. Empty when the order did not come by e-mail."""
    doc = await ctx.journal.get_document(order.source.document_id)
    first = doc
    while doc is not None:
        meta = doc.metadata or {}
        if doc.channel in EMAIL_CHANNELS and (meta.get("message_id") or doc.parent_id is None):
            to = meta.get("original_sender") or doc.sender or (first.sender if first else None)
            return first, {"to": to, "subject": meta.get("subject"), "message_id": meta.get("message_id")}
        doc = await ctx.journal.get_document(doc.parent_id) if doc.parent_id else None
    return first, {}


def _not_email(order: NormalizedOrder, doc: DocumentRecord | None) -> ReviewError:
    sender = (doc.sender if doc else None) or order.source.sender
    source = f"by {order.source.channel}" + (f" from {sender}" if sender else "")
    return ReviewError(f"order {order.order_id} came {source}, not by e-mail: there is no message to reply to; "
                       f"contact the customer {'at ' + sender if sender else 'directly'} (nothing was sent)",
                       code="REPLY-NOT-EMAIL", status=409)


async def _order(ctx: Context, order_id: str) -> NormalizedOrder:
    order = await ctx.journal.get_order(order_id)
    if order is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    return order


async def reply_draft(ctx: Context, order_id: str, user: str, language: str | None = None) -> dict[str, Any]:
    """The reply a clerk starts from: recipient, threaded subject, body asking for what is missing.
    ``can_send`` is false with ``refusal`` (code, message) when it cannot go. Raises ReviewError (404, 400)."""
    order = await _order(ctx, order_id)
    if language is not None and language not in LANGUAGES:
        raise ReviewError(f"language must be one of {', '.join(LANGUAGES)}", code="BAD-REPLY", status=400)
    lang = language or customer_language(ctx, order)
    doc, origin = await _mail_origin(ctx, order)
    refusal = None
    if not origin.get("to"):
        refusal = _not_email(order, doc)
    elif ctx.config.smtp.relay is None:
        refusal = ReviewError("no [smtp.relay] is configured for outgoing mail", code="REPLY-NO-RELAY", status=409)
    return {"order_id": order.order_id, "channel": order.source.channel, "language": lang,
            "to": origin.get("to"), "in_reply_to": origin.get("message_id"),
            "subject": reply_subject(origin.get("subject"), order), "body": compose_body(order, lang, user),
            "questions": questions(order, lang), "can_send": refusal is None, "reply_id": str(uuid.uuid4()),
            "refusal": None if refusal is None else {"code": refusal.code, "message": refusal.message,
                                                      "sender": (doc.sender if doc else None) or order.source.sender},
            "sent": await sent_replies(ctx, order)}


async def sent_replies(ctx: Context, order: NormalizedOrder) -> list[dict[str, Any]]:
    return [{"user": e.data.get("user"), "at": e.at.isoformat(), "to": e.data.get("to"),
             "subject": e.data.get("subject"), "message_id": e.data.get("message_id")}
            for e in await ctx.journal.history(order.source.document_id)
            if e.order_id == order.order_id and e.stage == "review" and e.outcome == "replied"]


def _checked(body: dict[str, Any]) -> tuple[str, str, str, str | None]:
    """(subject, text, reply id, language) of a POST body. Raises ReviewError (400)."""
    subject, text = body.get("subject"), body.get("body")
    if not _text(subject, SUBJECT_MAX) or "\r" in subject or "\n" in subject:
        raise ReviewError(f"subject: one line of 1 to {SUBJECT_MAX} characters", code="BAD-REPLY", status=400)
    if not _text(text, BODY_MAX):
        raise ReviewError(f"body: 1 to {BODY_MAX} characters, not only blanks", code="BAD-REPLY", status=400)
    reply_id = body.get("reply_id")
    if not isinstance(reply_id, str) or not REPLY_ID.fullmatch(reply_id):  # required: a retry never sends twice
        raise ReviewError("reply_id: 8 to 64 letters, digits or dashes, one per composed reply (the draft's "
                          "reply_id): required so that a retried request never sends twice", code="BAD-REPLY",
                          status=400)
    language = body.get("language")
    if language is not None and language not in LANGUAGES:
        raise ReviewError(f"language must be one of {', '.join(LANGUAGES)}", code="BAD-REPLY", status=400)
    return subject.strip(), text, reply_id, language


def _text(value: Any, most: int) -> bool:
    """A string of 1 to ``most`` characters, not only blanks, without NUL, that UTF-8 can encode."""
    if not isinstance(value, str) or not 0 < len(value) <= most or BLANK.fullmatch(value) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def build_reply(from_address: str, to: str, subject: str, text: str, message_id: str,
                in_reply_to: str | None, language: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = from_address, to, subject
    msg["Message-ID"] = message_id
    msg["Date"] = formatdate(usegmt=True)  # RFC 5322 requires it
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(text)
    msg["Content-Language"] = language  # after set_content, which clears Content-* headers
    return msg


async def _claim_send(ctx: Context, order: NormalizedOrder, reply_id: str, data: dict[str, Any]) -> None:
    """Write ``reply_sending`` for ``reply_id`` unless it was already written. Raises ReviewError (409)."""
    async with ctx.journal.decision_lock(order.customer.id):  # the order's customer's partition
        last = [e.outcome for e in await ctx.journal.history(order.source.document_id)
                if e.order_id == order.order_id and e.data.get("reply_id") == reply_id]
        if last and last[-1] != "reply_failed":  # a failed try may be tried again
            raise ReviewError(f"reply {reply_id} was already sent or is being sent ({last[-1]})",
                              code="REPLY-ALREADY-SENT", status=409)
        await ctx.journal.add_events([Event(stage="review", outcome="reply_sending", order_id=order.order_id,
                                            document_id=order.source.document_id, data=data)])


async def send_reply(ctx: Context, order_id: str, body: dict[str, Any], user: str,
                     role: str = "api") -> dict[str, Any]:
    """Send the clerk's reply through the relay, threaded; record it. Raises ReviewError: 400 bad body,
    404, 409 not by e-mail / no relay / already sent, 502 the relay refused or could not be reached."""
    from connectors.ack_out import send_message
    subject, text, reply_id, language = _checked(body)
    order = await _order(ctx, order_id)
    doc, origin = await _mail_origin(ctx, order)
    relay = ctx.config.smtp.relay
    if not origin.get("to"):
        raise _not_email(order, doc)
    if relay is None:
        raise ReviewError("no [smtp.relay] is configured for outgoing mail", code="REPLY-NO-RELAY", status=409)
    await not_claimed_by_another(ctx, order, user, role)  # the clerk holding the order speaks for it
    lang = language or customer_language(ctx, order)
    message_id = f"<reply-{reply_id}@{relay.from_address.rpartition('@')[2]}>"
    data = {"user": user, "role": role, "reply_id": reply_id, "to": origin["to"], "subject": subject,
            "message_id": message_id, "in_reply_to": origin.get("message_id"), "language": lang}
    try:
        msg = build_reply(relay.from_address, origin["to"], subject, text, message_id, origin.get("message_id"), lang)
    except (ValueError, TypeError) as exc:  # a header the mail library refuses
        raise ReviewError(f"the reply cannot be made into an e-mail: {exc}", code="BAD-REPLY", status=400) from None
    await _claim_send(ctx, order, reply_id, data)
    try:
        await asyncio.to_thread(send_message, relay, msg)
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        why = ("the relay offers no STARTTLS (set starttls = false in [smtp.relay] only for a relay on this "
               "machine or a trusted network)" if isinstance(exc, smtplib.SMTPNotSupportedError)
               else type(exc).__name__)
        await ctx.journal.add_events([Event(stage="review", outcome="reply_failed", order_id=order.order_id,
                                            document_id=order.source.document_id,
                                            reason=f"the relay failed: {type(exc).__name__}", data=data)])
        log.warning("customer_reply_failed", order_id=order.order_id, user=user, error=type(exc).__name__)
        raise ReviewError(f"the mail relay did not take the reply: {why}; nothing was sent",
                          code="REPLY-SEND-FAILED", status=502) from None
    event = Event(stage="review", outcome="replied", order_id=order.order_id, document_id=order.source.document_id,
                  reason=f"reply sent to {origin['to']} by {user}", data={**data, "text": text[:BODY_MAX]})
    await ctx.journal.add_events([event])
    log.info("customer_reply_sent", order_id=order.order_id, document_id=order.source.document_id, user=user,
             role=role, to=origin["to"], message_id=message_id, in_reply_to=origin.get("message_id"), language=lang)
    return {"order_id": order.order_id, "user": user, "at": event.at.isoformat(), "to": origin["to"],
            "subject": subject, "message_id": message_id, "in_reply_to": origin.get("message_id"),
            "language": lang, "threaded": bool(origin.get("message_id"))}
