"""Turn a rendered PDF into what a fax machine delivers: a 1728-pixel-wide bilevel page at
204x196 dpi ("fine") or 204x98 dpi ("standard", non-square pixels), slightly skewed, with sensor
blur, threshold jitter and speckles, stored as a multi-page CCITT G4 TIFF with its resolution
tags. Deterministic from the seed.
"""

from __future__ import annotations

import io
import zlib

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

FAX_WIDTH = 1728
X_DPI = 204
Y_DPI = {"fine": 196, "standard": 98}


def render_fax_tiff(pdf: bytes, resolution: str = "fine", seed: int = 0,
                    skew_deg: float | None = None, speckles: int | None = None,
                    turns: tuple[int, ...] = ()) -> bytes:
    """The fax TIFF of every page of ``pdf``. ``resolution`` is "fine" or "standard". ``turns``:
    per page, the quarter turns counter-clockwise the sheet lay on the glass with (2: upside down,
    1 or 3: sideways, scaled to the fax width as a landscape sheet is)."""
    rng = np.random.default_rng(seed)
    y_dpi = Y_DPI[resolution]
    grays = [np.ascontiguousarray(np.rot90(g, turns[i])) if i < len(turns) and turns[i] % 4 else g
             for i, g in enumerate(_rasterise(pdf))]
    pages = [_fax_page(gray, y_dpi, rng, skew_deg, speckles) for gray in grays]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", compression="group4", dpi=(X_DPI, y_dpi), save_all=True,
                  append_images=pages[1:])
    return buf.getvalue()


def _rasterise(pdf: bytes, dpi: int = 400) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=dpi / 72, grayscale=True)
            out.append(np.array(bitmap.to_pil().convert("L")))
        return out
    finally:
        doc.close()


def _fax_page(gray: np.ndarray, y_dpi: int, rng: np.random.Generator, skew_deg: float | None,
              speckles: int | None) -> Image.Image:
    h, w = gray.shape
    target_w = round(w / 400 * X_DPI)
    target_h = round(h / 400 * y_dpi)
    angle = float(rng.uniform(-1.2, 1.2)) if skew_deg is None else skew_deg
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.warpAffine(gray, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    small = cv2.resize(gray, (target_w, target_h), interpolation=cv2.INTER_AREA).astype(np.float32)
    small = cv2.GaussianBlur(small, (0, 0), float(rng.uniform(0.3, 0.6)))
    small += rng.normal(0, float(rng.uniform(6, 14)), small.shape).astype(np.float32)
    threshold = float(rng.uniform(150, 185))
    page = np.where(small < threshold, 0, 255).astype(np.uint8)
    page = _add_speckles(page, rng, int(rng.integers(150, 900)) if speckles is None else speckles)
    canvas = np.full((target_h, FAX_WIDTH), 255, np.uint8)
    offset = (FAX_WIDTH - target_w) // 2 + int(rng.integers(-6, 7))
    x0, x1 = max(offset, 0), min(offset + target_w, FAX_WIDTH)
    canvas[:, x0:x1] = page[:, x0 - offset: x1 - offset]
    return Image.fromarray(canvas).convert("1", dither=Image.Dither.NONE)


def _add_speckles(page: np.ndarray, rng: np.random.Generator, count: int) -> np.ndarray:
    h, w = page.shape
    ys = rng.integers(0, h - 3, count)
    xs = rng.integers(0, w - 3, count)
    sizes = rng.integers(1, 3, count)
    for y, x, s in zip(ys, xs, sizes):
        page[y:y + s, x:x + s] = 0
    return page


def fax_server_pdf(tiff: bytes) -> bytes:
    """The PDF a fax server makes of a fax TIFF: each page one 1-bit image (Flate) covering a page
    sized from the image's resolution, as HylaFAX's or a T.38 gateway's PDFs are laid out."""
    image = Image.open(io.BytesIO(tiff))
    pages = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        x_dpi, y_dpi = (float(v) for v in image.info.get("dpi", (X_DPI, Y_DPI["fine"])))
        bits = np.packbits(np.array(image.convert("1"), dtype=bool), axis=1)  # 1 = white (DeviceGray)
        pages.append((image.width, image.height, image.width / x_dpi * 72, image.height / y_dpi * 72,
                      zlib.compress(bits.tobytes())))
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>",
                            f"<< /Type /Pages /Kids [{' '.join(f'{3 + 3 * i} 0 R' for i in range(len(pages)))}] "
                            f"/Count {len(pages)} >>".encode()]
    for i, (w, h, pw, ph, data) in enumerate(pages):
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Resources << /XObject "
                    f"<< /Im0 {4 + 3 * i} 0 R >> >> /Contents {5 + 3 * i} 0 R >>".encode(),
                    f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                    f"/BitsPerComponent 1 /Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode()
                    + data + b"\nendstream",
                    f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"]
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, io.SEEK_END)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
