"""What the layout step looks for: header field labels, table column headers, table end and
skip rows, and the built-in French/English/German dictionaries used when no template applies.

A ``LayoutSpec`` is either ``GENERIC_SPEC`` (below) or a customer template loaded by
``extractors.capture.templates`` (which starts from the generic spec and replaces what it names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from extractors.capture.label_families import delivery_family, order_date_family, po_family
from extractors.locale_values import DocLocale

HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date", "currency", "total")
COLUMN_KINDS = ("line_no", "code", "customer_item", "supplier_item", "gtin", "description", "quantity",
                "uom", "unit_price", "price_basis", "amount", "requested_date", "discount", "ignore")
NUMERIC_KINDS = frozenset({"quantity", "unit_price", "amount"})
TEXT_KINDS = frozenset({"line_no", "code", "customer_item", "supplier_item", "gtin", "description"})


@dataclass(frozen=True)
class FieldSpec:
    """How to find one header field: labels with the value to their right or below, and/or a
    regular expression over a row's text whose first group is the value."""

    name: str
    labels: tuple[str, ...] = ()
    where: tuple[str, ...] = ("right", "below")
    pattern: str | None = None  # the value must match this (fullmatch)
    regex: tuple[str, ...] = ()
    max_below: float = 2.6  # rows (in word heights) a value may sit under its label


@dataclass(frozen=True)
class ColumnSpec:
    kind: str
    headers: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[ColumnSpec, ...]
    end: tuple[str, ...]  # a row starting with one of these ends the table
    total: tuple[str, ...]  # end rows whose number is the order total (best first)
    skip: tuple[str, ...]  # carried-forward rows: skipped, the table goes on
    min_kinds: int = 3


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    fields: Mapping[str, FieldSpec]
    table: TableSpec
    locale: DocLocale | None = None
    language: str | None = None
    units: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    strength: float = 0.95  # how much a match under this spec is worth (templates: 1.0)


