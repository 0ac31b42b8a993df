"""The country of a delivery address that names none: read from its words, never guessed.

A document's address often leaves its country out ("Rue de la Loi 16, 1000 Bruxelles" on a German customer's
order). Before, an address without a country took the customer's country whenever its postcode had that
country's shape; four-digit postcodes are Austrian, Belgian, Swiss, Luxembourgish and Danish alike, so a
Belgian site of an Austrian customer went to the ERP as Austrian. Now, in order:

* a country the document names (a country name or code, a prefixed postcode "B-1000", "A-1010", "CH-8001",
  read by the readers) stands;
* a city known for one country (``CITIES``: capitals and larger towns, in their languages: "Bruxelles",
  "Brussel", "Brüssel") gives that country when the postcode has its shape;
* else the customer's country, when the postcode has its shape and the street is not written in a language
  the customer's country does not speak ("Rue ...", "...straat" for an Austrian or German customer);
* else the country stays unknown and, when the address gives a postcode or a city, the order waits
  (``SHIP-TO-UNSURE``, with the reason): a postcode of another country's shape than the customer's, a known
  city whose country the postcode does not fit, a foreign street on a postcode that fits several countries.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.capture.ship_to import postcode_fits


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return re.sub(r"[^a-z0-9 ]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


_CITY_LIST = {
    "AT": "wien vienna vienne graz linz salzburg innsbruck klagenfurt villach wels st polten sankt polten dornbirn "
          "wiener neustadt steyr feldkirch bregenz leoben krems krems an der donau traun amstetten kapfenberg "
          "modling lustenau hallein kufstein baden bei wien wolfsberg schwechat",
    "BE": "bruxelles brussel brussels brussel bruessel brussel antwerpen anvers antwerp gent gand ghent charleroi "
          "liege luik luttich brugge bruges namur leuven louvain mons aalst alost mechelen malines "
          "kortrijk courtrai hasselt oostende ostende ostend ixelles elsene schaerbeek schaarbeek anderlecht uccle "
          "ukkel etterbeek wavre waver zaventem vilvoorde vilvorde sint niklaas genk roeselare la louviere tournai "
          "doornik seraing verviers mouscron moeskroen eupen sankt vith arlon aarlen nivelles nijvel "
          "woluwe saint lambert woluwe saint pierre molenbeek evere",
    "CH": "zurich zuerich geneve genf geneva ginevra basel bale basle bern berne lausanne luzern lucerne lugano "
          "st gallen sankt gallen saint gall winterthur biel bienne olten zug chur coire fribourg freiburg im uechtland "
          "neuchatel sion sitten thun koniz schaffhausen aarau baden ag la chaux de fonds vernier lancy "
          "kriens rapperswil jona dubendorf dietikon montreux yverdon les bains bellinzona locarno frauenfeld "
          "wil sg solothurn soleure",
    "LU": "luxembourg luxemburg letzebuerg esch sur alzette esch alzette differdange dudelange ettelbruck "
          "diekirch wiltz echternach remich mersch strassen bertrange",
    "DK": "kobenhavn copenhagen kopenhagen aarhus arhus odense aalborg esbjerg randers kolding horsens vejle",
    "NL": "amsterdam rotterdam den haag s gravenhage the hague utrecht eindhoven groningen tilburg almere breda "
          "nijmegen maastricht venlo",
}
# One string per country, names separated by single spaces; several-word names are kept whole below
_MULTI = {"st polten", "sankt polten", "wiener neustadt", "krems an der donau", "baden bei wien", "sint niklaas",
          "la louviere", "sankt vith", "woluwe saint lambert", "woluwe saint pierre", "st gallen", "sankt gallen",
          "saint gall", "freiburg im uechtland", "baden ag", "la chaux de fonds", "rapperswil jona",
          "yverdon les bains", "wil sg", "esch sur alzette", "esch alzette", "den haag", "s gravenhage",
          "the hague"}


def _cities() -> dict[str, str]:
    out: dict[str, str] = {}
    for country, names in _CITY_LIST.items():
        text = f" {names} "
        for multi in sorted(_MULTI, key=len, reverse=True):
            if f" {multi} " in text:
                out[multi] = country
                text = text.replace(f" {multi} ", " ")
        for name in text.split():
            out.setdefault(name, country)
    return out


CITIES = _cities()

# Street words and the languages they are written in; the languages each country's addresses are written in
_STREET_LANGUAGE = (
    ("fr", re.compile(r"^(?:rue|avenue|av|boulevard|bd|chaussee|place|chemin|ch|route|rte|allee|quai|impasse|"
                      r"square|cours)\b")),
    ("nl", re.compile(r"(?:straat|laan|plein|steenweg|dreef|kaai|gracht|singel)\b")),
    ("de", re.compile(r"(?:strasse|str|gasse|platz|allee|damm|ufer|weg|ring)\b")),
)
LANGUAGES = {"DE": {"de"}, "AT": {"de"}, "CH": {"de", "fr", "it"}, "BE": {"fr", "nl", "de"}, "LU": {"fr", "de"},
             "FR": {"fr"}, "NL": {"nl"}, "IT": {"it", "de"}, "ES": {"es"}, "DK": {"da"}}
# Countries whose postcodes have a shape (``postcode_fits``): an address of another shape is not theirs
SHAPED = frozenset("FR DE IT ES AT BE CH LU DK NL US GB".split())


def known_city(city: str | None) -> str | None:
    """The country of a city the table knows ("Brüssel" -> BE, "Genève" -> CH), or None."""
    if not city:
        return None
    folded = _fold(city)
    return CITIES.get(folded) or CITIES.get(re.sub(r"\s+\d+$", "", folded))  # "Wien 1", "Bruxelles 1000"


def street_languages(street: str | None) -> set[str]:
    """The languages the street's words are written in ("Rue de la Loi 16" -> fr, "Korenmarkt" none)."""
    found: set[str] = set()
    for part in re.split(r"[,\n]", street or ""):
        folded = _fold(part)
        words = [w for w in folded.split() if not w.isdigit()]
        for lang, pattern in _STREET_LANGUAGE:
            if pattern.search(" ".join(words[:1])) if lang == "fr" else any(pattern.search(w) for w in words):
                found.add(lang)
    return found


