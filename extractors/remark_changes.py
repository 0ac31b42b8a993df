"""A remark that, beside whatever harmless thing it says (receiving hours, a gate, a phone call), also asks for a
change of the order: a share of the quantity ("Warenannahme bis 15 Uhr, bitte nur die Hälfte", "send just half for
now"), another delivery day ("deliver Monday, not Friday", "livrer mardi et non jeudi"), a day of the month that is
not the order's ("livrer avant 10 h le 12" over a requested 16th), or more goods without a count ("Bitte noch
Druckerpatronen mitliefern", "throw in some envelopes as well"). Read the same way under a typed e-mail's items, on a
printed or exported page, in a sheet's cells and in a structured order's notes: such a remark is never a note that
goes out unread (``CHANGE-TYPED``, the element it changes named).

Harmless remarks stay notes: hours and windows ("Anlieferung Mo-Fr 7-14 Uhr", "Deliveries accepted 8am-4pm only"),
refusals the date rules check ("No deliveries on Fridays", ``note_dates``/``remark_dates``), a weekday or a day that
is the order's own date, half an hour or a half day, a third party."""

from __future__ import annotations

import re
from datetime import date

from extractors.delivery_words import DELIVERY_STEMS
from extractors.locale_values import fold
from extractors.weekdays import DAY_NAMES
from gateway.model import Problem

# a share of the ordered quantity: "die Hälfte", "only half", "la moitié", "ein Drittel", "a third", "un quart";
# not a time ("half past 3", "half an hour", "halb vier", "a half day", "un quart d'heure") nor a third party ("tiers")
_SHARE = re.compile(
    r"\b(?:halfte|haelfte|moitie|drittel|viertel"
    r"|half(?!\s*(?:-(?!\s*quantit)|past|an?\s+hour|hour|day|days|time|term|way|pallets?|palettes?)\b)"
    r"|demi[- ]?quantite"
    r"|(?:a|one|two|the)\s+(?:third|quarter)s?(?!\s+(?:of\s+an?\s+)?hour)(?!\s+past)"
    r"|(?:un|le|deux|les)\s+(?:tiers|quarts?)(?!\s+d'?\s*heure)(?!\s+(?:transporteur|personne|partie|payant))"
    r"|(?:halbe|halben)\s+(?:menge|bestellung|lieferung|ware|stuckzahl|anzahl)"
    r"|(?:dimezzat\w*|meta|mitad|helft)"
    r")\b")

# the shared names (``extractors.weekdays.DAY_NAMES``), their short forms and the days in Italian, Spanish, Dutch
_SHORT_AND_MORE = ("mon|mo|lun|lunedi|lunes|maandag", "tue|tues|di|martedi|martes|dinsdag",
                   "wed|mi|mer|mercoledi|miercoles|woensdag", "thu|thurs|do|jeu|giovedi|jueves|donderdag",
                   "fri|fr|ven|venerdi|viernes|vrijdag", "sat|sa|sam|sabato|sabado|zaterdag", "sun|so|domenica|domingo|zondag")
_DAYS = {n: "|".join([*names, more]) for n, (names, more) in enumerate(zip(DAY_NAMES, _SHORT_AND_MORE))}
_SHORT_DAYS = frozenset({"mon", "mo", "tue", "tues", "di", "wed", "mi", "thu", "thurs", "do", "fri", "fr", "sat", "sa",
                         "sun", "so", "lun", "mer", "jeu", "ven", "sam"})
_DAY_WORD = re.compile(r"\b(" + "|".join(_DAYS.values()) + r")s?\b\.?")
_DAY_OF = {name: number for number, names in _DAYS.items() for name in names.split("|")}
# two days joined as a window: "Mo-Fr", "Monday to Friday", "lundi au vendredi", "Montag bis Freitag"
_RANGE = re.compile(r"^\s*(?:-|\u2013|/|to|till|until|through|thru|bis|au|a|al|tot|et|and|und|&|,|or|oder|ou)\s*$")
# words that ask for a day: "deliver (on) Monday", "bring it Tuesday", "bitte am Montag liefern", "livrer mardi"
_ASK_VERB = re.compile(r"\b(?:deliver|bring|ship|send|come|arrive|drop|liefern|anliefern|bringen|schicken|senden|kommen"
                       r"|zustellen|livrer|livrez|apporter|envoyer|expedier|passer|venir|consegnare|entregar|leveren)\b")
