"""Format extractors, in families (edi, xml, capture, sheet, mail, containers); bytes in, ``Extraction`` out.

The top of the package holds the contract (``base``) and what several families share (``units``,
``locale_values``, ``pricing``, ``date_evidence``); they import only ``gateway.model`` and ``gateway.errors``.

Extractors are pure: no asyncio, no database, no master data. They run inside the gateway's process
pool, so everything they take and return is picklable.
"""
