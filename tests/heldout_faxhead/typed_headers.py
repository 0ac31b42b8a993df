"""Held-out set (faxhead, issues 17/23 classes B-E): typed e-mail orders with reference instructions, one-line
totals, PO numbers in a letter's first line / a header grid / reference labels, and two-digit years, each with
its truth. Not a test module: ``python tests/heldout_faxhead/typed_headers.py`` prints one row per document and
the figures (inputs, auto-accepted wrong, touchless). Written before the fixes; not tuned to."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from testkit.harness import write_config  # noqa: E402
from testkit.trust_corpus import CUSTOMERS, write_master  # noqa: E402
from tests.test_trust import in_process_extract, orders_in  # noqa: E402
from tests.test_trust_issue17 import typed  # noqa: E402

FR, IE, US, DE = CUSTOMERS
LINES = {"en": "Qty  Unit  Item  Description  Unit price\n6  each  TP-1002  Stapler  12.00\n3  pcs  TP-1001  Desk lamp  19.90\n",
         "de": "Menge  ME  Artikel  Bezeichnung  Preis\n6  Stk  TP-1002  Hefter  12,00\n3  Stk  TP-1001  Lampe  19,90\n",
         "fr": "Quantité  Unité  Référence  Désignation  Prix unitaire\n6  pièces  TP-1002  Agrafeuse  12,00\n"
               "3  pièces  TP-1001  Lampe  19,90\n"}
# (name, customer, body, truth: {po, order_date, requested, total}, expect "ready" or "held")
CASES = [
    ("b1", IE, "Hello,\n\nPlease supply:\n\n{en}\nPO number: DX-4410\nDeliver by 18/12/2026.\n\n"
               "Kindly show our purchase order reference on your invoice and delivery note.\n\nThanks,\nAoife\n",
     {"po": "DX-4410", "requested": "2026-12-18"}, "ready"),
    ("b2", DE, "Guten Tag,\n\nbitte liefern Sie:\n\n{de}\nBestellnummer: HB-7702\nLiefertermin 17.12.2026\n\n"
               "Unsere Bestellnummer bitte auf Lieferschein und Rechnung angeben.\n\nMfG\nUte\n",
     {"po": "HB-7702", "requested": "2026-12-17"}, "ready"),
    ("b3", FR, "Bonjour,\n\nMerci de livrer :\n\n{fr}\nNotre référence de commande : LN-3391\nLivraison le 16/12/2026.\n\n"
               "Veuillez indiquer notre numéro de commande sur tous vos documents (BL et facture).\n\nCordialement,\nLéa\n",
     {"po": "LN-3391", "requested": "2026-12-16"}, "ready"),
    ("b4", IE, "Hello,\n\nPlease supply:\n\n{en}\nPO number: DX-4411\nDeliver by 18/12/2026.\n\n"
               "Could you quote us your best price for 50 staplers as well?\n\nThanks,\nAoife\n",
     {"po": "DX-4411", "requested": "2026-12-18"}, "held"),
    ("c1", IE, "Hello,\n\nPlease supply:\n\n{en}\nNet 131.70 | VAT 23% 30.29 | Total 161.99\n\nPO number: DX-4420\n"
               "Deliver by 18/12/2026.\n\nThanks,\nAoife\n",
     {"po": "DX-4420", "requested": "2026-12-18", "total": "161.99"}, "ready"),
    ("c2", DE, "Guten Tag,\n\nbitte liefern Sie:\n\n{de}\nNetto 131,70   MwSt 19% 25,02   Brutto 156,72\n\n"
               "Bestellnummer: HB-7720\nLiefertermin 17.12.2026\n\nMfG\nUte\n",
     {"po": "HB-7720", "requested": "2026-12-17", "total": "156.72"}, "ready"),
    ("c3", FR, "Bonjour,\n\nMerci de livrer :\n\n{fr}\nTotal HT 131,70 - TVA 20 % 26,34 - Total TTC 158,04\n\n"
               "Notre référence de commande : LN-3320\nLivraison le 16/12/2026.\n\nCordialement,\nLéa\n",
     {"po": "LN-3320", "requested": "2026-12-16", "total": "158.04"}, "ready"),
    ("c4", IE, "Hello,\n\nPlease supply:\n\n{en}\nNet 131.70   VAT 30.29   Total 170.00\n\nPO number: DX-4421\n"
               "Deliver by 18/12/2026.\n\nThanks,\nAoife\n",
     {"po": "DX-4421", "requested": "2026-12-18"}, "held"),
    ("d1", IE, "Hello,\n\nFurther to our purchase order 77812 dated 2 December, please send the following:\n\n{en}\n"
               "Deliver by 18/12/2026.\n\nThanks,\nAoife\n",
     {"po": "77812", "requested": "2026-12-18"}, "ready"),
    ("d2", DE, "Guten Tag,\n\nUnser Zeichen        Datum         Ansprechpartner\nHB-5521              03.12.2026    "
               "Frau Ute Brandt\n\nbitte liefern Sie:\n\n{de}\nLiefertermin 17.12.2026\n\nMfG\nUte\n",
     {"po": "HB-5521", "order_date": "2026-12-03", "requested": "2026-12-17"}, "ready"),
    ("d3", FR, "Bonjour,\n\nNotre réf. de commande : LN-8830\n\nMerci de livrer :\n\n{fr}\nLivraison le 16/12/2026.\n\n"
               "Cordialement,\nLéa\n",
     {"po": "LN-8830", "requested": "2026-12-16"}, "ready"),
    ("d4", US, "Hello,\n\nOrder No.      Date          Buyer\nKS-40221      12/03/2026    J. Smith\n\nPlease ship:\n\n{en}\n"
               "Ship by 12/18/2026.\n\nThanks,\nJohn\n",
     {"po": "KS-40221", "order_date": "2026-12-03", "requested": "2026-12-18"}, "ready"),
    ("e1", DE, "Guten Tag,\n\nbitte liefern Sie:\n\n{de}\nBestellnummer: HB-7730\nBestelldatum: 04.12.26\n"
               "Liefertermin: 18.12.26\n\nMfG\nUte\n",
     {"po": "HB-7730", "order_date": "2026-12-04", "requested": "2026-12-18"}, "ready"),
    ("e2", IE, "Hello,\n\nPlease supply:\n\n{en}\nPO number: DX-4430\nOrder date: 04/12/26\nDeliver by 21/12/26\n\n"
               "Thanks,\nAoife\n",
     {"po": "DX-4430", "order_date": "2026-12-04", "requested": "2026-12-21"}, "ready"),
    ("e3", US, "Hello,\n\nPlease ship:\n\n{en}\nPO number: KS-4431\nOrder date: 12/04/26\nShip by: 12/21/26\n\n"
               "Thanks,\nJohn\n",
     {"po": "KS-4431", "order_date": "2026-12-04", "requested": "2026-12-21"}, "ready"),
    ("e4", FR, "Bonjour,\n\nMerci de livrer :\n\n{fr}\nNotre référence de commande : LN-3340\nCommande du 03/12/26\n"
               "Livraison le 15/12/26.\n\nCordialement,\nLéa\n",
     {"po": "LN-3340", "order_date": "2026-12-03", "requested": "2026-12-15"}, "ready"),
]


def _config(root: Path) -> Path:
    master = root / "master"
    write_master(master)
    extra = {"partners": [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS],
             "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}}}
    return write_config(root / "gw", extra, master_data=master)


def _wrong(order: dict, truth: dict) -> list[str]:
    got = {"po": order.get("po_number"), "order_date": order.get("order_date"),
           "requested": order.get("requested_delivery_date"), "total": order.get("total")}
    return [k for k, v in truth.items() if got.get(k) != v]


def main() -> int:
    root = Path(tempfile.mkdtemp())
    config = _config(root)
    only = set(sys.argv[1:])
    rows = []
    for name, customer, body, truth, expect in CASES:
        if only and name not in only:
            continue
        text = body.format(**LINES)
        found = orders_in(in_process_extract(config, typed(customer, text), f"{name}.eml", root, channel="smtp",
                                             sender=customer.email))
        order = found[0] if found else {"status": "none", "issues": []}
        errors = sorted({i["code"] for i in order["issues"] if i["severity"] == "error"})
        wrong = _wrong(order, truth)
        ready = order["status"] == "ready"
        rows.append({"case": name, "expect": expect, "status": order["status"], "errors": errors, "wrong": wrong,
                     "auto_wrong": ready and (bool(wrong) or expect == "held"),
                     "touchless_right": ready and not wrong and expect == "ready", "got": {k: order.get(k) for k in ("po_number", "order_date", "requested_delivery_date", "total")}, "issues": [(i["code"], i["message"][:90]) for i in order["issues"]]})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print(json.dumps({"inputs": len(rows), "auto_accepted_wrong": sum(r["auto_wrong"] for r in rows),
                      "touchless_right": sum(r["touchless_right"] for r in rows),
                      "should_go": sum(r["expect"] == "ready" for r in rows)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