# a day named against another: "Monday, not Friday", "mardi et non jeudi", "Montag statt Freitag", "rather than"
_AGAINST = re.compile(r"\b(?:not|nicht|pas|non|rather\s+than|instead\s+of|statt|anstatt|anstelle|au\s+lieu\s+du?"
                      r"|plutot\s+que|en\s+lieu\s+et\s+place\s+du?|invece\s+di|en\s+vez\s+de|in\s+plaats\s+van)\b")
_ONLY_RULE = re.compile(r"\s*(?:only|nur|uniquement|seulement|exclusively|ausschliesslich|solo|alleen)\b")
_REFUSAL = re.compile(r"\b(?:no|not|never|nicht|kein\w*|keine|pas|aucune?|nie|jamais|except|ausser|sauf|closed|geschlossen"
                      r"|ferme\w*)\b")

# a day of the month alone after a delivery word: "le 12", "am 14.", "on the 14th", "the 9th"; not hours ("le 12 h"),
# a dock or a count ("the 2 pallets")
_BARE_DAY = re.compile(r"\b(?:le|am|on\s+the|the|el|il|op\s+de)\s+(\d{1,2})(?:st|nd|rd|th|er|\.)?(?=\s*(?:$|[,;.!)]|\s(?:please"
                       r"|pls|svp|bitte|merci|thanks|danke|at|um|a|vers|before|avant|vor|latest|au\s+plus\s+tard"
                       r"|spatestens|du\s+mois|of\s+the\s+month|des\s+monats)\b))")
_DELIVERY = re.compile(rf"\b(?:{DELIVERY_STEMS}|send|bring\w*|recept\w*|consegn\w*|entreg\w*|lever\w*)\b")

# more goods asked without a count: an addition word and a word of sending ("Bitte noch Druckerpatronen mitliefern",
# "throw in some envelopes as well", "merci d'ajouter aussi du papier"); not papers ("noch 2 Lieferscheine
# beilegen", "please also send the invoice", "a copy of the delivery note as well")
_MORE = re.compile(r"\b(?:noch|zusatzlich|ausserdem|auch|dazu|also|as\s+well|too|additionally|extra|aussi|egalement"
                   r"|en\s+plus|de\s+plus|anche|tambien|ook)\b")
_SEND_GOODS = re.compile(r"\b(?:mit\w*liefer\w*|mitschick\w*|mitsend\w*|beileg\w*|beipack\w*|mitbring\w*|dazulegen"
                         r"|send|ship|include|add|throw\s+in|pack|put\s+in|deliver|bring"
                         r"|ajout\w*|joindre|envoy\w*|livr\w*|mettre|inclure|rajout\w*"
                         r"|liefern|schicken|senden|hinzufug\w*|aggiung\w*|inviare|anadir|enviar|toevoegen|meesturen)\b")
_PAPERS = re.compile(r"\b(?:invoice|rechnung|facture|lieferschein\w*|delivery\s+note|bon\s+de\s+livraison|packing\s+(?:list|slip)"
                     r"|certificat\w*|zertifikat\w*|datenblat\w*|data\s*sheet|fiche\w*|copy|copies|kopien?|exemplaires?"
                     r"|documents?|dokument\w*|papers|papiers|unterlagen|confirmation|bestatigung|quote|angebot|devis"
                     r"|catalog\w*|katalog\w*|price\s+list|preisliste|tarifs?|tracking|sendungsnummer|number|nummer"
                     r"|numero|reference|referenz|po|bestellnummer|order\s+number|e-?mail|mail|fax|invoices|receipt"
                     r"|address|adresse|anschrift|location|standort)\b")