PO_LABELS = (
    "numéro", "nummer", "number",  # generic: "Numéro : CMD-77120" under the order's title
    "n° de commande", "numéro de commande", "no de commande", "n° commande", "commande n°", "commande no",
    "bon de commande n°", "bon de commande no", "réf. commande", "référence commande", "n° bc",
    "bestellnummer", "bestell-nr.", "best.-nr.", "best.nr.", "belegnummer", "beleg-nr.", "einkaufsbeleg", "bestellung nr.", "bestellung nummer", "bestellschein nr.", "bestellschein-nr.", "bestell nr.", "auftragsnummer",
    "auftrags-nr.", "po number", "po no.", "po #", "p.o. number", "p.o. no.", "purchase order no.",
    "purchase order number", "purchase order #", "order no.", "order number", "order #", "order ref.",
    "commande fournisseur n°", "commande d'achat n°", "commande d'achat no", "n° de commande d'achat",
    "bon de commande d'achat n°", "bestelling nr.", "ordernummer", "inkoopordernummer",
    "référence de commande", "votre référence de commande", "votre n° de commande", "votre numéro de commande",
    "notre n° de commande", "notre numéro de commande", "notre commande n°", "numéro de bon de commande",
    "ihre bestellnummer", "unsere bestellnummer", "unsere bestell-nr.", "ihre bestell-nr.", "bestellreferenz",
    "your order number", "your order no.", "our order number", "our order no.", "our po number",
    "order reference", "purchase order reference",
    "n° pièce", "n° de pièce", "numéro de pièce",  # Sage, EBP: the document's own number
    "ihre bestellung", "ihre bestellung nr.",  # a seller's confirmation quoting the customer's order
    # the buyer's own reference on its letter or sheet: its order number (weighed as a generic label)
    "our ref", "our ref.", "our reference", "notre référence", "notre réf.", "notre ref", "unsere referenz",
    # a letter's sentence: "Please accept this letter as our purchase order DPC/PO/2291"
    "our purchase order", "our purchase order no.", "our purchase order number", "our purchase order #",
    # a lone reference or purchase-order abbreviation ("Réf. : CMD26-551", "P.O. 4471"; weighed as generic labels)
    "réf.", "réf", "ref.", "p.o.", "po", "p.o. #", "po nr.", "p.o. nr.",
    "n° de bon de commande", "no de bon de commande", "n° du bon de commande", "numéro du bon de commande",
    "n° bon de commande", "n° de commande client", "votre n° de bon de commande", "ihre bestellnummer",
    "bestellnummer (intern)", "bestell-nummer",
    "no.", "n°", "nº", "nr.",  # a lone number sign in the order's key-value block ("No. | 106023")
    # SAP's key-value grid: the number and the order date in one cell ("Bestellnummer/Datum | 4500012345 / 07.12.2026")
    "bestellnummer/datum", "bestell-nr./datum", "bestellnr./datum", "belegnummer/datum", "beleg-nr./datum",
    "po number/date", "po no./date", "order number/date", "order no./date",
    "purchase order no./date", "purchase order number/date",
    "n° commande/date", "n° de commande/date", "no commande/date", "numéro de commande/date", "n° cde/date",
    "n° bon de commande/date", "commande n°/date",
    # the buyer's own reference on its letter: "Bestellzeichen: HB-5521", "Notre réf. commande : LN-8830"
    "bestellzeichen", "unser bestellzeichen", "notre réf. commande", "notre réf commande", "notre référence commande",
    "notre réf. de commande", "our order ref.", "our order ref",
) + po_family()
# "Unser Zeichen" is a German letter's file reference ("EK/wb", "EK-4471") printed beside the Bestell-Nr. on every
# DIN 5008 letter: no PO label (review rev1 D9: it halved the PO's confidence)
REFERENCE_LABELS = ("our ref", "our reference", "notre référence", "notre ref", "unsere referenz")
# "Bestellung AM-01203 vom 5. Dezember 2026", "Commande CF-2291 du 3 décembre 2026": the date after the title's number
TITLED_DATE = (r"(?i)^(?:bestellung|bestellschein|auftrag|commande|bon de commande|order|purchase order)\s+(?:nr\.?|n°|no\.?)?\s*"
               r"[A-Z0-9][\w/.-]*\d[\w/.-]*\s+(?:vom|du|of|dated)\s+(\d.*?\d{4})\b")
