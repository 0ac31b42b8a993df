"""The running gateway: builds the context, starts listeners and loops, stops cleanly.

Start-up order matters for durability: the journal opens (and releases work left by a killed run)
before any listener accepts a byte; the pipeline, delivery and acknowledgement loops then pick up
whatever is due. On SIGTERM/SIGINT listeners stop first, then the loops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from pathlib import Path
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web

from extractors.edi.native import native_status
from gateway.stages.acks import AckDispatcher
from gateway.stages.pipeline import supersede_pending
from gateway.stages.payment_terms import unreadable_terms
from gateway.web.api import build_app
from gateway.store.archive import Archive, FolderArchive
from gateway.config import Config, resolve_secret
from gateway.context import Context
from gateway.stages.cover_summary import resettle_summaries
from gateway.stages.delivery import Delivery
from gateway.errors import ConfigError
from gateway.store.backpressure import BacklogGate
from gateway.store.intake import Intake
from gateway.store.journal import Journal
from gateway.stages.maintenance import run_maintenance
from gateway.reference.masterdata import MasterDataSource
from gateway.stages.runner import Pipeline
from gateway.readiness import Readiness
from gateway.registry import build_registry
from gateway.reference.units import UnitCodes
from extractors.units import TABLE as UNIT_TABLE
from gateway.workers import ExtractionPool

log = structlog.get_logger(__name__)


def open_journal(config: Config) -> Journal:
    if config.journal.backend == "postgresql":
        from gateway.store.journal_pg import PostgresJournal
        return PostgresJournal(os.environ[config.journal.dsn_env], sink=config.delivery.sink)
    from gateway.store.journal_sqlite import SqliteJournal
    return SqliteJournal(config.journal.sqlite_path, sink=config.delivery.sink)


def open_archive(config: Config) -> Archive:
    if config.archive.backend == "database":
        from gateway.store.archive_pg import DatabaseArchive
        return DatabaseArchive.from_config(config)
    return FolderArchive(config.archive.path)


def build_context(config: Config, journal: Journal | None = None, archive: Archive | None = None) -> Context:
    """Everything the stages use; ``journal`` and ``archive`` given for a read-only store (replay)."""
    units_file = config.gateway.mappings_dir / "units.toml"
    return Context(
        config=config, journal=journal or open_journal(config), archive=archive or open_archive(config),
        registry=build_registry(config.gateway.mappings_dir.resolve()),
        master_data=MasterDataSource(config.master_data.path, dict(config.master_data.columns),
                                     learned=config.gateway.data_dir / "learned_item_xref.csv", checks=unreadable_terms),
        units=UnitCodes.load(units_file, UNIT_TABLE),
        pool=ExtractionPool(config.pipeline.process_pool, timeout_s=max(300.0, config.limits.ocr_page_timeout_s
                                                                       * config.limits.max_pages / 4)),
    )


def _secret(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ConfigError(f"environment variable {name} is not set")
    return value


class Gateway:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.node_id = config.node_id
        self.ctx = build_context(config)
        self.ctx.registry.check_settings(config)  # the selected sink's and transports' own settings
        self.sink = self.ctx.registry.sink(config, _secret)
        self.delivery = Delivery(self.ctx, self.sink, self.node_id)
        self.acks = AckDispatcher(self.ctx)
        self.pipeline = Pipeline(self.ctx, self.node_id, on_ready=self.delivery.notify)
        self.ctx.intake = Intake(self.ctx.archive, self.ctx.journal, config.limits.max_document_bytes,
                                 on_accepted=self.pipeline.notify,
                                 backlog=BacklogGate(self.ctx.journal, config.pipeline.backlog_limit,
                                                     config.pipeline.backlog_retry_after_s))
        self.sources: list[Any] = []
        self.ports: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self._tasks: dict[str, asyncio.Task] = {}
        self._stopping = asyncio.Event()
        self._failing: dict[str, str] = {}
        self.readiness = Readiness(self.ctx.metrics)

    # --- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        await self.ctx.journal.open()
        await resettle_summaries(self.ctx)  # a stop between an attachment's commit and its summary's set-aside
        await self.sink.start()
        try:  # a resend committed just before a stop supersedes its held e-mail now
            await supersede_pending(self.ctx)
        except Exception as exc:  # noqa: BLE001 - never keeps the gateway from starting; retried at the next start
            log.warning("supersede_pending_failed", error=str(exc))
        loops: dict[str, Callable[[], Awaitable[None]]] = {
            "pipeline": self.pipeline.run, "delivery": self.delivery.run,
            "acks": lambda: self.acks.run(self.node_id), "heartbeat": self._heartbeat,
            "maintenance": lambda: run_maintenance(self.ctx)}
        for name, loop in loops.items():
            self._tasks[name] = asyncio.create_task(self._keep_running(name, loop), name=name)
        for name in self._listener_names():
            self.readiness.expect(name)
        await self._start_http()
        await self._start_sources()
        self._write_run_file()
        log.info("gateway_started", node=self.node_id, ports=self.ports,
                 extractors=sorted(self.ctx.registry.extractors), native=native_status())

    async def _start_http(self) -> None:
        http = self.config.http
        if not http.enabled:
            return
        key = resolve_secret(http.api_key_env, http.api_key_file, create=True)
        if not key:
            raise ConfigError(f"{self.config.source_file}: http.api_key_env: "
                              f"environment variable {http.api_key_env} is not set")
        self._runner = web.AppRunner(build_app(self, key), access_log=None, handle_signals=False,
                                     shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, http.host, http.port, reuse_address=True)
        await site.start()
        self.ports["http"] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        await self.readiness.probe("http", http.host, self.ports["http"])

    def _wanted_sources(self) -> list[tuple[str, Any, Any]]:
        """(kind, class, section) of every source the configuration names, through the registry."""
        return self.ctx.registry.configured_sources(self.config)

    @staticmethod
    def _source_name(kind: str, cls: Any, section: Any) -> str:
        named = getattr(cls, "listener_name", None)
        return named(section) if named is not None else f"{kind}:{section.name}"

    def _listener_names(self) -> list[str]:
        """Every listener the configuration asks for; readiness waits for all of them."""
        names = ["http"] if self.config.http.enabled else []
        return names + [self._source_name(kind, cls, section) for kind, cls, section in self._wanted_sources()]

    async def _start_sources(self) -> None:
        for kind, cls, section in self._wanted_sources():
            source = cls(self.ctx, section)
            await source.start()
            self.sources.append(source)
            ports = getattr(source, "ports", {})
            for name, port in ports.items():
                self.ports[name] = port
                await self.readiness.probe(name, getattr(section, "host", "127.0.0.1"), port)
            if not ports:
                self.readiness.mark(self._source_name(kind, cls, section))

    def _write_run_file(self) -> None:
        run = self.config.gateway.data_dir / "run"
        run.mkdir(parents=True, exist_ok=True)
        (run / "gateway.json").write_text(json.dumps({"node": self.node_id, "pid": os.getpid(),
                                                      "ports": self.ports}))

    async def _heartbeat(self) -> None:
        while True:
            await self.ctx.journal.heartbeat(self.node_id, {"pid": os.getpid(), "ports": self.ports,
                                                            "busy": self.pipeline.busy})
            await asyncio.sleep(10)

    async def _keep_running(self, name: str, loop: Callable[[], Awaitable[None]]) -> None:
        """Run a background loop; when it fails (say the journal is unreachable) log it, wait with
        backoff and start it again, so a database restart never leaves a node without workers."""
        delay = 1.0
        while True:
            try:
                await loop()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._failing[name] = f"{type(exc).__name__}: {exc}"[:200]
                log.error("gateway_task_failed", task=name, error=self._failing[name], retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                self._failing.pop(name, None)

    def task_states(self) -> dict[str, str]:
        return {name: ("stopped" if t.done() else f"retrying ({self._failing[name]})"
                       if name in self._failing else "running") for name, t in self._tasks.items()}

    def healthy(self) -> bool:
        """Every background loop running and every configured listener accepting connections."""
        return all(not t.done() for t in self._tasks.values()) and not self._failing and self.ready()

    def ready(self) -> bool:
        return self.readiness.ready and not self._stopping.is_set()

    async def run_until_stopped(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stopping.set)
        done_task = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([done_task, *self._tasks.values()], return_when=asyncio.FIRST_COMPLETED)
        for name, task in self._tasks.items():
            if task.done() and not task.cancelled() and task.exception():
                log.error("gateway_task_died", task=name, error=repr(task.exception()))
        await self.stop()

    async def stop(self) -> None:
        """Stop listening, end the work in flight, close the sink, the pool and the journal. Each step
        is bounded: a step that does not finish in time is logged (``gateway_stop_step_timeout``) and
        the stop goes on, so a stuck peer or thread never keeps the process from stopping."""
        self._stopping.set()
        for source in reversed(self.sources):
            with contextlib.suppress(Exception):
                await _bounded(f"source {type(source).__name__}", source.stop())
        if self._runner is not None:
            await _bounded("http runner", self._runner.cleanup())
        for task in self._tasks.values():
            task.cancel()
        await _bounded("tasks", asyncio.gather(*self._tasks.values(), return_exceptions=True))
        await _bounded("pipeline", self.pipeline.drain())
        await _bounded("sink", self.sink.close())
        self.ctx.pool.close()
        await _bounded("journal", self.ctx.journal.close())
        log.info("gateway_stopped", node=self.node_id)


STOP_STEP_S = 30.0


async def _bounded(step: str, awaitable) -> None:
    try:
        async with asyncio.timeout(STOP_STEP_S):
            await awaitable
    except TimeoutError:
        log.error("gateway_stop_step_timeout", step=step, seconds=STOP_STEP_S,
                  tasks=[repr(t.get_coro()) for t in asyncio.all_tasks() if t is not asyncio.current_task()][:20])


async def serve(config: Config) -> None:
    gateway = Gateway(config)
    await gateway.start()
    await gateway.run_until_stopped()


def run_file_path(config: Config) -> Path:
    return config.gateway.data_dir / "run" / "gateway.json"