# a person the goods go to, the salutation and the name only: "an Herrn Müller", "to Mr Smith", "à Mme Petit"; the
# goods named after the name stay ("auch an Herrn Müller Toner liefern", "also send to Mr Smith some toner")
_TO_SOMEONE = re.compile(r"\b(?:to|an|at|zu[mr]?|bei|chez|a|au|aux|c/o|attn|z\.?\s?hd\.?|fur|for)\s+(?:(?:mr|mrs|ms|dr|herrn?|frau"
                         r"|mme|mlle|monsieur|madame)\b|m\.)\.?(?:\s*(?:dr|prof)\b\.?)?\s*[\w'-]+")
# what an "also deliver ..." may name besides goods: a time, a day, a place at the site, a way of handling
_NOT_GOODS = re.compile(
    r"\b(?:before|after|until|till|by|noon|morning|afternoon|evening|today|tomorrow|asap|soon|early|earlier|later|time"
    r"|week|weekend|vor|nach|bis|ab|mittags?|morgens|vormittags?|nachmittags?|abends|heute|morgen|fruh|fruher|spater"
    r"|woche|wochenende|avant|apres|matin|midi|soir|aujourd'hui|demain|tot|tard|heures?|uhr|semaine|am|pm"
    r"|rear|front|back|side|entrance|reception|gate|dock|door|tor|rampe|quai|porte|eingang|pforte|hof|accueil|entree"
    r"|entrepot|warehouse|lager|site|floor|etage|stock|building|gebaude|batiment|address|adresse|here|there|hier|dort|ici"
    r"|carefully|vorsichtig|prudemment|fragile|zerbrechlich|upright|stacked|pallets?|palettes?|paletten?|same|day|tag"
    r"|jour|usual|ublich|habitude|neutral|neutre|neutraler?|label\w*|etikett\w*|etiquet\w*)\b")


# a share as a percentage ("nur 50 % liefern", "ship 50% now", "livrer 30 pour cent") where the remark sends goods or
# says only/now; "half pallets ..., the rest in January": a part now and the rest later
_PERCENT = re.compile(r"\b\d{1,3}(?:[.,]\d+)?\s*(?:%|prozent|percent|per\s+cent|pour\s*cent|por\s+ciento|per\s+cento|procent)")
_NOW_OR_ONLY = re.compile(r"\b(?:only|just|nur|erst|vorerst|zunachst|seulement|uniquement|que|now|jetzt|sofort|maintenant"
                          r"|d'abord|first|initially|for\s+now|pour\s+l'instant|pour\s+le\s+moment)\b")
_HALF_PACKS_REST = re.compile(r"\bhalf\s+(?:pallets?|palettes?)\b.*\b(?:rest|remainder|remaining|balance|reste|restliche\w*)\b")


def _share(folded: str) -> bool:
    """A share of the ordered quantity asked: a fraction word, a percentage beside a word of sending, only or now,
    or half pallets with the rest later."""
    if _SHARE.search(folded) or _HALF_PACKS_REST.search(folded):
        return True
    return bool(_PERCENT_ASKED.search(folded))


# a percentage asked next to its word of sending, only or now, at most one word between ("nur 50 % liefern", "ship
# 50% now", "deliver only 40 percent"); not a rate printed in a table's column beside a description that says
# deliver ("merci de livrer Unité(s) 20 %": the tax column)
_PERCENT_ASKED = re.compile(
    r"(?:" + _DELIVERY.pattern + "|" + _NOW_OR_ONLY.pattern + r")\s+(?:[a-z']+\s+)?" + _PERCENT.pattern
    + "|" + _PERCENT.pattern + r"\s+(?:[a-z']+\s+)?(?:" + _DELIVERY.pattern + "|" + _NOW_OR_ONLY.pattern + ")")


def line_words(lines: list) -> list[str]:
    """The words an order's lines are known by (description, unit), for ``remark_change``'s ``lines``."""
    return [" ".join(str(v) for v in (getattr(line, "description", None), getattr(line, "uom", None)) if v) for line in lines]


