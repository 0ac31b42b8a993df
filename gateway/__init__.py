"""The order-capture and EDI gateway: the running process (config, journal, pipeline, API, CLI)."""

__version__ = "0.1.0"