ORDER_DATE_LABELS = (
    "date de commande", "date commande", "date", "bestelldatum", "belegdatum", "datum", "auftragsdatum", "order date",
    "date of order", "po date", "date ordered", "ordered on", "ordered", "besteldatum", "orderdatum", "order placed", "placed on",
    "issued", "issue date", "date issued", "date of issue", "bestellt am", "ausgestellt am", "date d'émission",
    "émise le", "commandé le", "commande passée le", "commandée le", "passée le", "date de la commande",
    "commande du", "bestellung vom", "order placed on", "ordered on", "date placed",
    "purchase order date", "date of po", "date of p.o.", "date of purchase order", "p.o. date", "po issue date",
    "order dated", "datum der bestellung", "bestellung datum", "date du bon de commande", "date du bc", "date bc",
    "date de commande client",
    "document date", "doc. date", "date of document", "raised", "raised on", "date raised", "created", "created on",
    "placed", "submitted", "submitted on",  # a portal's "Purchase order KS-66120 · placed 11/28/2026 by Dana Wells"
    "date created", "creation date", "date de création", "créée le", "créé le", "création", "angelegt am", "erstellt am", "erstellt", "erstelldatum", "date d'édition",
    "order deadline",  # Odoo prints the order's date (date_order) under it; a later one is implausible and holds
    "date limite de commande", "bestellfrist",  # the same in Odoo's French and German
) + order_date_family()
DELIVERY_LABELS = (
    "livraison souhaitée", "date de livraison souhaitée", "date de livraison", "délai de livraison",
    "livraison le", "date livraison", "à livrer le", "liefertermin", "wunschtermin", "lieferdatum",
    "gewünschter liefertermin", "anliefertermin", "delivery date", "requested delivery", "requested delivery date",
    "deliver by", "required by", "required date", "need by", "expected", "expected delivery", "ship date",
    "lieferung bis", "liefern bis", "anlieferung", "livrer avant le", "livraison avant le", "à livrer avant",
    "receive by", "receive by date", "received by", "empfang bis", "wareneingang bis", "réception avant le",
    "arrivée prévue", "date d'arrivée prévue", "arrivée prévue le", "date d'arrivée", "voraussichtliche ankunft",
    "erwartete ankunft", "expected arrival date", "arrival date", "receipt date", "expected receipt",
    "delivery", "deliver", "deliver on or before", "expected date", "date prévue", "date de livraison prévue", "livraison prévue", "expected receipt date", "expected delivery date",
    "date expected", "expected arrival", "expected on", "date de réception prévue", "date réception prévue",
    "réception prévue", "erwartetes wareneingangsdatum", "erwartetes lieferdatum", "gewünschtes wareneingangsdatum",
    "wareneingangsdatum", "date de besoin", "bedarfsdatum", "need-by date", "needed on", "date needed by", "deliver before", "delivery by", "delivery required", "required delivery", "required delivery date",
    "delivery required by", "delivery requested", "requested delivery by", "deliver on", "delivery due",
    "date de livraison demandée", "livraison demandée", "livraison souhaitée le", "à livrer pour le",
    "gewünschtes lieferdatum", "wunschliefertermin", "liefertermin gewünscht", "lieferung am",
    "lieferung gewünscht", "lieferung gewünscht am", "lieferung gewünscht bis", "gewünschte lieferung",
    "wunschlieferdatum", "gewünschter liefertag", "delivery requested by",
    "leverdatum", "gewenste leverdatum", "livraison",  # a sheet's "Livraison | 07/12/2026"
    # requested/required written after the date word, abbreviated, or as a deadline
    "ship date req.", "ship date requested", "ship date required", "requested ship date", "req. ship date",
    "req. delivery date", "req. date", "date req.", "date required", "date requested", "date needed",
    "need by date", "needed by", "ship by", "deliver no later than", "delivery no later than", "no later than",
    "requested delivery on", "required delivery on", "delivery wanted", "wanted by",
    "à livrer au plus tard le", "livrer au plus tard le", "au plus tard le", "date de livraison au plus tard",
    "date limite de livraison", "livraison au plus tard le", "livraison prévue", "date de livraison prévue",
    "spätester liefertermin", "liefertermin spätestens", "lieferung spätestens", "spätestens am",
    "anlieferung am", "anlieferung bis", "liefertermin (spätestens)", "gewünschter termin", "termin",
    # a need stated as a deadline ("BENÖTIGT BIS", "REQUIS POUR LE", "Bedarf bis:")
    "benötigt bis", "benötigt am", "bedarf bis", "bedarf am", "requis pour le", "requis le", "requis avant le",
    "livrer le",
    "required", "requis", "benötigt",
) + delivery_family()
CURRENCY_LABELS = ("devise", "monnaie", "währung", "currency", "valuta")
TOTAL_LABELS = (  # best first: the net total of the lines
    "total ht", "montant total ht", "total hors taxes", "montant ht", "sous-total", "total net", "net total", "total commande",
    "montant total", "summe netto", "nettobetrag", "netto", "warenwert",
    "zwischensumme netto", "zwischensumme", "gesamtbetrag netto", "gesamt netto",
    "gesamtbetrag", "gesamtsumme", "summe", "gesamt eur ohne mwst.", "gesamt ohne mwst.",
    "total eur ht", "total gbp excl. vat", "total usd", "order total", "total amount", "subtotal", "sub-total", "total",
    "net amount", "totaal", "totaal excl. btw", "goods", "goods total", "total goods", "value of goods",
    "total marchandises", "zwischensumme", "sous-total ht", "sous-total htva", "total excl. vat",
    "total excl vat", "total ex vat", "total ex. vat", "total before tax", "total before vat", "net total excl. vat",
    "total hors tva", "total htva", "summe ohne mwst", "gesamt netto", "nettosumme",
    "untaxed amount", "montant hors taxes", "total hors taxe", "nettowert", "gesamtnettowert",  # Odoo, SAP
    "valeur nette totale", "valeur nette totale ht", "valeur nette", "total net value", "total net value excl. tax",
    "net value", "gesamtnettowert ohne mwst",
    # the same net total with its words in another order (SAPscript forms, French and German ERP reports)
    "valeur totale nette", "valeur totale nette ht", "valeur totale ht", "valeur nette totale hors taxes",
    "montant total net", "montant net total", "montant net ht", "total valeur nette", "net total value",
    "total value net", "nettogesamtwert", "gesamtwert netto", "nettowert gesamt", "bestellwert netto",
    "netto-bestellwert", "bestellwert gesamt", "bestellwert",
)
GROSS_LABELS = ("total ttc", "montant ttc", "tva", "mwst", "ust", "bruttobetrag", "brutto", "endbetrag",
                "vat", "tax", "grand total", "total incl. vat", "balance due", "amount due")
