"""Format extractors: one module per document format; bytes in, ``Extraction`` out.

Extractors are pure: no asyncio, no database, no master data. They run inside the gateway's process
pool, so everything they take and return is picklable.
"""
