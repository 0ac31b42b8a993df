"""Identify stage: which format a document is in, and which customer sent it.

The channel's identity (the partner of an SFTP account, folder or HTTP ``X-Partner``, else the
customer of an e-mail's sender address) and the document's own (EDI/cXML/UBL envelope ids listed for
a partner, the buyer's GLN/DUNS/X12 id in a structured order) must name the same customer:
``check_identity`` holds an order whose two identities disagree with ``IDENTITY-MISMATCH``, naming
both (also when the order was put to a customer by what its page prints, a letterhead's fax number,
while the sender's address or the calling fax number is another customer's), unless the channel's partner is allowed to send for the other (``partners[].sends_for``).
A customer named only by an id the document gives for itself (a buyer GLN in an ORDERS without an
envelope, from no known sender) is marked ``corroborated = False``; the completeness gate holds it
with ``CUSTOMER-WEAK-ID``. So is a customer named by a cXML From credential (listed in ``partners[].cxml_ids`` or
a DUNS/GLN of the customer) unless the Sender's SharedSecret is its partner's (``partners[].cxml_secret_env``) or
the channel names the same customer (a partner account, the sender's mailbox or fax number on file): anyone can
write a credential. A printed page whose letterhead names another customer than its channel
did is held too (``gateway.stages.page_identity``).
"""

from __future__ import annotations

import hashlib
import hmac
import os

from gateway.context import Context
from gateway.errors import UnsupportedFormatError
from gateway.store.journal import DocumentRecord
from gateway.stages.page_identity import check_page_identity
from gateway.reference.masterdata import CustomerRecord
from gateway.model import Customer, ExtractedOrder, Extraction, Issue, NormalizedOrder
from extractors.base import Extractor, HEAD_BYTES

# Identifiers tried in order; the first that names a known customer wins.
HINT_KINDS = (("gln", "gln"), ("duns", "duns"), ("x12", "x12"), ("email", "email"), ("fax", "fax"))
# Formats whose party ids are written by the sender's system, not read from a page or typed text.
STRUCTURED_FORMATS = frozenset({"edifact", "x12", "tradacoms", "idoc", "cxml", "ubl", "opentrans", "xml_mapped"})


def is_structured(fmt: str) -> bool:
    """An extraction format written by the sender's system: EDI, cXML, UBL, openTRANS, and an XPath-mapped
    XML order, whose format is ``xml:<map>`` (extractors.xml.xml_mapped), not the extractor's name."""
    return fmt in STRUCTURED_FORMATS or fmt.startswith("xml:")


DOCUMENT_ID_KINDS = (("gln", "gln"), ("duns", "duns"), ("x12", "x12"))
MAIL_CHANNELS = frozenset({"smtp", "imap", "email"})  # received by the SMTP server, a mailbox, `gateway extract`


def read_head(ctx: Context, doc: DocumentRecord) -> bytes:
    """The first ``HEAD_BYTES`` of a document, what format detection sees (the whole document when it is
    that small: the pipeline then hands it to the reader instead of reading the file again)."""
    with ctx.archive.path_of(doc.sha256).open("rb") as fh:
        return fh.read(HEAD_BYTES)


def identify_format(ctx: Context, doc: DocumentRecord, head: bytes | None = None) -> Extractor:
    """The extractor for a document (``head``: its first bytes, read here when not given); raises
    UnsupportedFormatError when none recognises it."""
    if head is None:
        head = read_head(ctx, doc)
    hit = ctx.registry.pick(head, doc.filename, doc.content_type)
    if hit is None:
        raise UnsupportedFormatError("no extractor recognises this document", code="FORMAT-UNKNOWN")
    return hit[0]


def _customer(rec: CustomerRecord, how: str, corroborated: bool = True) -> Customer:
    return Customer(id=rec.customer_id, name=rec.name, identified_by=how, corroborated=corroborated)


