"""File sink: one JSON file per order in a folder the ERP reads, written atomically, named by order id.

The file appears complete or not at all (written unnamed, fsynced, then linked under its name:
``gateway.store.new_files``). An
order already present is not written again, so a re-send after a crash changes nothing. The orders
handed over in one turn of the event loop are written by one thread job, their files' fsyncs made
together and one fsync of the folder for all of them; each ``deliver`` returns only after its file and the folder entry are on disk.
``deliver_many`` takes a whole claimed batch the same way, in one thread job (the delivery loop then marks
the batch delivered in one transaction).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from gateway.store.batching import TurnBatch
from gateway.store.new_files import write_new_files
from gateway.config import FileSinkSection
from gateway.errors import DeliveryError
from gateway.model import NormalizedOrder


class FileSink:
    name = kind = "file"
    config_model = FileSinkSection

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writes: TurnBatch[NormalizedOrder, None] = TurnBatch(self._write_many, max_items=64)

    @classmethod
    def from_config(cls, config, secrets) -> FileSink:
        return cls(config.delivery.file.path)

    async def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    async def close(self) -> None:
        return None

    def _write_many(self, orders: list[NormalizedOrder]) -> list[None | BaseException]:
        """Write each order's file, their fsyncs made together (``write_new_files``), then make the new
        names durable with one fsync of the folder; an order whose file failed gets its error, the
        others go on."""
        try:
            dir_fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            return [exc] * len(orders)
        try:
            # an order already there is left as it is (False): never two versions of one order
            written = write_new_files([(self.folder, dir_fd, f"{order.order_id}.json",
                                        order.model_dump_json(indent=2).encode()) for order in orders],
                                      scratch=self.folder)
            os.fsync(dir_fd)
        except OSError as exc:
            return [exc] * len(orders)
        finally:
            os.close(dir_fd)
        return [result if isinstance(result, OSError) else None for result in written]

    async def deliver(self, order: NormalizedOrder) -> None:
        try:
            await self._writes(order)
        except OSError as exc:
            raise _refused(exc) from exc

    async def deliver_many(self, orders: list[NormalizedOrder]) -> list[DeliveryError | None]:
        """Write the orders' files in one job (``_write_many``: fsynced together, the folder once); per
        order None when its file and name are on disk, else its DeliveryError."""
        results = await asyncio.to_thread(self._write_many, orders)
        return [None if result is None else _refused(result) for result in results]


def _refused(exc: BaseException) -> DeliveryError:
    strerror = exc.strerror if isinstance(exc, OSError) else None
    return DeliveryError(f"cannot write to the ERP folder: {strerror or exc}", code="DELIVERY-FILE")
