"""False holds of the fax marking and correction checks on clean faxes (issue 23): generated orders (the
three layouts, ruled, boxed and DIN, three languages) faxed fine and standard, with nothing struck, stamped
or corrected, but with what a clean order may carry: a handwritten-looking signature, a slanted logo in
the letterhead, a bold title, a quantity column in a tall bold font. Each is read (``OcrExtractor``) and
the problems of ``stray_marks``, ``struck_rows`` and the corrected-quantity checks it raises are listed:
on a clean fax each is a false hold.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_clean_fax_holds.py SEED COUNT [tesseract|both] [kinds]

COUNT orders, each faxed fine and standard (2 x COUNT faxes); kinds: comma-separated of plain, signature,
logo, bold, tallqty, all (cycled). Seeds 97 and 98 were used to tune the checks.
"""
import io, sys, math, tempfile
from pathlib import Path
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from extractors.capture.ocr import OcrExtractor
from gateway.reference.masterdata import load_master_data
from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import hints_for
REPO = Path(__file__).resolve().parents[1]
FONTS = Path("/usr/share/fonts/truetype/dejavu")
CODES = {"CANCEL-TYPED", "COPY-MARKED", "MARKING-UNREAD", "LINE-STRUCK", "QTY-HANDWRITTEN-CORRECTION",
         "CHANGE-TYPED", "QUESTION-TYPED"}

def paste(tiff, draw_fn):
    page = Image.open(io.BytesIO(tiff)); dpi = tuple(float(v) for v in page.info.get("dpi", (204, 196)))
    frames = []
    for i in range(getattr(page, "n_frames", 1)):
        page.seek(i); frames.append(np.array(page.convert("L")))
    gray = frames[0]
    squash = dpi[1] / dpi[0]
    draw_fn(gray, squash)
    imgs = [Image.fromarray(np.where(g < 128, 0, 255).astype(np.uint8)).convert("1") for g in frames]
    out = io.BytesIO(); imgs[0].save(out, format="TIFF", compression="group4", dpi=dpi, save_all=True, append_images=imgs[1:])
    return out.getvalue()

def put(gray, mark, squash, at):
    mark = mark.resize((mark.width, max(1, round(mark.height * squash))))
    cx, cy = round(at[0] * gray.shape[1] - mark.width / 2), round(at[1] * gray.shape[0] - mark.height / 2)
    region = gray[cy:cy + mark.height, cx:cx + mark.width]
    region[...] = np.minimum(region, np.array(mark)[:region.shape[0], :region.shape[1]])

def text_img(text, font, angle=0, frame=False):
    x0, y0, x1, y1 = font.getbbox(text); pad = font.size // 4
    m = Image.new("L", (x1 - x0 + 4 * pad, y1 - y0 + 4 * pad), 255); d = ImageDraw.Draw(m)
    d.text((2 * pad - x0, 2 * pad - y0), text, font=font, fill=0)
    if frame: d.rectangle((pad // 2, pad // 2, m.width - pad // 2, m.height - pad // 2), outline=0, width=3)
    return m.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC) if angle else m

def signature(rng):
    w, h = 420, 120; m = Image.new("L", (w, h), 255); d = ImageDraw.Draw(m)
    pts = []
    for k in range(160):
        t = k / 159; x = 20 + t * (w - 60)
        y = h / 2 + 30 * math.sin(t * 14 + rng.uniform(0, .3)) * (0.5 + 0.5 * math.sin(t * 3)) - 20 * t
        pts.append((x, y))
    d.line(pts, fill=0, width=4); d.line([(30, h - 20), (w - 30, h - 35)], fill=0, width=3)
    return m

def variant(kind, rng):
    def f(gray, squash):
        if kind in ("signature", "all"):
            put(gray, signature(rng), squash, (0.7, 0.9))
            put(gray, text_img("M. Schneider", ImageFont.truetype(str(FONTS / "DejaVuSerif-Italic.ttf"), 34), angle=6), squash, (0.3, 0.92))
        if kind in ("logo", "all"):
            put(gray, text_img("ACME", ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 90), angle=12, frame=True), squash, (0.85, 0.06))
        if kind in ("bold", "all"):
            put(gray, text_img("BESTELLUNG / ORDER", ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)), squash, (0.5, 0.035))
    return f

import testkit.capture_layouts as CL
_orig_cells, _orig_cell = CL._line_cells, CL._cell
TALL = {"on": False}
def _cells(ln, lang, with_pos):
    out = _orig_cells(ln, lang, with_pos)
    if TALL["on"]:
        out[-4] = "\x01" + out[-4]
    return out
def _cell(c, col, y, text):
    if text.startswith("\x01"):
        name, size = c._fontname, c._fontsize
        c.setFont("Helvetica-Bold", size * 1.6); _orig_cell(c, col, y, text[1:]); c.setFont(name, size)
    else:
        _orig_cell(c, col, y, text)
CL._line_cells, CL._cell = _cells, _cell

def main():
    seed = int(sys.argv[1]); n = int(sys.argv[2]); mode = sys.argv[3] if len(sys.argv) > 3 else "tesseract"
    kinds = sys.argv[4].split(",") if len(sys.argv) > 4 else ["plain", "signature", "logo", "bold", "tallqty", "all"]
    master = make_master(seed); md_dir = Path(tempfile.mkdtemp(prefix="clean-fax-md"))
    write_master_csvs(master, md_dir); md = load_master_data(md_dir)
    import random; rng = random.Random(seed)
    held = {}
    for i in range(n):
        order = make_order(seed, i, master)
        for res in ("fine", "standard"):
            kind = kinds[(i + (res == "standard")) % len(kinds)]
            TALL["on"] = kind == "tallqty"
            tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), res, seed=seed * 100 + i)
            if kind != "plain": tiff = paste(tiff, variant(kind, rng))
            name = f"s{seed}-{i}-{res}-{kind}-{order.customer.layout}-{order.customer.lang}"
            hints = hints_for(truth_of(order), f"fax_{res}", md, REPO / "mappings")
            ex = OcrExtractor(mode).extract(tiff, hints)
            probs = [p for o in ex.orders for p in o.problems if p.code in CODES] + [p for p in ex.problems if p.code in CODES]
            held[name] = bool(probs)
            print(name, [(p.code, p.element, p.message[:150]) for p in probs], flush=True)
    print(f"held by these checks: {sum(held.values())} of {len(held)} clean faxes")


if __name__ == "__main__":
    main()
