"""Typed remarks that change what the order's lines or its delivery mean, though no line or date reads differently:

* a condition on the delivery with a consequence ("Bitte unterschreiben lassen, sonst Ware zurück", "Faire signer le
  bon de livraison, sinon la marchandise sera refusée", "Deliver before 10am or it goes back"): the ERP has no
  field that carries a consequence, and a note nobody is bound to read is no agreement. A person agrees it (with
  the carrier, with the customer) before the order goes: ``QUESTION-TYPED``, the sentence quoted. The same notice
  without a consequence ("Lieferschein unterschreiben lassen", "signature required on delivery") stays the order's
  note (``extractors.typed_remarks.signature_notice``);
* a full pallet written beside a count of cartons ("6 cartons TP-1005 (palette complète)", "5 Kartons - volle
  Palette", "4 cartons, full pallet"): the customer may mean a pallet's worth, which is not the count typed unless
  the pallet holds exactly that many: ``PACK-SIZE-TYPED`` on the line (the ERP gets no count it was not given).
  "max. 1 pallet", "on one pallet", "palettes vides" say how to ship or what to take back, no quantity;
* a pack more for something no line names ("Un carton de plus pour les échantillons", "one extra carton for the
  samples", "noch einen Karton zusätzlich für die Muster"): an addition whose item is not said, never a count added
  to a line by guess: ``ADDITION-TYPED``, the sentence quoted.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import Problem

# "otherwise", "or else", "if not", "sonst", "andernfalls", "sinon", "faute de quoi", "à défaut": then what happens
_OTHERWISE = (r"(?:otherwise|or\s+else|else|or|failing\s+(?:that|which|this)|if\s+not|sonst|ansonsten|andernfalls"
              r"|anderenfalls|widrigenfalls|sinon|autrement|faute\s+de\s+quoi|a\s+defaut|dans\s+le\s+cas\s+contraire)")
# the consequence: the goods refused, sent back or cancelled, a penalty charged
_CONSEQUENCE = (r"(?:zuruck\w*|ruck(?:sendung|versand|gabe)\w*|retour\w*|retourn\w*|renvo\w*|refus\w*|return\w*"
                r"|(?:sent|send|ship(?:ped)?|goes?|go|going|come|comes|coming|taken|take)\s+(?:it\s+|them\s+|\w+\s+)?back"
                r"|reject\w*|declin\w*|annahme\s*verweiger\w*|verweiger\w*|nicht\s+(?:an|ab)genommen|nehmen\s+wir\s+(?:\w+\s+){0,3}nicht\s+an"
                r"|not\s+(?:be\s+)?accept\w*|won'?t\s+(?:be\s+)?accept\w*|pas\s+(?:ete\s+)?accept\w*|ne\s+(?:sera|seront)\s+pas\s+accept\w*"
                r"|storn\w*|cancel\w*|annul\w*|penalt\w*|penalit\w*|vertragsstraf\w*|konventionalstraf\w*"
                r"|(?:charge|invoice|bill)\s+you|(?:wir\s+)?(?:berechnen|belasten)\s+ihnen|vous\s+(?:sera|seront)\s+(?:factur|refactur)\w*)")
_WITH_CONSEQUENCE = re.compile(rf"\b{_OTHERWISE}\b[\s,:;-]*(?:\S+\s+){{0,6}}?{_CONSEQUENCE}")
# a bare "or" is a choice ("Monday or Tuesday, and take back the empties") unless a consequence follows it at once
_BARE_OR = re.compile(r"or\b(?!\s+else)")
_CLOSE_CONSEQUENCE = re.compile(rf"\bor\b[\s,:;-]*(?:(?:it|they|the\s+goods|the\s+delivery|we)\s+)?(?:will\s+|shall\s+|'ll\s+)?"
                                rf"(?:be\s+)?{_CONSEQUENCE}")
# a consequence stated as what will happen, no "otherwise" word: "Late deliveries will be refused", "Toute livraison
# après 16h sera refusée", "Lieferung nach 12 Uhr wird nicht angenommen", "Si la livraison n'est pas faite avant
# vendredi, nous annulons la commande"
_STATED_CONSEQUENCE = re.compile(
    r"\b(?:will|shall|would|may)\s+(?:not\s+)?be\s+(?:refused|rejected|returned|sent\s+back|cancell?ed|charged|invoiced)\b"
    r"|\b(?:will|shall)\s+not\s+be\s+(?:accepted|received|signed\s+for)\b|\bwon'?t\s+be\s+accepted\b"
    r"|\b(?:we|i)\s+(?:will\s+|shall\s+|'ll\s+)?(?:refuse|reject|cancel)\b(?!\s+(?:call|ask))"
    r"|\b(?:sera|seront|serait|seraient)\s+(?:systematiquement\s+)?(?:refusee?s?|retournee?s?|renvoyee?s?|annulee?s?|refacturee?s?)\b"
    r"|\bnous\s+(?:annulons|annulerons|refusons|refuserons|renvoyons|renverrons|retournons|retournerons)\b"
    r"|\b(?:wird|werden)\s+(?:\w+\s+){0,2}(?:nicht\s+angenommen|abgelehnt|zuruckgeschickt|zuruckgesandt|storniert"
    r"|verweigert|zuruckgewiesen)\b"
    r"|\b(?:stornieren|annullieren|verweigern|retournieren)\s+wir\b|\bkeine\s+annahme\b")


def consequence(text: str) -> Problem | None:
    """``QUESTION-TYPED`` for a remark that sets a condition with a consequence ("..., sonst Ware zurück"), else None."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    said = [m for m in _WITH_CONSEQUENCE.finditer(folded)
            if not _BARE_OR.match(folded, m.start()) or _CLOSE_CONSEQUENCE.match(folded, m.start())]
    if not said and not _STATED_CONSEQUENCE.search(folded):
        return None
    return Problem(code="QUESTION-TYPED", severity="error", element="notes",
                   message=f"the customer sets a condition on the delivery with a consequence (goods refused, sent "
                           f"back, cancelled or charged): no ERP field carries it, a person agrees it before the order "
                           f"goes: {text.strip()[:120]!r}")