def remark_change(text: str, wanted: date | None = None, lines: list[str] | None = None) -> Problem | None:
    """``CHANGE-TYPED`` when a remark (typed, printed, in a cell or a structured note) asks for a change of the order
    besides what else it says; ``wanted`` is the order's requested date (a day asked that is its own is none) and
    ``lines`` the order's line texts (a count named after "the" is the order's own goods only when a line names
    them)."""
    folded = " ".join(fold(text).replace("ß", "ss").split())
    quoted = repr(text.strip()[:120])
    if _share(folded):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a remark asks for a share of the ordered quantity, a person applies it: {quoted}")
    if other_day(folded, wanted, text):
        return Problem(code="CHANGE-TYPED", severity="error", element="requested_delivery_date",
                       message=f"a remark asks for another delivery day than the order's, a person applies it: {quoted}")
    if counted_goods(folded, lines):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a remark counts goods in packs (in any language), it may order more than the "
                               f"order's lines, a person adds them: {quoted}")
    if goods_added(folded):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a remark asks for more goods than the order's lines, a person adds them: {quoted}")
    return None


# a short day stands for a day only where a day can: before a stop, a word of asking or against ("Do. liefern",
# "Fri, not Wed", "Thu please") or a time; "do not", "mon colis", "so please" and "Fr. Müller" (a title before a
# capitalised name) are other words
_AFTER_SHORT_DAY = re.compile(r"\s*(?:$|[,;!?)]|\.\s*$|\d|(?:please|pls|bitte|svp|merci|thanks|danke|instead|statt|anstatt"
                              r"|rather|plutot|au\s+lieu|or|oder|ou|and|und|et|at|um|a|vers|before|avant|vor|ab|bis|von|from|des"
                              r"|de|morning|afternoon|vormittags?|nachmittags?|matin|apres-midi|fruh|noon|mittags?)\b)")
_BEFORE_SHORT_DAY = re.compile(r"(?:\b(?:am|on|le|ce|this|next|by|until|till|ab|bis|noon|statt|anstatt|not|nicht|pas|non"
                               r"|than|of|que|du|au)|,)\s*$")
_AMBIGUOUS_SHORT = frozenset({"mo", "mon", "di", "mi", "do", "so", "sa", "lun", "mer", "jeu", "ven", "sam"})


def _days(folded: str, text: str = "") -> list[tuple[int, int, int, str]]:
    """The weekdays named (number, start, end, word); a short form ("Mo", "Fr", "Do", "Fri") counts in a window, before
    a time, or where a day stands (next to a word of asking, against, a stop), never as "do not", "mon colis" or the
    title of "Fr. Müller"."""
    found = []
    titled = {fold(w) for w in re.findall(r"\bFr\.?\s+([A-ZÄÖÜ][\wäöüß'-]+)", text)} - {"liefern", "lieferung", "anliefern",
                                                                                    "statt", "oder", "und", "bis", "ab"}
    for m in _DAY_WORD.finditer(folded):
        word = m.group(1)
        if word in _SHORT_DAYS:
            after = folded[m.end():m.end() + 3]
            before = folded[max(0, m.start() - 3):m.start()]
            dotted_time = m.group(0).endswith(".") and re.match(r"\s*(?:\d|ab\b|bis\b|von\b|from\b|des\b|de\b)", after + folded[m.end() + 3:m.end() + 6])
            window = re.match(r"\s*[-\u2013/]", after) or re.search(r"[-\u2013/]\s*$", before)
            rest = folded[m.end():]
            next_word = re.match(r"\s*([\w']+)", rest)
            ahead = folded[max(0, m.start() - 25):m.start()]
            stands = (_AFTER_SHORT_DAY.match(rest) or next_word and (_ASK_VERB.fullmatch(next_word.group(1))
                                                                      or _AGAINST.match(rest.lstrip())))
            if word == "do" and re.match(r"\s*(?:not|n't|you|we|i)\b", rest) \
                    or word == "fr" and next_word and next_word.group(1) in titled:
                stands = None  # "do not", "Fr. Müller"
            elif word in _AMBIGUOUS_SHORT and not m.group(0).endswith(".") and stands:
                # "so please", "mi casa", "mon colis": an undotted short word is a day only after a word of asking
                stands = _BEFORE_SHORT_DAY.search(ahead) or _ASK_VERB.search(ahead[-12:])
            if not (dotted_time or window or stands and (_ASK_VERB.search(ahead) or _AGAINST.search(ahead)
                                                         or _BEFORE_SHORT_DAY.search(ahead) or _ASK_VERB.search(rest[:20])
                                                         or _AGAINST.search(rest[:20]))):
                continue
        found.append((_DAY_OF[word], m.start(), m.end(), word))
    return found