SKIP_LABELS = ("report", "report de la page précédente", "à reporter", "übertrag", "uebertrag",
               "carried forward", "brought forward", "carry forward", "transport", "a reporter",
               "total à reporter", "total a reporter", "total reporté", "reporté", "report de page", "report page",
               "report à nouveau", "à reporter sur page suivante", "übertrag von seite", "übertrag auf seite",
               "seitenübertrag", "zwischensumme übertrag", "carried over", "brought over", "balance brought forward",
               "balance carried forward", "c/fwd", "b/fwd")

# titles of a quantity counted in packs, cases or parcels: the quantity only when no plain quantity title ("Qty",
# "Menge") stands beside them ("Cases | Per case | Qty": the Qty is the count of the product's own unit)
PACK_COUNT_TITLES = ("packs", "no. of packs", "number of packs", "qty packs", "cases", "no. of cases",
                     "cartons", "colis", "nb colis", "nombre de colis", "nbre colis", "qté colis",
                     "gebinde", "anz. gebinde", "anzahl gebinde", "menge gebinde", "kolli", "packungen")
# quantity titles counting packs, cases or parcels: beside a plain quantity title ("Cases | Units/Case | Quantity")
# the plain one is the quantity ordered
PACK_QUANTITY_TITLES = frozenset({"packs", "no. of packs", "number of packs", "qty packs", "cases", "no. of cases",
                                  "cartons", "colis", "nb colis", "nombre de colis", "nbre colis", "qté colis", "gebinde",
                                  "anz. gebinde", "anzahl gebinde", "menge gebinde", "kolli", "packungen"})