def _from_partner(ctx: Context, doc: DocumentRecord) -> Customer | None:
    partner = ctx.config.partner(doc.partner)
    md = ctx.master_data.current()
    if partner is not None:
        rec = md.find_customer("id", partner.customer_id)
        return _customer(rec, f"partner:{partner.id}") if rec else None
    rec = md.find_customer("id", doc.partner)
    return _customer(rec, f"partner:{doc.partner}") if rec else None


def _from_partner_ids(ctx: Context, extraction: Extraction, doc: DocumentRecord | None = None) -> Customer | None:
    found = _envelope_partner(ctx, extraction)
    if found is None:
        return None
    partner, how = found
    rec = ctx.master_data.current().find_customer("id", partner.customer_id)
    if rec is None:
        return None
    if doc is not None and how.startswith("cxml_id:") and not _cxml_vouched(ctx, doc, extraction, rec.customer_id):
        return _customer(rec, how, corroborated=False)  # a From credential anyone can write: no secret, no channel
    if doc is not None and how.startswith(("opentrans_id:", "ubl_endpoint:")) \
            and _sent_by_someone_else(ctx, doc, rec.customer_id):
        # the buyer id an openTRANS order or the EndpointID a UBL order gives for itself, mailed or faxed by no
        # address or number of that customer: anyone can write that id (the weak-identification rule), a person
        # confirms the customer
        return _customer(rec, how, corroborated=False)
    return _customer(rec, how)


def _sent_by_someone_else(ctx: Context, doc: DocumentRecord, customer_id: str) -> bool:
    """Whether the document came by e-mail or fax and neither its sender's address nor its fax number is
    on file for ``customer_id`` (none given counts as not on file: anonymous is no stronger than unknown): an
    openTRANS buyer id or a UBL EndpointID it carries is then only what it says of itself."""
    if doc.channel not in MAIL_CHANNELS and doc.channel != "fax" and not doc.metadata.get("fax_number"):
        return False
    md = ctx.master_data.current()
    return not any((rec := md.find_customer(kind, value)) is not None and rec.customer_id == customer_id
                   for kind, value in channel_keys(ctx, doc))


def _cxml_vouched(ctx: Context, doc: DocumentRecord, extraction: Extraction, customer_id: str) -> bool:
    """Whether something beside the cXML From credential names ``customer_id``: the Sender's SharedSecret of a partner
    of that customer, or the channel (its sender's mailbox or fax number on file for the customer). A credential
    mailed from an unknown address or posted without the secret is only what the document says of itself."""
    if cxml_secret_matches(ctx, extraction, customer_id):
        return True
    md = ctx.master_data.current()
    return any((rec := md.find_customer(kind, value)) is not None and rec.customer_id == customer_id
               for kind, value in channel_keys(ctx, doc))


def cxml_secret_matches(ctx: Context, extraction: Extraction, customer_id: str) -> bool:
    """Whether the cXML Sender's SharedSecret (a digest of ``sender_hints["cxml_sender_digest"]``, one per credential) is the one a partner
    of ``customer_id`` holds (``partners[].cxml_secret_env``), compared in constant time; never logged."""
    digests = (extraction.sender_hints.get("cxml_sender_digest") or "").split()  # one per Sender credential
    if not digests:
        return False
    for partner in ctx.config.partners:
        secret = os.environ.get(partner.cxml_secret_env) if partner.cxml_secret_env else None
        own = hashlib.sha256(secret.strip().encode("utf-8")).hexdigest() if secret else None
        if partner.customer_id == customer_id and own and any([hmac.compare_digest(own, d) for d in digests]):
            return True
    return False


def _envelope_partner(ctx: Context, extraction: Extraction):
    """The partner whose listed envelope ids (UNB, ISA, cXML From, UBL endpoint, openTRANS buyer id) the document carries,
    with how it was found ("edifact_id:SENDER1")."""
    keys = {
        "edifact_ids": [extraction.sender_hints.get("edifact_sender")],
        "x12_ids": [extraction.sender_hints.get("x12"), extraction.sender_hints.get("x12_id")],
        "cxml_ids": [extraction.sender_hints.get("cxml_from")],
        "ubl_endpoints": [extraction.sender_hints.get("ubl_endpoint")],
        "opentrans_ids": [*(extraction.sender_hints.get("opentrans_buyer") or "").split("\n"),
                          *(extraction.sender_hints.get("opentrans_buyer_id") or "").split("\n")],
    }
    for partner in ctx.config.partners:
        for attr, values in keys.items():
            known = {v.upper() for v in getattr(partner, attr)}
            for value in values:
                if value and value.upper() in known:
                    return partner, f"{attr[:-1]}:{value}"
    return None