# the order's own weekday or day in another week or month: "Mittwoch in einer Woche", "Thursday next week",
# "mercredi de la semaine prochaine", "on the 16th, in January"
_OTHER_WEEK = re.compile(r"\b(?:next\s+week|the\s+week\s+after|following\s+week|in\s+(?:a|one|two|2)\s+weeks?|week\s+after\s+next"
                         r"|nachste\w*\s+woche|ubernachste\w*|in\s+(?:einer|1|zwei|2)\s+wochen?|eine\s+woche\s+spater"
                         r"|semaine\s+(?:prochaine|suivante|d'apres)|prochaine\s+semaine|dans\s+(?:une|1|deux|2)\s+semaines?"
                         r"|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi)\s+prochain|in\s+\d+\s+days?|in\s+\d+\s+tagen)\b")
_MONTHS = {1: "january|januar|janvier|jan|janner", 2: "february|februar|fevrier|feb|fev", 3: "march|marz|mars|mar",
           4: "april|avril|apr|avr", 5: "may|mai", 6: "june|juni|juin|jun", 7: "july|juli|juillet|jul|juil",
           8: "august|aout|aug", 9: "september|septembre|sept|sep", 10: "october|oktober|octobre|oct|okt",
           11: "november|novembre|nov", 12: "december|dezember|decembre|dec|dez"}
_MONTH_WORD = re.compile(r"\b(" + "|".join(_MONTHS.values()) + r")\b\.?")
_MONTH_OF = {name: number for number, names in _MONTHS.items() for name in names.split("|")}


def other_day(folded: str, wanted: date | None = None, text: str = "") -> bool:
    """A weekday asked for delivery ("deliver Monday", "bitte am Dienstag liefern") that is not the order's own, or a
    day named against another ("Monday, not Friday", "mardi et non jeudi"), or a day of the month asked that is not
    the order's ("livrer avant 10 h le 12"); windows ("Mo-Fr", "lundi au vendredi") and refusals ("no deliveries on
    Fridays", checked against the date by the date rules) ask nothing."""
    days = _days(folded, text)
    windows = set()
    for a, b in zip(days, days[1:]):
        if _RANGE.match(folded[a[2]:b[1]]):
            windows |= {a[1], b[1]}
    asked = [d for d in days if d[1] not in windows]
    for a, b in zip(asked, asked[1:]):
        between = folded[a[2]:b[1]]
        if a[0] != b[0] and _AGAINST.search(between) and len(between) <= 30:
            return True  # "Monday, not Friday", "Montag statt Freitag", "mardi et non jeudi"
        if a[0] != b[0] and _AGAINST.search(folded[max(0, a[1] - 25):a[1]]) and len(between) <= 30:
            return True  # "not Friday but Monday", "statt Freitag bitte Montag"
    for number, start, _end, _word in asked:
        _end = _end - 1 if folded[_end - 1:_end] == "." else _end
        before = folded[max(0, start - 40):start]
        after = folded[_end:_end + 30]
        if _REFUSAL.search(before) or _REFUSAL.search(after[:12]) or _ONLY_RULE.search(before[-12:]) \
                or _ONLY_RULE.match(after) or folded[_end - 1:_end] == "s" and not _word.endswith("s"):
            continue  # "no deliveries on Fridays", "Freitag geschlossen", "Tuesdays only": a rule the date rules check
        if not (_ASK_VERB.search(before) or _ASK_VERB.search(after)):
            continue
        if wanted is None or wanted.weekday() != number or _OTHER_WEEK.search(folded):
            return True  # another day, or the order's own weekday in another week ("Thursday next week")
    if _DELIVERY.search(folded) and wanted is not None and not _REFUSAL.search(folded):
        # "on the 16th, in January", "erst am 16. Januar": a month named that is not the order's
        if any(_MONTH_OF[m.group(1)] != wanted.month for m in _MONTH_WORD.finditer(folded)
               if len(m.group(1)) > 3 or m.group(0).endswith(".") or m.group(1) in {"mai", "may", "mars", "juni", "juli", "juin"}):
            return True
    if _DELIVERY.search(folded):
        for m in _BARE_DAY.finditer(folded):
            day = int(m.group(1))
            if 1 <= day <= 31 and (wanted is None or wanted.day != day):
                return True
    return False