GENERIC_COLUMNS = (
    ColumnSpec("line_no", ("pos.", "pos", "position", "ligne", "line", "#", "lfd. nr.", "lfd.nr.", "no.",
                           "n°", "nr.", "nº")),
    ColumnSpec("supplier_item", ("votre réf.", "votre référence", "réf. fournisseur", "ref. fournisseur",
                                 "your ref.", "your reference", "supplier ref.", "supplier item",
                                 "supplier part no.", "supplier part #", "supplier part num", "supplier part number", "supplier part num.",
                                 "vendor part num", "vendor part number", "supplier item #", "vendor part no.",
                                 "vendor part #", "vendor item #", "vendor item no.", "ihre art.-nr.",
                                 "ihre artikelnummer",
                                 "lief.-art.-nr.", "lieferanten-art.-nr.", "lieferantenartikel", "ihre bestell-nr.",
                                 "your part no.", "your part #", "your code", "votre code", "votre réf. article",
                                 "your sku", "your item no.", "your item #", "your item", "your art. no.",
                                 "supplier sku", "vendor sku", "ihre art.-nr", "ihre nr.",
                                 "supplier code", "supplier item code", "supplier part", "vendor code", "vendor part",
                                 "supplier ref", "code fournisseur", "réf. fourn.", "lieferanten-nr.",
                                 "lieferantenartikelnummer", "lief.-nr.")),
    ColumnSpec("customer_item", ("notre réf.", "our ref.", "our code", "our item", "our item #", "our item no.",
                                 "our part #",
                                 "unsere art.-nr.", "buyer part no.", "buyer part #", "buyer item", "buyer item #",
                                 "buyer item no.", "customer item", "customer item #", "customer part #",
                                 "unsere artikelnummer", "unsere art.nr.", "kunden-art.-nr.", "kundenartikelnummer",
                                 "kunden-artikelnummer", "kunden-art.nr.", "our part no.", "our part number",
                                 "notre code", "notre code article", "réf. client", "ref. client",
                                 "référence client", "customer part no.", "unsere nr.", "unsere nummer",
                                 "our no.", "our number", "notre numéro", "notre n°")),
    ColumnSpec("gtin", ("ean", "gtin", "ean13", "ean-code", "code ean", "upc")),
    ColumnSpec("code", ("réf.", "réf", "référence", "réf. article", "référence article", "n° article", "code article", "code", "ref.", "ref",
                        "reference", "article", "art.", "artikel", "art.-nr.", "art. nr.", "artikelnummer",
                        "artikel-nr.", "artikelnr.", "item", "item no.", "item no", "item code", "item number",
                        "sku", "part no.", "part number", "part #", "product code", "material", "materialnummer",
                        "mat.-nr.", "material-nr.", "materialnr.", "material nr.", "mat.nr.", "mat. nr.", "artikelcode", "teilenummer", "teile-nr.", "teil-nr.", "teilenr.")),
    ColumnSpec("description", ("désignation", "designation", "description", "libellé", "bezeichnung",
                               "beschreibung", "artikelbezeichnung", "kurztext", "artikeltext", "materialkurztext",
                               "produit", "product", "product description", "item description", "omschrijving",
                               "produkt", "produktname", "artikelname", "product name", "nom du produit",
                               "artikelomschrijving", "text")),
    ColumnSpec("quantity", ("qté", "qte", "quantité", "qté commandée", "qty", "quantity", "qty ordered",
                            "ordered", "menge", "anzahl", "bestellmenge", "aantal", "nombre",
                            "oty",  # "Qty" as tesseract reads it on a fax ("Q" losing its tail)
                            # the quantity counted in packs, cases or parcels (the unit beside it says which)
                            *PACK_COUNT_TITLES)),
    ColumnSpec("uom", ("unité", "unite", "u.", "uom", "unit", "einheit", "me", "mengeneinheit", "um", "udm",
                       "eenheid", "u.m.", "unit of measure", "unité de mesure", "maßeinheit", "einheitencode",
                       "unit of measure code", "code unité")),
    ColumnSpec("unit_price", ("prix unitaire", "prix unit.", "prix unitaire ht", "p.u.", "p.u. ht", "pu ht",
                              "pu htva", "p.u. htva", "prix unitaire htva",  # Belgian "hors TVA"
                              "pu", "prix", "prix ht", "prix net", "einzelpreis", "preis", "preis/me",
                              "preis/einheit", "preis/einh.", "preis je einh.", "preis je einheit", "stückpreis",
                              # a price per unit written with a slash or a word ("Prix/unité", "Preis pro Einheit")
                              "prix/unité", "prix / unité", "prix/u.", "prix unité", "prix à l'unité", "prix/unite",
                              "price / unit", "price/unit.", "price per unit.", "preis / einheit", "preis pro einheit",
                              "preis pro me", "preis/stück.", "preis je stück", "preis je me", "ep", "unit price", "price", "unit cost", "rate", "cost", "coût", "cout", "kosten",
                              "price/unit", "net price", "prijs", "prijs/st", "stuksprijs", "price per unit",
                              "cost per unit", "price per item", "price each", "per unit", "prix par unité",
                              "price / pack", "price per pack", "pack price", "price / case", "price per case",
                              "prix / colis", "prix par colis", "prix colis", "preis/gebinde", "preis je gebinde",
                              "gebindepreis",
                              # an ERP's cost titles qualified by tax ("Direct Unit Cost Excl. VAT", "EK-Preis")
                              "direct unit cost", "direct unit cost excl. vat", "direct unit cost excl. tax", "unit cost excl. tax",
                              "unit price excl. tax.", "direct unit cost (lcy)", "unit cost excl. vat",
                              "unit price excl. vat", "unit price excl. tax", "price excl. vat", "coût unit. direct",
                              "coût unit. direct ht", "coût unitaire direct ht", "coût unitaire", "prix unit. ht",
                              "ek-preis", "ek-preis ohne mwst.", "einzel", "einzel-", "einkaufspreis", "vk-preis", "preis ohne mwst.",
                              # the gross price before a discount column ("P.U. brut | Remise"), or the net one
                              "p.u. brut", "pu brut", "prix brut", "prix unitaire brut", "prix unit. brut",
                              "p.u. brut ht", "prix brut ht", "p.u. net", "pu net", "prix unitaire net",
                              "p.u. net ht", "list price", "gross price",
                              "net unit price", "preis/stk", "preis/stk.", "preis pro stk",
                              "preis pro stück", "preis/stück", "listenpreis", "nettopreis", "preis netto",
                              "einzelpreis netto", "netto-einzelpreis", "bruttopreis", "brutto-preis",
                              "brutto-ep", "bruttoeinzelpreis", "prix brut")),
    ColumnSpec("amount", ("montant", "montant ht", "montant htva", "total htva", "total", "total ht", "total ligne", "betrag", "gesamt",
                          "gesamtpreis", "gesamtbetrag", "gesamtwert", "gesamtwert netto", "summe", "wert", "amount", "line total", "extended",
                          "ext.", "ext", "ext. price", "ext. cost", "extended cost", "extended price", "ext. amount", "net amount",
                          "subtotal", "sub-total", "bedrag", "totaal", "net", "net value", "line value", "nettowert",
                          "value", "valeur", "total value", "zeilenbetrag", "zeilensumme", "positionswert", "positionssumme", "positionsbetrag",
                          "line amount", "line amount excl. vat", "line amount excl. tax", "amount excl. vat", "amount excl. tax",
                          "montant ligne", "montant ligne ht", "zeilenbetrag ohne mwst.", "betrag ohne mwst.",
                          "total price", "prix total", "prix total ht", "total line", "line price", "extension",
                          "netto", "nettobetrag", "montant net", "net total",
                          # the amount after the line's discount ("Betrag netto", "Montant net HT", "Net Line Amount")
                          "betrag netto", "gesamt netto", "gesamtpreis netto", "montant net ht", "total net",
                          "total net ht", "net line amount", "net line total", "sous-total", "sous-total ht",
                          # a portal's line subtotal ("Stückpreis | Zwischensumme")
                          "zwischensumme", "zwischensumme netto", "teilsumme", "positionswert netto")),
    ColumnSpec("requested_date", ("date de livraison", "délai", "liefertermin", "lieferdatum", "delivery date",
                                  "datum bed.", "datum bedarf", "bedarfsdatum", "benötigt am",  # Odoo's German "Date Req."
                                  "due date", "need by", "livraison", "date livraison", "délai de livraison",
                                  "livraison souhaitée", "delivery", "required by", "deliver by",
                                  "required date", "requested date", "delivery required", "wunschtermin",
                                  "lieferung", "liefertag", "deliv. date", "del. date", "due", "termin",
                                  "lief.-termin", "date livr.", "livr.", "date de livr.", "dt. livr.",
                                  # an ERP's scheduled date per line ("Date Req.", "Date prévue", "Scheduled Date")
                                  "date req.", "req. date", "date required", "date requested", "scheduled date",
                                  "expected date", "expected arrival", "date prévue", "date de livraison prévue",
                                  "livraison prévue", "date souhaitée", "geplantes datum", "geplanter termin",
                                  "erwartetes datum", "wareneingangsdatum", "gew. liefertermin",
                                  "date de besoin", "bedarfsdatum", "need-by date", "need by date", "needed by",
                                  "benötigt am", "date requise", "date besoin", "date demandée", "date souhaitée",
                                  "datum gewünscht", "gewünschtes datum", "requested", "req. by",
                                  "bedarf", "bedarfstermin", "besoin", "need-by")),
    ColumnSpec("price_basis", ("pe", "preiseinheit", "price unit", "unité de prix", "prix pour", "par", "pour",
                               "per", "pro", "je")),  # price per N units (SAP's "Preis | pro | Wert")
    ColumnSpec("discount", ("remise", "remise %", "% remise", "taux de remise", "rabatt", "rabatt %", "rabatt in %",
                            "discount", "discount %", "disc.", "disc. %", "disc %", "korting", "nachlass",
                            # an ERP's or accounting package's short titles ("% Rem.", "Rem. %", "Rab. %")
                            "rem.", "rem. %", "% rem.", "rem %", "% rem", "% rabatt", "rabatt%", "rab.", "rab. %",
                            "% disc.", "% disc", "disc%", "% discount", "line discount %", "line disc. %", "line disc.",
                            "% remise ligne", "remise ligne", "remise ligne %", "% rem. ligne", "zeilenrabatt",
                            "zeilenrabatt %", "zeilenrabatt in %", "zeilenrabatt-%", "rabatt-%")),
    ColumnSpec("ignore", (  # a pack's content beside the quantity ordered: never the quantity
                          "qty per pack", "quantity per pack", "units per pack", "pcs per pack", "pack size",
                          "per pack", "qty per case", "units per case", "per case", "per carton", "par colis",
                          # the same written with a slash (review revC D12: "Cases | Units/Case | Quantity")
                          "units/case", "unit/case", "units / case", "pcs/case", "qty/case", "units/carton",
                          "units/pack", "pcs/pack", "qty/pack", "units/box", "pcs/box", "stk/vpe", "stück/vpe",
                          "unités/colis", "pcs/colis",
                          "par carton", "quantité par colis", "qté par carton", "qté par colis", "colisage", "vpe",
                          "tva", "tax", "taxes", "mwst", "ust", "vat", "btw", "taux", "% tva", "taux tva",
                          "steuer", "steuern", "steuersatz", "mwst.-satz", "ust.-satz", "mwst %", "tax rate",
                          "vat rate", "vat %", "tax %", "tva %", "taux de tva", "tax code", "code tva",
                          # amounts and prices with tax: the order's lines are read net of it
                          "montant ttc", "total ttc", "prix ttc", "p.u. ttc", "pu ttc", "ttc", "brutto",
                          "bruttobetrag", "betrag brutto", "gesamt brutto", "preis brutto", "inkl. mwst",
                          "gross amount", "amount incl. vat", "total incl. vat", "incl. vat", "incl. tax",
                          "amount incl. tax",
                          # the buyer's booking of the line, no price ("Cost" alone is one): a wide sheet's extra columns
                          "cost centre", "cost center", "cost centre code", "cost center code", "cost code",
                          "kostenstelle", "kostenstellen", "kostenstellen-nr.", "kst.", "centre de coût",
                          "centre de cout", "centre de coûts", "centre de couts", "centre analytique",
                          "section analytique", "imputation", "compte analytique")),
)

