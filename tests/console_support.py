"""Helpers for the operator-console tests: console users, a fax TIFF order, the system Chromium,
a hostile page on another origin, logging in and screenshots."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from PIL import Image, ImageDraw, ImageFont

from testkit.harness import REPO, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "test-output" / "screenshots"
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768)}
PASSWORDS = {"alice": "alice-operator-pw", "rory": "rory-readonly-pw", "sue": "sue-supervisor-pw"}
ROLES = {"alice": "operator", "rory": "read-only", "sue": "supervisor"}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def console_users() -> list[dict[str, str]]:
    from gateway.passwords import hash_password
    return [{"username": u, "password_hash": hash_password(pw), "role": ROLES[u]} for u, pw in PASSWORDS.items()]


def fax_order_tiff(po: str, lines: list[tuple[str, str, str]]) -> bytes:
    """A one-page CCITT G4 fax (204x196 dpi) of a French order from Retail Brussels (C1001):
    (their code, description, quantity) lines under Code / Description / Qty / Unité headers."""
    img = Image.new("L", (1728, 2200), 255)
    draw = ImageDraw.Draw(img)
    font, big = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT_BOLD, 60)
    draw.text((120, 120), "BON DE COMMANDE", font=big, fill=0)
    y = 260
    for text in ("Retail Brussels NV", "Rue Neuve 1, 1000 Bruxelles", "Fax: +32 2 555 01 01",
                 f"N° de commande: {po}", "Date: 20/11/2026", "Date de livraison: 01/12/2099"):
        draw.text((120, y), text, font=font, fill=0)
        y += 70
    y += 60
    for row in (("Code", "Description", "Qty", "Unité"), *((c, d, q, "pce") for c, d, q in lines)):
        for x, text in zip((120, 520, 1150, 1400), row):
            draw.text((x, y), text, font=font, fill=0)
        y += 75
    out = io.BytesIO()
    img.point(lambda v: 0 if v < 128 else 255, "1").save(out, "TIFF", compression="group4", dpi=(204, 196))
    return out.getvalue()


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.async_api import async_playwright
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def login(browser: Any, base: str, user: str, password: str | None = None,
                size: str = "laptop") -> Any:
    """A new page logged in to the console as ``user``, showing the queue."""
    width, height = SIZES[size]
    page = await browser.new_page(viewport={"width": width, "height": height}, locale="en-GB")
    await page.goto(f"{base}/console/")
    await page.fill("input[name=username]", user)
    await page.fill("input[name=password]", password or PASSWORDS[user])
    await page.click("button[type=submit]")
    await page.wait_for_selector("body[data-ready='1']")
    return page


async def screenshots(page: Any, name: str, folder: Path | None = None) -> list[Path]:
    """The page at laptop and tablet size, saved under ``folder`` (test-output/screenshots/ by default)."""
    folder = folder or SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    original = page.viewport_size
    for size, (width, height) in SIZES.items():
        await page.set_viewport_size({"width": width, "height": height})
        await page.wait_for_timeout(250)  # let the layout settle; not a timing assertion
        path = folder / f"{name}-{size}-{width}x{height}.png"
        await page.screenshot(path=str(path))
        paths.append(path)
    await page.set_viewport_size(original)
    return paths


@contextlib.asynccontextmanager
async def hostile_site(target: str) -> AsyncIterator[str]:
    """A page on another origin (same host, other port) whose form posts to ``target`` on load."""
    html = (f'<!doctype html><form id="f" method="post" action="{target}">'
            '<input name="reason" value="forged"></form><script>document.getElementById("f").submit()</script>')

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def api(base: str, method: str, path: str, headers: dict[str, str], body: Any = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as session:
        async with session.request(method, base + path, headers=headers,
                                   data=None if body is None else json.dumps(body)) as resp:
            text = await resp.text()
            return resp.status, json.loads(text) if "json" in resp.content_type else text


def outbox(gw: Any) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(gw.ctx.config.delivery.file.path.glob("*.json"))]