def goods_added(folded: str) -> bool:
    """More goods asked with no count: an addition word, a word of sending and a noun that is no paper
    ("Bitte noch Druckerpatronen mitliefern"; not "Bitte auch den Lieferschein beilegen")."""
    if not (_MORE.search(folded) and _SEND_GOODS.search(folded)):
        return False
    rest = _SEND_GOODS.sub(" ", _MORE.sub(" ", folded))
    rest = _TO_SOMEONE.sub(" ", rest)  # "bitte auch an Herrn Müller liefern", "also send to Mr Smith": whom, no goods
    rest = re.sub(r"\b(?:please|pls|bitte|merci|svp|s'il\s+vous\s+plait|could|can|you|would|kindly|we|need|us|our|unsere?\w*"
                  r"|notre|nos|de|du|des|d'|the|a|an|some|any|den|die|das|der|dem|ein\w*|un|une|le|la|les|l'|per|favore"
                  r"|por|favor|alstublieft|graag|with|mit|avec|in|to|for|fur|pour|and|und|et|of|on|it|uns|nous|ihnen"
                  r"|sie|wir|ich|i|je|vous|nur|only|einige|quelques|etwas|bit|same|order|bestellung|commande|lieferung"
                  r"|delivery|livraison|as|well|them|this|that|es|ca|cela|konnten|konnen|pourriez|pouvez)\b", " ", rest)
    rest = _NOT_GOODS.sub(" ", _DAY_WORD.sub(" ", rest))
    words = [w for w in re.findall(r"[^\W\d_][\w'-]{2,}", rest)]
    if not words:
        return False
    return not _PAPERS.search(folded)


# packs and pieces counted, in the languages customers write beside fr/de/en: "3 BOITES DE TROMBONES", "2 cajas de
# grapas", "3 scatole di graffette", "4 dozen nietjes", "2 caixas", "5 Packungen"; a handling limit ("max 20 cartons
# per pallet", "20 Kartons pro Palette") is no order
_PACKS = (r"(?:boxe?s?|boites?|boite|cartons?|kartons?|schachteln?|packungen?|pakete?|paquets?|packs?|packets?|reams?"
          r"|rames?|rolls?|rollen?|rouleaux?|bottles?|flacons?|flaschen?|bidons?|sachets?|beutel|bags?|sacs?|tubes?"
          r"|cajas?|paquetes?|rollos?|botellas?|bolsas?|unidades|piezas|resmas?"
          r"|scatol[ae]|confezion[ei]|pacch?[oi]|rotol[oi]|bottigli[ae]|risme?|pezzi|buste"
          r"|doos|dozen|pakken?|rollen|flessen|stuks|zakken|caixas?|pacotes?|rolos?|garrafas?|pudel\w+"
          r"|kartony?|paczk\w+|rolk\w+|sztuk\w*|krabic\w*|balen\w*|lader?)")
_COUNTED_PACK = re.compile(r"(?<![\d.,:/-])\b(\d{1,4})\s*(?:x\s*)?" + _PACKS + r"\b(?!\s*(?:per|pro|par|por|a|je|max)\b)")
_HANDLING_LIMIT = re.compile(r"\b(?:max(?:imum|imal)?\.?|hochstens|au\s+plus|not\s+more\s+than|no\s+more\s+than|up\s+to|bis\s+zu"
                             r"|jusqu'?\s*a|in|into|auf|en|dans|sur|on|across|over|split\s+into|verteilt\s+auf)\s*$")