_PALLET = r"(?:pallets?|palettes?|paletten?|euro\s*-?\s*palett\w*)"  # "volle Pal." also (``_FULL_PALLET``)
# "palette complète", "full pallet", "volle/ganze/komplette Palette", "Palette komplett", "pleine palette"
_FULL_PALLET = re.compile(
    rf"\b(?:full|whole|complete|entire|(?:eine\s+)?(?:volle|ganze|komplette|vollstandige)|pleine|entiere)\s+(?:{_PALLET}|pal\.)(?!\w)"
    rf"|\b(?:voll|ganz|komplett)palett\w*"
    rf"(?!\s+(?:max|maximum|only|seulement|maximal|hoch|high|height|hauteur|de\s+haut))"
    rf"|\b{_PALLET}\s+(?:complete|completes|entiere|pleine|komplett|voll|full)\b"
    rf"|\b(?:volle|ganze|komplette|vollstandige)\s+{_PALLET}\b")
# how to ship or what to take back, no quantity: "on one pallet", "max. 1 pallet", "pallets to be returned"
_PALLET_HANDLING = re.compile(
    rf"\b(?:on|sur|auf|per|par|pro|max\w*\.?|maximum|höchstens|hochstens|no\s+more\s+than|pas\s+plus\s+d'?)\s+(?:\w+\s+)?{_PALLET}"
    rf"|{_PALLET}\s+(?:vides?|leer\w*|empty|empties|returns?|retours?|zuruck\w*|tausch\w*|echange\w*|exchange\w*)"
    rf"|\b(?:leer|tausch|euro)?paletten?tausch|\b(?:reprendre|reprise|return|take\s+back|zurucknehmen|mitnehmen)\b")
_CARTONS = re.compile(r"\b(?:cartons?|cartouches?|car|ct|ctn|ctns|kartons?|karton\w*|kart|cases?|boxes|boites?|colis|cs)\b")


def full_pallet(text: str) -> bool:
    """Whether a line typed with a count of cartons also says a full pallet ("6 cartons X (palette complète)")."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    return bool(_FULL_PALLET.search(folded)) and not _PALLET_HANDLING.search(folded)


def full_pallet_problem(text: str, line_no: int | None = None) -> Problem:
    """``PACK-SIZE-TYPED`` for a full pallet written beside a count of cartons (on that line when known)."""
    element = f"lines[{line_no}].quantity" if line_no else "lines"
    return Problem(code="PACK-SIZE-TYPED", severity="error", element=element,
                   message=f"a full pallet is written beside a count of packs: the customer may mean a pallet's worth, "
                           f"not the count typed, a person confirms the quantity: {text.strip()[:120]!r}")


def counts_packs(text: str) -> bool:
    """Whether the text counts packs (cartons, cases, boxes)."""
    return bool(_CARTONS.search(" ".join(fold(text).lower().split())))


_ONE = r"(?:a|an|one|1|un|une|ein|einen|eine|two|2|deux|zwei|three|3|trois|drei)"
_MORE = (r"(?:more|extra|additional|de\s+plus|en\s+plus|supplementaires?|additionnels?|mehr|zusatzlich\w*|extra|dazu"
         r"|noch)")
_PACK = r"(?:cartons?|kartons?|karton|boxes|box|boites?|colis|cases?|caisses?|packs?|paquets?|pakete?|packung\w*)"
# "un carton de plus pour les échantillons", "one extra carton for the samples", "noch einen Karton zusätzlich für die
# Muster", "ajoutez un carton pour nos échantillons": a pack more for a purpose, no item named
_PACK_FOR = re.compile(
    rf"\b(?:{_MORE}\s+)?{_ONE}\s+(?:{_MORE}\s+)?{_PACK}\s+(?:{_MORE}\s+)?(?:\w+\s+){{0,2}}?"
    rf"(?:pour|for|fur|fuer)\s+(?:les|nos|des|the|our|die|unsere|den|das|la|le|l')?\s*\w+"
    rf"|\b{_ONE}\s+{_PACK}\s+{_MORE}\b"
    # "Please add a box of samples", "noch einen Karton Muster beilegen", "un carton d'échantillons en plus"
    rf"|\b{_ONE}\s+(?:{_MORE}\s+)?{_PACK}\s+(?:of\s+|de\s+|d'|mit\s+)?(?:samples?|echantillons?|muster\w*|proben?|catalogues?"
    rf"|catalogs?|katalog\w*|brochures?|prospekt\w*|flyers?|depliants?)\b")
_ADDITION_WORD = re.compile(rf"\b{_MORE}\b|\b(?:ajout\w*|rajout\w*|add\w*|hinzu\w*|erganz\w*|also|aussi|auch|beileg\w*"
                            rf"|legen\s+sie\s+(?:\w+\s+){{0,4}}bei|beifug\w*|joindre|joignez|include|throw\s+in)\b")


def pack_more(text: str) -> Problem | None:
    """``ADDITION-TYPED`` for a pack more typed for a purpose, its item not named ("Un carton de plus pour les
    échantillons"), else None."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    if not (_PACK_FOR.search(folded) and _ADDITION_WORD.search(folded)):
        return None
    return Problem(code="ADDITION-TYPED", severity="error", element="lines",
                   message=f"a pack more is asked without naming its item (which product, what count per pack): a "
                           f"person adds it, no line's quantity is changed by guess: {text.strip()[:120]!r}")
