"""A site of the customer's named in words, in any case and word order, with no address: "GOODS FOR OUR CORK
BRANCH", "Deliver to Dublin Office Supplies Waterford warehouse", "WARE FÜR HANSA BÜROTECHNIK FILIALE ROSTOCK",
"Lieferung ins Lager Bremen", "à livrer au dépôt de Metz", "Pour notre dépôt Papeterie Lenoir à Dijon".

A line is read when it says where the goods go (a delivery word, or "for"/"für"/"pour" before the site word) and
names a site (branch, site, store, warehouse, depot, plant, Filiale, Werk, Lager, Niederlassung, agence, dépôt,
entrepôt, usine, magasin...) with a word beside it that may be its place: within four words before the site word
or two after it (through "in", "de", "à", "von"...), none of "main", "head", "usual", a verb or a number, and, in
a line with lower-case letters, capitalised. With no street and no postcode on the line, which place the goods
go to is for a person to set (``SHIP-TO-UNSURE``): the head-office address on file is never assumed. "Please
deliver to our head office as usual" names no other site."""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import Party, Problem

SITE_WORDS = re.compile(
    r"^(?:sites?|stores?|shops?|branch(?:es)?|warehouses?|depots?|plants?|locations?|facility|facilities|premises"
    r"|yards?|hubs?|outlets?|filialen?|niederlassung(?:en)?|lager|werke?|werks|baustellen?|standorte?|zweigstellen?"
    r"|geschafts?stellen?|auslieferungslager|entrepots?|magasins?|agences?|chantiers?|usines?|succursales?|boutiques?"
    r"|etablissements?)$")
_COMPOUND = re.compile(r"^[a-z]{3,}(?:filiale|niederlassung|lager|werk|baustelle|standort)$")  # "Zweiglager"
_HEAD = re.compile(r"^(?:haupt|zentral|central)")  # "Hauptlager", "Zentrallager": the main one
_WHERE = re.compile(r"\b(?:deliver\w*|ship\w*|send|sent|dispatch\w*|drop\w*|goods|items|livr\w*|livraison|expedi\w*"
                    r"|envoy\w*|achemin\w*|marchandises?|liefer\w*|schick\w*|versend\w*|versand|zustell\w*|ware"
                    r"|anliefer\w*)\b")
_FOR = {"for", "fur", "fuer", "pour"}
_LINKS = {"in", "at", "de", "du", "d", "a", "von", "bei", "near", "of", "en", "im", "zu", "zum", "zur", "au", "aux"}
_NOT_PLACE = frozenset(
    "main head headquarters hq central usual regular normal own same new local receiving distribution shipping "
    "loading goods haupt zentral principal principale habituel habituelle siege social before after on by until bis "
    "vor avant apres please bitte merci only asap and und et for fur fuer pour with mit avec the as wie comme area dock "
    "door gate rampe quai tor entrance entry address adresse is are ist sind est this that today tomorrow morgen "
    "demain heute if falls si when wenn our my your we you i unser unsere unserer unseren unserem ihre ihr notre nos "
    "votre vos mon ma mes le la les l des du de d a au aux en dans sur chez to at in into of an auf nach zu zum zur "
    "ins im die der den dem das des ein eine einen einem the a an these those them it its goods items ware waren "
    "marchandise marchandises lieferung livraison delivery deliver delivered ship shipping shipment send sent please "
    "thanks thank danke merci also auch aussi all alle tous toutes every jede chaque next last letzte dernier "
    "prochain nachste office bureau buro plant site store branch warehouse depot lager werk filiale agence usine "
    "magasin entrepot chantier standort niederlassung premises location facility yard hub outlet stock bestand "
    "inventory team manager maintenance staff equipment supplies supply delivery".split())