GENERIC_SPEC = LayoutSpec(
    name="generic",
    fields=MappingProxyType({
        "po_number": FieldSpec("po_number", PO_LABELS),
        "order_date": FieldSpec("order_date", ORDER_DATE_LABELS, regex=(TITLED_DATE,)),
        "requested_delivery_date": FieldSpec("requested_delivery_date", DELIVERY_LABELS),
        "currency": FieldSpec("currency", CURRENCY_LABELS),
    }),
    table=TableSpec(GENERIC_COLUMNS, TOTAL_LABELS + GROSS_LABELS, TOTAL_LABELS, SKIP_LABELS),
    strength=0.95,
)

# Titles and words that say what a document is (used by ``extractors.capture.classify``).
ORDER_TITLES = ("purchase order", "bon de commande", "commande fournisseur", "commande d'achat", "bestellung",
                "bestellschein", "order form", "purchase order form", "bestellformular", "formulaire de commande",
                "bon de commande fournisseur", "bestelformulier",
                "bestelling", "inkooporder", "einkaufsbestellung", "order", "commande", "auftrag", "pedido", "ordine",
                # a web shop's summary of the order placed, sent on as the order
                *(SECTION_ORDER_TITLES := (
                    "récapitulatif de commande", "récapitulatif de la commande", "détail de la commande",
                    "détails de la commande", "order summary", "order details", "bestellübersicht",
                    "bestellzusammenfassung", "bestelldetails", "ihre bestellung im überblick")))