def _from_values(ctx: Context, pairs: list[tuple[str, str | None]]) -> Customer | None:
    md = ctx.master_data.current()
    for kind, value in pairs:
        rec = md.find_customer(kind, value)
        if rec:
            return _customer(rec, f"{kind}:{value}")
    return None


def identify_customer(ctx: Context, doc: DocumentRecord, extraction: Extraction,
                      order: ExtractedOrder | None) -> Customer | None:
    """The customer behind a document: the channel's proof first, then envelope ids, then content.

    Order of trust: an SFTP account or API partner header; the EDI/cXML/UBL sender ids listed for a
    partner in config; the buyer's GLN/DUNS in the order; ids found in the document; the e-mail
    address or fax number the document came from.
    """
    found = _from_partner(ctx, doc) or _from_partner_ids(ctx, extraction, doc)
    if found:
        return found
    pairs: list[tuple[str, str | None]] = []
    buyer = order.party("buyer") if order else None
    if buyer:
        pairs += [(kind, buyer.ids.get(key)) for key, kind in HINT_KINDS]
    hints = extraction.sender_hints
    pairs += [(kind, hints.get(key)) for key, kind in HINT_KINDS]
    pairs += [("x12", hints.get("x12_id")), ("gln", hints.get("edifact_sender"))]
    pairs += channel_keys(ctx, doc)
    found = _from_values(ctx, pairs)
    if found is not None and not _corroborated(ctx, found, extraction, doc):
        return found.model_copy(update={"corroborated": False})
    return found


def channel_keys(ctx: Context, doc: DocumentRecord) -> list[tuple[str, str | None]]:
    """The keys the channel gives: the sender's e-mail address, the fax number."""
    return [*(("email", address) for address in senders_by_trust(ctx, doc)),
            ("fax", doc.metadata.get("fax_number")), ("fax", doc.sender if doc.channel == "fax" else None)]


def _corroborated(ctx: Context, found: Customer, extraction: Extraction, doc: DocumentRecord) -> bool:
    """True when a key outside the order's own content names the same customer: an interchange
    envelope (UNB, ISA), a UBL endpoint or cXML credential, the sender's address or fax number.

    A customer named only by the buyer id the document gives for itself (an ORDERS without an
    envelope carrying the buyer's GLN, a PDF with a GLN printed on it from an unknown sender) is a
    weak identification: anyone can write that number."""
    hints = extraction.sender_hints
    envelope: list[tuple[str, str | None]] = [
        ("gln", hints.get("edifact_sender")), ("x12", hints.get("x12")), ("x12", hints.get("x12_id"))]
    if hints.get("x12"):  # an ISA with qualifier 01 names its sender by DUNS: the envelope's, not the order's
        envelope.append(("duns", hints.get("duns")))
    if hints.get("ubl_endpoint") and not _sent_by_someone_else(ctx, doc, found.id or ""):
        # a UBL EndpointID is the sending system's address on a machine channel; mailed or faxed by nobody of that
        # customer's it is only what the document says of itself (a weak key, as a GLN printed on a PDF)
        envelope.append(("gln", hints.get("gln")))
    if hints.get("cxml_from") and cxml_secret_matches(ctx, extraction, found.id or ""):
        return True  # a cXML From credential with its partner's SharedSecret; without it, only the channel vouches
    md = ctx.master_data.current()
    for kind, value in [*envelope, *channel_keys(ctx, doc)]:
        rec = md.find_customer(kind, value)
        if rec is not None and rec.customer_id == found.id:
            return True
    return False