# a count after an article or a demonstrative is the order's own goods ("deliver the 10 reams to floor 2")
_THE = re.compile(r"\b(?:the|these|those|our|your|die|den|der|diese[nr]?|unsere[nr]?|les|ces|nos|vos|los|las|gli|le|i|de|onze)\s*$")


# a word that adds goods: a count after "the" beside it is no order's own goods ("Please include the 3 boxes of pens",
# "Merci d'ajouter les 3 boîtes", "Bitte die 5 Kartons Kopierpapier beilegen")
_ADDING = re.compile(r"\b(?:include|add|added|adding|throw\s+in|put\s+in|ajout\w*|rajout\w*|inclure|joindre|beileg\w*|beipack\w*"
                     r"|dazu\w*|hinzufug\w*|mitliefer\w*|mitschick\w*|anadir|incluir|aggiung\w*|toevoegen|extra|additional\w*"
                     r"|zusatzlich\w*|supplementaire\w*|en\s+plus|as\s+well|also|auch|noch|aussi|too)\b")


def counted_goods(folded: str, lines: list[str] | None = None) -> bool:
    """A count of packs or pieces in a remark ("3 BOITES DE TROMBONES", "2 cajas de grapas"): goods the order's
    lines may not hold. Not a limit of handling ("max. 20 Kartons", "20 cartons per pallet") nor how it ships
    ("pack in 2 boxes", "en 3 cartons"). A count after "the" ("deliver the 10 reams to floor 2") is the order's own
    goods only when no word adds goods and one of the order's ``lines`` names the pack or the goods."""
    for m in _COUNTED_PACK.finditer(folded):
        before = folded[max(0, m.start() - 20):m.start()]
        named = _GOODS_AFTER.match(folded, m.end())
        if _THE.search(before) and not _HANDLING_LIMIT.search(before) and not _CONTENT_OF.search(before) \
                and not _own_goods(folded, m, lines):
            return True  # "the 10 reams to floor 2" on an order with no reams, "include the 3 boxes of pens"
        if named and named.group(1) not in _NO_GOODS and not _PACK_WORD.fullmatch(named.group(1)) \
                and not _CONTENT_OF.search(before) \
                and not _HANDLING_LIMIT.search(before) and not (_THE.search(before) and _own_goods(folded, m, lines)):
            return True
    return False


def _own_goods(folded: str, m: re.Match[str], lines: list[str] | None) -> bool:
    """Whether a count after "the" names the order's own goods: no word of adding, and a line of the order names
    the pack or the goods after it ("the 10 reams" on an order of paper in reams)."""
    if _ADDING.search(folded) or not lines:
        return False
    own = " ".join(fold(str(line)) for line in lines)
    pack = re.match(r"\d{1,4}\s*(?:x\s*)?([a-z]+)", folded[m.start():])
    named = _GOODS_AFTER.match(folded, m.end())
    words = {w for w in (pack.group(1) if pack else "", named.group(1) if named else "") if len(w) >= 3}
    stems = {w.rstrip("s") if len(w) > 4 else w for w in words}
    return any(re.search(r"\b" + re.escape(w), own) for w in stems)


# the goods a counted pack names ("3 BOITES DE TROMBONES", "4 dozen nietjes", "5 Packungen Kopierpapier"): a pack
# with no goods after it is a pack size printed in a description ("10 Boîte(s)", "5 Pack", "box of 10")
_GOODS_AFTER = re.compile(r"\s*(?:(?:de|d'|of|di|da|do|van|von|mit|con)\s*)?([a-z]{3,})")
_NO_GOODS = frozenset({"please", "bitte", "merci", "per", "pro", "par", "por", "each", "and", "und", "the", "les", "der",
                       "die", "das", "only", "nur", "seulement", "max", "maximum", "total", "net", "ttc", "eur", "usd"})
# a count inside another pack's content ("Karton mit 5 Pack", "carton de 5 ramettes", "case of 5 reams")
_PACK_WORD = re.compile(_PACKS)  # "of 5 reams Carton": a pack named after a pack is how it ships, no goods
_CONTENT_OF = re.compile(_PACKS + r"\s*(?:mit|of|de|a|with|avec|von|containing|contenant|enthaltend|x)\s*$")
