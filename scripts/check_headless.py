"""Fails the set-up when a GUI build of OpenCV is installed, or RapidOCR's models are missing.

The gateway uses ``opencv-python-headless`` only: RapidOCR's package asks for the GUI build
(``opencv-python``), so it is installed without its dependencies (``requirements-nodeps.txt``).
Run by ``make setup`` and the Dockerfile after the installs.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

GUI_BUILDS = ("opencv-python", "opencv-contrib-python")
MODELS = ("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx")


def problems() -> list[str]:
    found = []
    for name in GUI_BUILDS:
        try:
            found.append(f"{name} {metadata.version(name)} is installed (only opencv-python-headless may be)")
        except metadata.PackageNotFoundError:
            pass
    try:
        metadata.version("opencv-python-headless")
    except metadata.PackageNotFoundError:
        found.append("opencv-python-headless is not installed")
    try:
        import rapidocr_onnxruntime
    except ImportError as exc:
        found.append(f"rapidocr_onnxruntime cannot be imported: {exc}")
    else:
        models = Path(rapidocr_onnxruntime.__file__).parent / "models"
        found += [f"RapidOCR model {m} missing from the wheel" for m in MODELS if not (models / m).is_file()]
    return found


def main() -> int:
    found = problems()
    for p in found:
        print(f"check_headless: {p}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