def senders_by_trust(ctx: Context, doc: DocumentRecord) -> list[str | None]:
    """The e-mail addresses to identify by, most trusted first.

    A message forwarded by one of our own people (``smtp.internal_domains``) stands for the customer
    who wrote it: the forwarded From comes first. A customer forwarding someone else's mail is still
    that customer: its own address comes first, the forwarded one only when its own is unknown."""
    original = doc.metadata.get("original_sender")
    domain = (doc.sender or "").rpartition("@")[2].lower()
    internal = {d.lower().lstrip("@") for d in ctx.config.smtp.internal_domains}
    if domain and domain in internal:
        return [original, doc.sender]
    return [doc.sender, original]


def channel_identity(ctx: Context, doc: DocumentRecord) -> Customer | None:
    """Who the channel says sent the document: the partner it proves (SFTP account, folder, HTTP
    ``X-Partner``), else the customer of the e-mail sender's address (never one of our own people's),
    else the customer of the fax number it came from."""
    if doc.partner:
        return _from_partner(ctx, doc)
    if doc.channel in MAIL_CHANNELS and doc.sender and not doc.metadata.get("fax_number"):  # a fax server's mail:
        # its calling number, below
        internal = {d.lower().lstrip("@") for d in ctx.config.smtp.internal_domains}
        if doc.sender.rpartition("@")[2].lower() not in internal:
            return _from_values(ctx, [("email", doc.sender)])
    number = doc.metadata.get("fax_number") or (doc.sender if doc.channel == "fax" else None)
    return _from_values(ctx, [("fax", number)]) if number else None  # the calling number (CSID)


def document_identities(ctx: Context, extraction: Extraction, order: ExtractedOrder | None) -> list[Customer]:
    """Who the document says it is from: the envelope ids listed for a partner, and the buyer's ids in a
    structured order (a page read by OCR or typed text is not proof enough to contradict a channel).
    Both are returned: an envelope of the right partner does not vouch for a buyer GLN of another."""
    found = [c for c in (_from_partner_ids(ctx, extraction),) if c is not None]
    if extraction.format not in STRUCTURED_FORMATS:
        return found
    buyer = order.party("buyer") if order else None
    pairs = [(kind, buyer.ids.get(key)) for key, kind in DOCUMENT_ID_KINDS] if buyer else []
    if by_buyer := _from_values(ctx, pairs):
        found.append(by_buyer)
    return found


def _named(customer: Customer) -> str:
    name = f"{customer.id} {customer.name}" if customer.name else str(customer.id)
    return f"{name} (by {customer.identified_by})"


def _may_send_for(ctx: Context, partner_id: str | None, customer_id: str | None) -> bool:
    partner = ctx.config.partner(partner_id)
    if partner is None or customer_id is None:
        return False
    allowed = set(partner.sends_for)
    other = next((p.id for p in ctx.config.partners if p.customer_id == customer_id), None)
    return customer_id in allowed or (other is not None and other in allowed)


def check_identity(ctx: Context, doc: DocumentRecord, extraction: Extraction, extracted: ExtractedOrder | None,
                   order: NormalizedOrder) -> NormalizedOrder:
    """The order, held with ``IDENTITY-MISMATCH`` when the channel and the document name different
    customers (both named in the issue)."""
    order = check_page_identity(ctx, extraction, order)
    channel = channel_identity(ctx, doc)
    sender = doc.partner
    if channel is None:  # no channel proof: the envelope's partner (UNB, ISA...) against the buyer's ids
        envelope = _envelope_partner(ctx, extraction)
        channel = _from_partner_ids(ctx, extraction, doc) if envelope else None
        sender = envelope[0].id if envelope else None
    if channel is None:
        return order
    printed = [order.customer] if order.customer.id and order.customer.id != channel.id else []
    document = next((c for c in [*document_identities(ctx, extraction, extracted), *printed]
                     if c.id != channel.id and not _may_send_for(ctx, sender, c.id)), None)
    if document is None:
        return order
    issue = Issue(code="IDENTITY-MISMATCH", severity="error", field="customer",
                  message=f"the channel says {_named(channel)} but the document names {_named(document)}")
    return order.model_copy(update={"issues": [*order.issues, issue]})