# (a block heading invoices print too: an order title only when no other document's title is above it)
NOT_ORDER_TITLES = {
    "invoice": ("invoice", "tax invoice", "facture", "rechnung", "factuur", "credit note", "avoir", "gutschrift",
                "proforma", "pro forma"),
    "other": ("receipt", "payment receipt", "reçu", "quittung", "kassenbon", "quotation", "quote", "devis",
              "angebot", "offerte", "offer", "delivery note", "bon de livraison", "lieferschein", "pakbon",
              "order confirmation", "confirmation de commande", "auftragsbestätigung", "orderbevestiging",
              "statement", "relevé", "kontoauszug", "dispatch note", "packing list", "bordereau",
              # a request for a quote is no order: "Angebotsanfrage", "Demande de prix", "Request for quotation"
              *(REQUEST_TITLES := (
                  "angebotsanfrage", "preisanfrage", "anfrage", "request for quotation", "request for quote", "rfq",
                  "demande de prix", "demande de devis", "demande de cotation", "offerteaanvraag", "prijsaanvraag"))),
}
# Terms and conditions printed as a document of their own (attached beside the order, or its back page):
# a heading alone on its row says the document (or page) is no order
TERMS_TITLES = ("terms and conditions", "terms & conditions", "general terms and conditions", "general terms",
                "terms and conditions of purchase", "general terms and conditions of purchase", "terms of purchase",
                "conditions of purchase", "purchasing terms", "purchase terms", "standard terms and conditions",
                "standard terms of purchase", "t&c", "t & c",
                "conditions générales", "conditions générales d'achat", "conditions générales de vente",
                "conditions d'achat", "conditions générales d'achats", "cga", "cgv",
                "allgemeine geschäftsbedingungen", "allgemeine einkaufsbedingungen", "einkaufsbedingungen",
                "allgemeine liefer- und zahlungsbedingungen", "geschäftsbedingungen", "agb", "aeb",
                "algemene voorwaarden", "algemene inkoopvoorwaarden", "inkoopvoorwaarden")
