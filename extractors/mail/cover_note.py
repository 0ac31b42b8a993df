"""What the text of an e-mail says about the order attached to it.

A customer sends a PDF or a sheet and types above it what differs: "merci de livrer le 17/12/2026 et non à
la date indiquée sur le bon", "Bitte bei Pos. 2 statt 4 Packungen 8 liefern", "We need it by 08/12/2026 at
the latest", "pas de livraison partielle, merci de nous confirmer le délai". Read alone, the attachment
would go out as printed. ``cover_instructions`` returns the sentences of the body that change or condition
the order (a delivery date, a change, a cancellation or addition, a question or a condition, another
delivery place, where to invoice); the e-mail splitter hands them to each attachment
(``metadata["cover_instructions"]``) and the gateway holds the attachment's order with them named
(``COVER-NOTE``). A plain covering note ("Please find attached our PO 4711", "Merci de nous confirmer la
bonne réception", "Bei Fragen rufen Sie mich an") is none.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.change_requests import change_request
from extractors.locale_values import DocLocale, fold
from extractors.mail.body_dates import DELIVERY_WORDS, delivery_hit
from extractors.typed_remarks import question, remark

MAX_NOTES = 5
_QUOTE = re.compile(r"^\s*>")
_HEADER = re.compile(r"^\s*(?:from|sent|to|cc|subject|date|de|envoye|a|objet|von|gesendet|an|betreff|datum)\s*:",
                     re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s*$")
# a confidentiality disclaimer ("If you received it in error, please delete it"): the mail system's, not the customer's
_DISCLAIMER = re.compile(r"\b(?:confidentiality\s+notice|disclaimer|intended\s+recipient|received\s+(?:this|it|this\s+"
                         r"(?:e-?mail|message))\s+in\s+error|recu\s+(?:ce\s+(?:message|courriel|e-?mail)\s+)?par\s+erreur"
                         r"|destinataire\s+(?:vise|prevu)|irrtumlich\s+erhalten|falschlicherweise\s+erhalten"
                         r"|vertrauliche\s+(?:und/oder\s+rechtlich\s+geschutzte\s+)?informationen)\b")
# a line that says "disclaimer" and still asks something of the order: "Disclaimer: line 2 is wrong, please send 50"
_INSTRUCTS = re.compile(r"\d|\b(?:livr\w*|deliver\w*|liefer\w*|ship\w*|instead|statt|au\s+lieu|quantit\w*|menge|line|ligne"
                        r"|zeile|pos|order|commande|bestellung|price|prix|preis)\b")
_CLOSING = re.compile(r"^\s*(?:best|kind|warm)?\s*regards\b|^\s*(?:many\s+)?thanks?\b[\s,!.]*$|^\s*cordialement\b"
                      r"|^\s*bien\s+(?:a\s+vous|cordialement)\b|^\s*(?:mit\s+)?freundlichen\s+gru|^\s*viele\s+gru"
                      r"|^\s*beste\s+gru|^\s*sincerely\b|^\s*cheers\b", re.IGNORECASE)
# "Questions? Call me", "Bei Fragen rufen Sie mich an", "N'hésitez pas à nous contacter": an offer, no condition
_OFFER = re.compile(r"\b(?:questions?|fragen|ruckfragen|rueckfragen|n'hesitez)\b|\bif\s+you\s+(?:have|need)\b"
                    r"|\bsi\s+vous\s+avez\b|\bfalls\s+sie\b|\bbei\s+(?:fragen|ruckfragen|unklarheiten)\b")
# "statt 4 Packungen 8", "8 instead of 4", "10 au lieu de 6": a quantity changed beside the attachment
_INSTEAD = re.compile(r"\b(?:statt|anstatt|instead\s+of|au\s+lieu\s+de|rather\s+than|plutot\s+que)\b.{0,30}\d"
                      r"|\d.{0,30}\b(?:statt|anstatt|instead\s+of|au\s+lieu\s+de|rather\s+than|plutot\s+que)\b")
# "pos. 2 should be 8 boxes, not 4", "ligne 3 : 8 boîtes et non 4", "Position 2 soll 8 sein, nicht 4": a line's
# quantity changed by its position
_BY_POSITION = re.compile(r"\b(?:pos(?:ition)?|line|ligne|zeile|item|article|artikel)\.?\s*(?:n[o°r]\.?\s*)?\d{1,3}\b"
                          r".{0,40}?\d.{0,25}?\b(?:not|nicht|et\s+non|and\s+not|und\s+nicht|non|pas)\s+\d")
# "before Friday", "by tomorrow", "bis Montag", "avant vendredi": a delivery day given by its name
_DAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|lundi|mardi|mercredi|jeudi"
         r"|vendredi|samedi|dimanche|demain|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen)")
_WHEN = re.compile(rf"\b(?:by|before|until|no\s+later\s+than|avant|d'ici|jusqu'a|bis|vor|spatestens)\s+"
                   rf"(?:(?:next|this|le|la|ce|nachsten|diesen|kommenden)\s+)?{_DAYS}\b")
# "can you book it?", "please process the attached", "bitte erfassen", "merci de saisir la commande": a request to
# enter the order as it is, no condition on it
_PROCESS = re.compile(r"\b(?:book|enter|process|handle|key|log|input|place|raise|action)\b(?:\s+(?:it|this|them|these|the"
                      r"\s+(?:order|po|attached)))?(?:\s+in)?\s*(?:\?|\.|!|,|$|please|for\s+(?:me|us)|asap)"
                      r"|\b(?:erfassen|buchen|bearbeiten|anlegen|einbuchen|saisir|traiter|enregistrer)\b")
# "Bitte Pos. 1 auf 20 Stück erhöhen", "please increase line 2 to 30", "merci de passer la ligne 1 à 12": a quantity
# changed; "send this one to our Gary plant instead: 5400 W 5th Ave", "bitte an unser Lager ... liefern": another place
_ADJUST = re.compile(r"\b(?:erhoh\w*|reduzier\w*|verringer\w*|aufstock\w*|increase\w*|raise|reduce\w*|decrease\w*"
                     r"|augment\w*|redui\w*|diminu\w*|passer|make\s+it|make\s+that)\b")
_SEND_ELSEWHERE = re.compile(r"\b(?:send|ship|deliver|liefer\w*|schick\w*|livr\w*|envoy\w*|expedi\w*)\b.{0,60}"
                             r"(?:\b(?:instead|stattdessen|statt|a\s+la\s+place|plutot)\b|\d{4,5}|\b\d+\s+\w+\s+"
                             r"(?:st|street|ave|avenue|road|rd|rue|strasse|str)\b)"
                             r"|(?:\b\d{5}\b|\w+(?:strasse|str\.?|weg|platz|allee)\s+\d+).{0,60}"
                             r"\b(?:liefer\w*|schick\w*|send\w*|livr\w*|deliver\w*|ship\w*)\b")
# "this one needs to go to our Manchester site instead of Harlow", "please deliver this order to our Manchester
# site: Unit 2 Trafford Park Road, Manchester M17 1PY", "die Ware geht diesmal an unser Werk in Ulm": the goods sent
# to a place named (a site, a street and number, a postcode), unless that place is the usual one or the PO's
_PLACE_WORDS = (r"(?:site|plant|warehouse|depot|branch|store|shop|office|factory|lager|werk|filiale|niederlassung"
                r"|standort|entrepot|usine|agence|magasin|succursale|chantier|baustelle)")
_ADDRESS = (r"(?:\b\d+[a-z]?\s+(?:[\w'-]+\s+){0,3}(?:st|street|ave|avenue|road|rd|way|lane|drive|dr|close|park"
            r"|rue|strasse|str|weg|allee|platz|boulevard|bd|chemin|quai|route)\b"
            r"|\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b|\b\d{5}\b|\b[a-z]-?\d{4}\b)")
_GOES_TO = re.compile(r"\b(?:go(?:es)?|going|sent|shipped|delivered|dispatched|deliver|ship|send|geliefert|gehen"
                      r"|geht|liefern|aller|va|vont|envoyee?s?|livree?s?|livrer|expediee?s?)\s+(?P<what>(?:\w+\s+){0,6}?)"
                      r"(?:to|an|nach|zu|a|au|chez|vers)\b.{0,90}?(?:\b(?:instead|stattdessen|statt|plutot)\b"
                      r"|\ba\s+la\s+place\b|\b" + _PLACE_WORDS + r"\b|" + _ADDRESS + ")")
# what is sent is a paper, not the goods: "send the confirmation to our purchasing office"
_PAPERS = re.compile(r"\b(?:confirmation|acknowledg\w*|ack|tracking|bestatigung|auftragsbestatigung|accuse|copy|kopie"
                     r"|copie|quote|quotation|angebot|devis|documents?|unterlagen|pdf|e-?mail|mail|details|number"
                     r"|nummer|numero|reply|answer|antwort|reponse)\b")
_SAME_PLACE = re.compile(r"\b(?:usual|as\s+always|as\s+per|as\s+stated|as\s+on|habituel\w*|comme\s+d'habitude"
                         r"|comme\s+indique|ublich\w*|wie\s+immer|wie\s+angegeben|laut\s+bestellung)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÉÈÀÇ])")


def cover_instructions(body: str) -> list[str]:
    """The sentences of the customer's own text (no quoted lines, header blocks of a forward or the
    signature) that change or condition the order attached, each once, at most ``MAX_NOTES``."""
    found: list[str] = []
    for sentence in _own_sentences(body):
        if len(sentence.split()) < 3 or sentence in found:
            continue
        if _instructs(sentence) and not _points_to_the_order(sentence):
            found.append(sentence[:200])
            if len(found) == MAX_NOTES:
                break
    return found


# "für die Filiale Augsburg (Lieferanschrift siehe Bestellung)", "à livrer à notre agence de Lyon (adresse sur le
# bon)", "ship to our Leeds branch, address on the PO": the place is the one the order prints; the order's own
# delivery address is read and checked, the note adds nothing (outside trial, wave 2)
_TO_THE_ORDER = re.compile(r"\b(?:siehe|see|voir|cf\.?|gemass|gemäß|laut|lt\.?|wie\s+auf|as\s+(?:per|on)|selon)\s+(?:die\s+|der\s+|the\s+"
                           r"|our\s+|le\s+|la\s+|notre\s+|unsere[rn]?\s+)?(?:bestellung|order|po|purchase\s+order|bon|commande"
                           r"|attached|attachment|anhang|anlage|pi[eè]ce\s+jointe)\b|\badresse\s+sur\s+(?:le\s+)?(?:bon|commande)\b"
                           r"|\baddress\s+(?:is\s+)?on\s+the\s+(?:order|po|purchase\s+order)\b|\banschrift\s+(?:auf|in)\s+der\s+bestellung\b",
                           re.IGNORECASE)


def _points_to_the_order(sentence: str) -> bool:
    """A sentence that names a place only to send the reader to the order's own delivery address, and says nothing
    else that could change the order (no number, no date)."""
    return bool(_TO_THE_ORDER.search(sentence)) and not re.search(r"\d", sentence)


def _own_sentences(body: str) -> list[str]:
    out: list[str] = []
    in_signature = False
    for line in body.splitlines():
        text = line.strip()
        if _SIGNATURE.match(text):
            in_signature = True  # the signature: no instruction
            continue
        if _DISCLAIMER.search(fold(text).lower()) and not _INSTRUCTS.search(fold(text).lower()):
            continue  # the mail system's disclaimer, above or under the text: that line only (review rev2 #15)
        if in_signature or not text or _QUOTE.match(line) or _HEADER.match(text) or _CLOSING.match(text):
            if _HEADER.match(text):
                in_signature = False  # a forwarded message's header: its text follows
            continue
        if text.lower().startswith("subject:"):
            continue
        out += [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    return out


# Where a sentence holds two clauses: "...; merci de livrer le 17/12", "call me, but please deliver on 17/12",
# "..., mais livrez le 17/12", "..., aber Lieferung erst am 17.12."
_CLAUSE = re.compile(r"\s*;\s*|,\s*(?=(?:but|mais|aber|however|cependant|jedoch)\b)", re.IGNORECASE)


def _instructs(sentence: str) -> bool:
    """Whether the sentence, or one of its clauses, changes or conditions the order. An offer of help ("If you
    have any questions call me", "Bei Rückfragen melden Sie sich") is no condition, but only its own clause is
    set aside: "..., but please deliver on 17/12/2026", "...; merci de livrer le 17/12", "Bei Rückfragen melden
    Sie sich, Lieferung bitte erst am 17.12.2026" still instruct."""
    folded = fold(sentence).replace("ß", "ss").lower()
    if not _OFFER.search(folded) or "?" in sentence.split(",")[-1]:
        if _instructs_clause(sentence, folded):
            return True
        clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
    else:  # the offer's clause apart: each other clause, split at commas too, is read on its own
        clauses = [c for part in _CLAUSE.split(sentence) for c in part.split(",") if c.strip()]
    return len(clauses) > 1 and any(
        len(c.split()) >= 3 and not _OFFER.search(f := fold(c).replace("ß", "ss").lower()) and _changes(c, f)
        for c in clauses)


def _changes(clause: str, folded: str) -> bool:
    """A clause beside another that changes the order: a delivery date or day, a quantity instead of another, a
    change request (a mere "please call me" after an offer of help is none)."""
    return _delivery_date(clause, folded) or bool(_INSTEAD.search(folded) or _WHEN.search(folded)) \
        or bool(_ADJUST.search(folded) and re.search(r"\d", folded)) or _elsewhere(folded) \
        or change_request(clause) is not None


def _elsewhere(folded: str) -> bool:
    """The goods sent to another place than the document's: by a sending verb and a place, or by a place named
    after "to" (a site, a street and number, a postcode), not the usual one."""
    goes = _GOES_TO.search(folded)
    return bool(_SEND_ELSEWHERE.search(folded)) or (
        goes is not None and not _PAPERS.search(goes.group("what")) and not _same_place(folded))


_NOT_BEFORE = re.compile(r"(?:\bnot|\bnicht|\bpas|\bkein\w*|\binstead\s+of|\bstatt|\banstatt|\bau\s+lieu\s+d\w*"
                         r"|\brather\s+than|\bother\s+than|\bautre\s+que|\banders\s+als)\W+(?:\w+\W+){0,3}$")
_NEW_PLACE = re.compile(r"\b(?:new|neue[nmrs]?|nouv(?:el|elle|eau)|other|another|andere[nmrs]?|autre)\s+(?:\w+\s+)?"
                        + _PLACE_WORDS + r"\b")


def _same_place(folded: str) -> bool:
    """The sentence says the goods go to the usual place or the PO's ("as usual", "as per the PO"), not negated
    ("not the usual address", "pas à l'adresse habituelle") and naming no new site ("as per the PO but to our
    new site")."""
    if _NEW_PLACE.search(folded):
        return False
    return any(not _NOT_BEFORE.search(folded[:m.start()]) for m in _SAME_PLACE.finditer(folded))


def _instructs_clause(sentence: str, folded: str) -> bool:
    if _delivery_date(sentence, folded) or _INSTEAD.search(folded) or _WHEN.search(folded) \
            or _BY_POSITION.search(folded) or (_ADJUST.search(folded) and re.search(r"\d", folded)) \
            or _elsewhere(folded):
        return True
    if _PROCESS.search(folded):  # asks to enter the order: only a change or remark in it counts
        return any(p is not None for p in (change_request(sentence), remark(sentence)))
    return any(p is not None for p in (change_request(sentence), remark(sentence), question(sentence)))


def _delivery_date(sentence: str, folded: str) -> bool:
    """A delivery date typed in the sentence ("merci de livrer le 17/12/2026", "We need it by 08/12/2026");
    the order's own date ("our order of 03/12/2026") is none."""
    return bool(DELIVERY_WORDS.search(folded)) and delivery_hit(sentence, DocLocale(), date(2000, 1, 1)) is not None