_ADDRESS = re.compile(r"\d{4,}|\b\d+[a-z]?,?\s+(?:[^\W\d_]+\s+){0,3}?(?:st|street|road|rd|ave|avenue|lane|way|drive"
                      r"|strasse|str|weg|platz|allee|rue|avenue|boulevard|bd|chemin|place|quai)\b"
                      r"|(?:strasse|str\.|weg|platz|allee)\s*\d|\brue\b|\b[a-z]{1,2}\d[a-z\d]?\s+\d[a-z]{2}\b")
_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[./]\d{1,2}\.?(?!\d)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+")
SITE_ELEMENT = "ship_to.site"  # a site named in words: settled only by the customer's own place of that name


_IN_STOCK = frozenset({"am", "auf", "ab", "vom", "an"})  # "am Lager": in stock


def _words(text: str) -> list[tuple[str, str]]:
    """The line's words, each as written and folded (accents off, lower case, "ß" as "ss", elisions split)."""
    out = []
    for raw in _WORD.findall(text):
        for part in re.split(r"['’]", raw):
            if part:
                out.append((part, fold(part).replace("ß", "ss").lower()))
    return out


def _is_site(word: str) -> bool:
    return bool(SITE_WORDS.match(word) or (_COMPOUND.match(word) and not _HEAD.match(word)))


def _may_name(written: str, folded: str, cased: bool) -> bool:
    return (len(folded) >= 3 and not folded.isdigit() and folded not in _NOT_PLACE and not _is_site(folded)
            and not _WHERE.fullmatch(folded)  # "LIVRER A L'ENTREPOT", "ANLIEFERN IM LAGER": the verb names no place
            and (not cased or written[:1].isupper()))


def named_site(text: str) -> tuple[str, list[str]] | None:
    """(the site word, the words that may name its place) on a line saying where the goods go, or None."""
    folded_line = fold(text).replace("ß", "ss").lower()
    words = _words(text)
    cased = any(c.islower() for c in text)
    for index, (_written, word) in enumerate(words):
        if not _is_site(word):
            continue
        before = [w for _r, w in words[:index]]
        if not (_WHERE.search(folded_line) or _FOR & set(before)):
            continue
        if word == "lager" and before and before[-1] in _IN_STOCK:
            continue  # "sind alle 12 Dübel am Lager?", "auf Lager", "ab Lager": in stock, no site
        near = words[max(0, index - 4):index]
        after = words[index + 1:index + 3]
        if after and after[0][1] in _LINKS:
            after = after[1:2]
        elif after:
            after = after[:1]
        names = [w for w, f in [*near, *after] if _may_name(w, f, cased)]
        if names:
            return word, names
    return None


def site_in_words(text: str, known: str = "", element: str = SITE_ELEMENT) -> Problem | None:
    """``SHIP-TO-UNSURE`` for a line sending the goods to a site named in words with no address on it; none when
    every word naming the site is in ``known`` (the delivery address the document gives: that place)."""
    found = named_site(text)
    undated = _DATE.sub(" ", fold(text).replace("ß", "ss").lower())
    if found is None or _ADDRESS.search(undated):
        return None
    site, names = found
    given = {f for _w, f in _words(known)}
    if given and all(f in given for _w, f in _words(" ".join(names))):
        return None
    return Problem(code="SHIP-TO-UNSURE", severity="error", element=element,
                   message=f"the goods go to a site named in words ({site}: {' '.join(names)}), no address given, "
                           f"a person sets its ship-to: {text.strip()[:120]!r}")


def site_place_words(party: Party | None) -> str:
    """The words of a delivery address that may settle a site named in words: its town and postcode, and its name
    line only when that names a site ("ACME Ghent warehouse"). Never the company's own name ("Retail Brussels NV")
    nor a street ("5 Cork Street"): a place word found there says nothing of where the goods go."""
    if party is None:
        return ""
    name = party.name or ""
    sited = any(_is_site(f) for _w, f in _words(name))
    return " ".join(v or "" for v in (name if sited else "", party.city, party.postcode))
