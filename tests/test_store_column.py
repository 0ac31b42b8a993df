"""A line table's store / delivery place column: an address in it holds the order (SHIP-TO-UNSURE, the places
named); a column of store codes or storage locations says nothing."""

from extractors.capture.store_column import is_site_title, reads_as_address, site_problems
from extractors.capture.words import Word


def _words(text: str) -> list[Word]:
    return [Word(t, 10.0 * i, 0.0, 10.0 * i + 8, 10.0, 1.0, 0) for i, t in enumerate(text.split())]


def test_store_titles():
    for title in ("Magasin", "Filiale", "Store", "Lieu de livraison", "Lieferort", "Niederlassung"):
        assert is_site_title(title), title
    for title in ("Désignation", "Lager", "Emplacement", "Bemerkung"):
        assert not is_site_title(title), title


def test_address_against_codes():
    for text in ("Magasin Bron 22 avenue Franklin Roosevelt, 69500 Bron", "Filiale Harburg Lüneburger Str. 40",
                 "Niederlassung Kiel Holstenstraße 40, 24103 Kiel", "Galway Shop 14 Shop Street, Galway H91 X2Y3",
                 "Depot Nord 44145 Dortmund"):
        assert reads_as_address(text), text
    for text in ("0001", "Lager 01", "MAG-01 Villeurbanne", "Store 12", "1000", "Magasin central"):
        assert not reads_as_address(text), text


def test_places_named_in_the_hold():
    got = site_problems({0: _words("Magasin Lille 5 rue Nationale, 59000 Lille"),
                         1: _words("Magasin Rouen 18 rue du Gros-Horloge, 76000 Rouen")})
    assert [p.code for p in got] == ["SHIP-TO-UNSURE"]
    assert "Magasin Lille" in got[0].message and "Magasin Rouen" in got[0].message
    assert site_problems({0: _words("0001"), 1: _words("0002")}) == []


def test_cut_label_of_another_document_is_no_po_label():
    from extractors.capture.clipped_labels import other_document
    for stump in ("Requisitio", "Quotation n", "Kundennum", "Auftragsbest", "Numéro de con", "Auftrags"):
        assert other_document(stump), stump
    for stump in ("Purchase o", "Bestellnum", "Date de co", "N° de comm", "Numéro de", "Date de liv"):
        assert not other_document(stump), stump
