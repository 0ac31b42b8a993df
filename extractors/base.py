"""The contract every extractor fulfils, and the limits and hints passed to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from extractors.own_company import OwnCompany
from extractors.units import TABLE, UnitTable
from gateway.model import Extraction

HEAD_BYTES = 8192  # how much of a document ``detect`` sees


@dataclass(frozen=True)
class Limits:
    """Bounds against oversize and bomb inputs; every extractor honours the ones that apply."""

    max_document_bytes: int = 50 * 1024 * 1024
    max_xml_depth: int = 200
    max_xml_nodes: int = 2_000_000
    max_pages: int = 50
    max_image_pixels: int = 60_000_000  # per page, after decoding
    max_zip_members: int = 200
    max_zip_total_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 200  # uncompressed / compressed per member
    max_nesting: int = 4  # e-mail in zip in e-mail...
    ocr_page_timeout_s: float = 120.0


@dataclass(frozen=True)
class ExtractHints:
    """What the gateway knows about a document before reading it; all optional."""

    filename: str | None = None
    content_type: str | None = None
    channel: str = "api"
    sender: str | None = None
    languages: tuple[str, ...] = ("eng", "fra", "deu")
    locale: str | None = None  # customer locale, e.g. "fr_FR", for numbers and dates
    template: str | None = None  # a template name forced by partner config
    mappings_dir: Path | None = None  # mappings/ (XPath maps, templates, sheet columns)
    units: UnitTable = TABLE  # unit words: the readers' table plus the deployment's (mappings/units.toml)
    templates_dir: Path | None = None  # layout templates; None: mappings_dir / "templates"
    limits: Limits = field(default_factory=Limits)
    nesting: int = 0
    own: OwnCompany = OwnCompany()  # our own company ([own_company]): never the buyer, never the delivery address


@runtime_checkable
class Extractor(Protocol):
    """One document format.

    ``detect`` scores how sure the extractor is that it handles a document, from its first bytes, file
    name and declared type (0 = not mine, 1 = certainly mine); content wins over names. ``extract``
    raises ``ExtractionError`` (or ``HostileInputError``/``LimitError``) with every problem found.
    ``heavy`` extractors run in the process pool; light ones may run in a thread. A heavy extractor
    may also declare ``inline_max_bytes`` (optional, default 0): a document up to that size is read in
    a thread of the gateway instead, where its parse costs less than the pool's round trip (pickling
    the job and the extraction, two process hops), and nothing it reads can grow past its input.
    """

    name: str
    heavy: bool

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float: ...

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction: ...
