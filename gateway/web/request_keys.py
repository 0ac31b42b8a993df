"""Typed keys: what the API server holds (the running gateway, the API key) and what authentication stores
on an aiohttp request (who acts, in which role, how)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

USER = web.RequestKey("user", str)  # "api" for an API key, else the console login name
ROLE = web.RequestKey("role", str)  # "api", "operator", "supervisor" or "read-only"
API_CLIENT = web.RequestKey("api_client", str)  # "key" or "console"
CONSOLE_SESSION = web.RequestKey("console_session", Any)

GATEWAY = web.AppKey("gateway", object)  # the running ``gateway.app.Gateway``
API_KEY = web.AppKey("api_key", str)
