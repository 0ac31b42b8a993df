"""Score the shipto held-out set: python score.py OUT.jsonl (run from the worktree root)."""
import json, subprocess, sys
from pathlib import Path
H = Path("/tmp/shipto/heldout")
PY = "/work/main/.venv/bin/python"

def run(t):
    f = next((H / "files").glob(t["name"] + ".*"))
    if f.suffix == ".eml":
        ch, snd = "smtp", None
    else:
        ch, snd = "fax", t["sender"]
    args = [PY, "-c", "from gateway.cli import main; main()", "extract", str(f), "--channel", ch]
    if snd: args += ["--sender", snd]
    else:
        import email; args += ["--sender", email.message_from_bytes(f.read_bytes())["From"]]
    out = subprocess.run(args, capture_output=True, text=True, env={"PYTHONPATH": ".", "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout)

def doc_statuses(r):
    out = [r["document"]["status"]] if r.get("document") else []
    for p in r.get("parts", []):
        out += doc_statuses(p)
    return out


def orders(r):
    res = []
    for p in r.get("parts", [r]):
        for o in p.get("orders", []):
            res.append(o)
        if p.get("parts"): res += orders(p)
    return res

rows = []
import os
ONLY = os.environ.get("ONLY")
for line in (H / "truth.jsonl").read_text().splitlines():
    t = json.loads(line)
    if ONLY and not t["name"].startswith(ONLY): continue
    r = run(t); os_ = orders(r)
    statuses = [o.get("order", o).get("status") for o in os_]
    issues = [i.get("code") for o in os_ for i in o.get("order", o).get("issues", [])]
    o = os_[0].get("order", os_[0]) if os_ else {}
    accepted = any(s in ("ready", "delivered") for s in statuses)
    wrong = []
    if t["kind"] == "A":
        if not os_ and all(s == "not_order" for s in doc_statuses(r)): wrong.append("silent-not-order")
        elif accepted: wrong.append("rfq-accepted")
    else:
        if not os_: wrong.append("no-order")
        if "po" in t and o.get("po_number") != t["po"]: wrong.append(f"po={o.get('po_number')}")
        st = (o.get("ship_to") or {})
        if "ship_to_street" in t and t["ship_to_street"] not in json.dumps(st, ensure_ascii=False): wrong.append("ship_to-street")
        if "order_date" in t and o.get("order_date") != t["order_date"]: wrong.append(f"order_date={o.get('order_date')}")
        if "delivery" in t and t["delivery"] not in json.dumps(o, ensure_ascii=False): wrong.append("delivery")
    if t["kind"] in "BE" and "SHIP-TO-UNSURE" in issues: wrong.append("needless-ship-to-unsure")
    if t["kind"] == "D" and "CONFIDENCE-LOW" in issues: wrong.append("confidence-low")
    rows.append({"case": t["name"], "statuses": statuses, "docs": doc_statuses(r), "accepted": accepted, "wrong": wrong, "issues": issues})
    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
acc_wrong = sum(1 for r in rows if r["accepted"] and r["wrong"])
print(f"inputs {len(rows)}  auto-accepted wrong {acc_wrong}  touchless {sum(r['accepted'] for r in rows)}  "
      f"any-wrong {sum(bool(r['wrong']) for r in rows)}  silent-lost {sum('silent-not-order' in r['wrong'] for r in rows)}")
if len(sys.argv) > 1: Path(sys.argv[1]).write_text("\n".join(json.dumps(r) for r in rows))