def place_country(postcode: str | None, city: str | None, street: str | None,
                  home: str | None) -> tuple[str | None, str | None]:
    """(country, doubt) of an address that names no country, for a customer of country ``home``."""
    postcode = (postcode or "").strip()
    home = (home or "").upper()[:2] or None
    named = known_city(city)
    if named is not None:
        home_fits = bool(home and home != named and postcode and postcode_fits(home, postcode))
        if home_fits and postcode_fits(named, postcode):
            # the postcode fits both: a town of the customer's own country may bear the name ("Strassen" in
            # Tyrol and in Luxembourg, "Wavre" in Neuchâtel and in Brabant) unless the street is written in a
            # language the customer's country does not speak
            spoken, written = LANGUAGES.get(home or ""), street_languages(street)
            if not (spoken and written and not written & spoken):
                return None, (f"the city {city!r} is in {named}, and the postcode {postcode!r} fits {named} and the "
                              f"customer's country {home}: the address names no country")
            return named, None
        if not postcode or postcode_fits(named, postcode) or named not in SHAPED:
            return named, None
        if home and postcode_fits(home, postcode):
            return home, None  # a town of the customer's own country with the same name ("Bergen", "Baden")
        return None, (f"the city {city!r} is in {named}, but the postcode {postcode!r} is not one of {named}'s: "
                      "the address names no country")
    if not postcode:
        return None, None
    if home and postcode_fits(home, postcode):
        spoken = LANGUAGES.get(home)
        written = street_languages(street)
        others = sorted(c for c in SHAPED if c != home and postcode_fits(c, postcode))
        if spoken and written and not written & spoken and others:
            return None, (f"the postcode {postcode!r} fits {home} and {', '.join(others)}; the street {street!r} "
                          f"is not written as {home}'s are, and the address names no country")
        return home, None
    if home in SHAPED:
        return None, (f"the postcode {postcode!r} is not one of the customer's country {home}, and the address "
                      "names no country")
    return None, None