# An address box's label naming where the invoice goes: on an order form it is no invoice title.
BILLING_LABELS = ("invoice address", "invoicing address", "invoice to", "invoices to", "billing address", "bill to",
                  "rechnungsadresse", "rechnungsanschrift", "rechnungsempfänger", "rechnung an", "rechnungen an",
                  "adresse de facturation", "adresse facturation", "facturation", "facturer à", "facture à",
                  "factures à", "adresse de facture", "factuuradres", "factuur aan")
NOT_ORDER_WORDS = ("invoice number", "invoice no", "invoice date", "n° de facture", "numéro de facture",
                   "date de facture", "rechnungsnummer", "rechnungsdatum", "factuurnummer", "factuurdatum",
                   "amount due", "balance due", "due date", "date d'échéance", "échéance", "fälligkeitsdatum",
                   "zahlbar bis", "vervaldatum", "payment received", "paid", "quotation #", "valid until",
                   "gültig bis", "validité", "total ttc", "total due")
ORDER_WORDS = ("delivery date", "requested delivery", "liefertermin", "wunschtermin", "livraison souhaitée",
               "please deliver", "merci de livrer", "bitte liefern", "please confirm", "bitte bestätigen",
               "merci de confirmer", "supplier", "fournisseur", "lieferant", "vendor", "leverancier",
               # a letter that orders: "as our purchase order", "kindly supply", "nous vous commandons"
               "our purchase order", "as our order", "please supply", "kindly supply", "we wish to order",
               "we would like to order", "please send us", "nous vous commandons", "veuillez nous livrer",
               "veuillez nous expédier", "merci de nous livrer", "merci de nous expédier", "wir bestellen",
               "bestellen wir", "hiermit bestellen", "bitte liefern sie", "bitte senden sie uns")
