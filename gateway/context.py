"""What every pipeline stage may use, built once at start-up and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.base import ExtractHints, Limits
from gateway.store.archive import Archive
from gateway.config import Config
from gateway.store.intake import Intake
from gateway.store.journal import Journal
from gateway.login_limits import LoginLimiter
from gateway.reference.masterdata import MasterDataSource
from gateway.metrics import Metrics
from gateway.registry import Registry
from gateway.reference.units import UnitCodes
from gateway.workers import ExtractionPool


@dataclass
class Context:
    config: Config
    journal: Journal
    archive: Archive
    registry: Registry
    master_data: MasterDataSource
    units: UnitCodes
    pool: ExtractionPool
    metrics: Metrics = field(default_factory=lambda: Metrics())
    intake: Intake | None = None
    logins: LoginLimiter | None = None  # made in __post_init__ from ``config.logins``
    _limits: tuple[object, Limits] | None = field(default=None, init=False, repr=False, compare=False)
    _resolved: dict[Path, Path] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.logins is None:
            self.logins = LoginLimiter(self.config.logins, self.metrics)

    def limits(self) -> Limits:
        """The readers' bounds (frozen), made once per ``config.limits`` instead of at every call (three
        per document)."""
        section = self.config.limits
        if self._limits is None or self._limits[0] is not section:
            self._limits = (section, Limits(**section.model_dump()))
        return self._limits[1]

    def _resolve(self, path: Path) -> Path:
        """``path.resolve()``, made once per path (a ``realpath`` walk of every folder at every document
        otherwise)."""
        if (found := self._resolved.get(path)) is None:
            found = self._resolved[path] = path.resolve()
        return found

    def hints(self, **kwargs) -> ExtractHints:
        base = dict(languages=tuple(self.config.pipeline.languages),
                    mappings_dir=self._resolve(self.config.gateway.mappings_dir), limits=self.limits(),
                    units=self.units.table, own=self.config.own_company.for_readers(),
                    templates_dir=self._resolve(t) if (t := self.config.gateway.templates_dir) else None)
        base.update({k: v for k, v in kwargs.items() if v is not None})
        return ExtractHints(**base)
