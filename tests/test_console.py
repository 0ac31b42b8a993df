"""The operator console end to end: a real gateway, Debian's Chromium driven by Playwright.

Log in, find a faxed order waiting for review, correct it, approve it and see it in the ERP outbox
with the correction in the document's history; release a duplicate; the dashboard against the KPI
API; roles, CSRF, cross-site posts and cookie flags. Screenshots land in test-output/screenshots/.
"""

from __future__ import annotations

import email
import email.policy
import functools
import re
from datetime import date
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller
from playwright.async_api import expect

from gateway.store.intake import IntakeMeta
from tests.console_support import (
    PASSWORDS, api, chromium, console_users, fax_order_tiff, hostile_site, login, outbox, screenshots,
)
from testkit.harness import API_KEY, free_port, running_gateway, wait_until, write_config
from testkit.pg_database import server_answers, temporary_database
from testkit.samples import ubl_order

KEY = {"X-API-Key": API_KEY}
UNKNOWN_GTIN = "9999999999994"


@functools.cache
def faxed_order() -> bytes:
    """The faxed order the console tests read: one known line, one unknown (held for review). The same
    page in every test that needs a fax, so the suite's tesseract reads it once per run
    (tests/conftest.py); each test still sends it to its own gateway, which reads it in full."""
    return fax_order_tiff("PO-FAX-77", [("ABC1234", "Papier A4", "5"), ("ZZ-9999", "Classeur", "3")])

# One browser for the module (launching Chromium is the slow part), so everything runs in one loop.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def users() -> list[dict[str, str]]:
    return console_users()


class Relay:
    """A real SMTP server (aiosmtpd) standing in for the company's outgoing mail relay."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture(scope="module")
def relay():
    handler = Relay()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def gateway_config(tmp_path: Path, users, relay) -> Path:
    return write_config(tmp_path / "gw", {"console": {"users": users, "session_ttl_minutes": 60},
                                          "smtp": {"enabled": False, "relay": {"host": "127.0.0.1", "port": relay.port,
                                                             "from_address": "orders@supplier.example"}}})


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser():
    async with chromium() as b:
        yield b


@pytest_asyncio.fixture(loop_scope="module", autouse=True)
async def close_pages(browser):
    yield
    await close_contexts(browser)


async def close_contexts(browser) -> None:
    for context in browser.contexts:
        await context.close()


@pytest_asyncio.fixture(loop_scope="module")
async def gateway(gateway_config: Path, request: pytest.FixtureRequest):
    async with running_gateway(gateway_config) as gw:
        yield gw
        if "browser" in request.fixturenames:
            # the test's pages go before the gateway stops: a page left open keeps a request of the
            # console in flight, and the stop would wait out its HTTP shutdown grace for it
            await close_contexts(request.getfixturevalue("browser"))


@pytest.fixture
def base(gateway) -> str:
    return f"http://127.0.0.1:{gateway.ports['http']}"


async def held(gw, document_id: str, status: str = "review"):
    async def one():
        orders = await gw.ctx.journal.orders_for_document(document_id)
        return orders[0] if orders and orders[0].status.value == status else None
    return await wait_until(one, timeout=60)


async def order_for(gw, po: str, lines, channel: str = "http", status: str = "review", **kw):
    env = await gw.ctx.intake.accept(ubl_order(po, lines, **kw), channel)
    return await held(gw, env.document_id, status)


async def test_faxed_order_is_corrected_approved_and_delivered_with_history(gateway, base, browser):
    env = await gateway.ctx.intake.accept(
        faxed_order(), "fax",
        IntakeMeta(sender="+32 2 555 01 01", filename="fax-77.tif", content_type="image/tiff"))
    order = await held(gateway, env.document_id)
    assert "ITEM-UNKNOWN" in [i.code for i in order.issues]
    page = await login(browser, base, "alice")
    row = page.locator("tr.row", has_text="PO-FAX-77")
    await row.wait_for()
    assert "Needs review" in await row.inner_text()
    await screenshots(page, "queue")
    await page.keyboard.press("j")
    await page.keyboard.press("k")
    await page.keyboard.press("Enter")
    await page.wait_for_selector(".order-form")
    assert page.url.endswith(f"#/review/{order.order_id}")
    await page.wait_for_selector(".page-frame[data-loaded='1']")
    assert await page.evaluate("() => document.querySelector('.page-img').naturalWidth") > 1000
    await page.focus("input[name='lines[1].quantity']")
    await page.wait_for_selector(".hl:not([hidden])")
    await page.fill("input[name='lines[1].quantity']", "6")
    await page.fill("input[name='lines[1].uom']", "BX")  # "pce" of paper sold in boxes of 5 reams: the clerk says boxes
    await page.fill("input[name='lines[2].sku']", "SKU-1003")
    assert await page.locator("td.c-sku .hint").nth(1).inner_text() == "Lever arch file A4 80mm"
    await screenshots(page, "review")
    await page.keyboard.press("Enter")
    await page.wait_for_selector(".toast.ok")
    await page.focus("input[name='lines[2].sku']")
    await page.keyboard.press("Control+Enter")
    await wait_until(lambda: outbox(gateway), timeout=30)
    (delivered,) = outbox(gateway)
    assert [(l["sku"], l["quantity"]) for l in delivered["lines"]] == [("SKU-1001", "6"), ("SKU-1003", "3")]

    await page.goto(f"{base}/console/#/document/{env.document_id}")
    corrected = page.locator("li.event[data-outcome='corrected']")
    await corrected.wait_for()
    text = await corrected.inner_text()
    assert "alice" in text and "lines[1].quantity" in text and "lines[2].sku" in text and "SKU-1003" in text
    assert await page.locator("li.event[data-outcome='approved']").count() == 1
    await page.locator("li.event[data-outcome='delivered']").wait_for()
    raw = await page.request.get(base + await page.locator("#raw-link").get_attribute("href"))
    assert raw.status == 200 and raw.headers["content-disposition"].endswith('"fax-77.tif"')
    await screenshots(page, "history")


async def test_exact_duplicate_is_compared_never_released_and_dismissed(gateway, base, browser, tmp_path):
    first = await order_for(gateway, "PO-DUP-9", [("4000862141404", 3)], status="delivered")
    dup = await order_for(gateway, "PO-DUP-9", [("4000862141404", 3)], channel="smtp", status="duplicate",
                          note="sent again")
    assert dup.original_order_id == first.order_id
    page = await login(browser, base, "alice")
    await page.click("button[data-tab=held]")
    await page.locator("tr.row", has_text="PO-DUP-9").click()
    await page.wait_for_selector(".compare")
    assert await page.locator(".compare-ids").inner_text() == (
        f"Original: {first.order_id} (Delivered)\nThis document: {dup.order_id}")
    await page.locator("#never-again").wait_for()
    assert await page.locator("#release").count() == 0 and await page.locator("#accept").count() == 0
    await screenshots(page, "duplicate", tmp_path / "screenshots")
    await page.click("#reject")
    await page.wait_for_selector("#order-status:has-text('Rejected')")
    assert await gateway.ctx.journal.delivery(dup.order_id) is None and len(outbox(gateway)) == 1


async def test_possible_duplicate_is_shown_beside_its_original_and_kept_as_the_same_order(gateway, base, browser,
                                                                                          tmp_path):
    from gateway.stages.dedup import _mark_possible_duplicate
    from gateway.store.journal import Event
    first = await order_for(gateway, "PO-8831", [("4000862141404", 3)], status="delivered")
    scan = await order_for(gateway, "PO-8B31", [(UNKNOWN_GTIN, 3)], channel="folder")
    marked = _mark_possible_duplicate(scan, first, "PO differs by one character a scan may have misread")
    await gateway.ctx.journal.update_order(marked, Event(stage="dedup", outcome="possible_duplicate",
                                                         order_id=scan.order_id, document_id=scan.source.document_id))
    page = await login(browser, base, "alice")
    await page.locator("tr.row", has_text="PO-8B31").click()
    await page.wait_for_selector(".compare[data-state=possible_duplicate]")
    assert await page.locator("#same-order.primary").count() == 1
    assert await page.locator("#release").count() == 1 and await page.locator("#accept").count() == 0
    await screenshots(page, "possible-duplicate", tmp_path / "screenshots")
    await page.click("#same-order")
    await page.wait_for_selector("#order-status:has-text('Duplicate')")
    kept = await gateway.ctx.journal.get_order(scan.order_id)
    assert kept.status.value == "duplicate" and kept.original_order_id == first.order_id
    assert any(i.code == "DUPLICATE-ORDER" and "alice" in i.message for i in kept.issues)
    assert await gateway.ctx.journal.delivery(scan.order_id) is None and len(outbox(gateway)) == 1


async def test_learning_is_previewed_before_saving_and_a_supervisor_undoes_it(gateway, base, browser, tmp_path):
    order = await order_for(gateway, "PO-LRN-1", [(UNKNOWN_GTIN, 2)])
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.fill("input[name='lines[1].sku']", "SKU-1003")
    await page.check("input[name=save_xref]")
    await page.locator("#learn-preview li.none").wait_for()  # a SKU alone teaches nothing
    await page.fill("input[name='lines[1].customer_item']", "CLS-A4-80")
    await page.locator("#learn-preview li[data-item='CLS-A4-80']").wait_for()
    assert await page.locator("#learn-preview").inner_text() == "CLS-A4-80 → SKU-1003"
    await screenshots(page, "learn-preview", tmp_path / "screenshots")
    await page.click("#save")
    await page.wait_for_selector(".toast.ok")
    await wait_until(lambda: gateway.ctx.master_data.current().xref.get(("C1001", "CLS-A4-80")) == "SKU-1003")
    await page.goto(f"{base}/console/#/learned")
    await page.locator("tr[data-item='CLS-A4-80']").wait_for()
    assert await page.locator("button.undo").count() == 0  # an operator cannot undo
    sue = await login(browser, base, "sue")
    await sue.goto(f"{base}/console/#/learned")
    row = sue.locator("tr[data-item='CLS-A4-80']")
    await row.wait_for()
    await screenshots(sue, "learned", tmp_path / "screenshots")
    await row.locator("button.undo").click()
    await sue.wait_for_selector("tr[data-item='CLS-A4-80']", state="detached")
    assert ("C1001", "CLS-A4-80") not in gateway.ctx.master_data.current().xref


async def test_bulk_reject_of_a_picked_selection(gateway, base, browser, tmp_path):
    first = await order_for(gateway, "PO-BLK-1", [(UNKNOWN_GTIN, 1)])
    second = await order_for(gateway, "PO-BLK-2", [(UNKNOWN_GTIN, 2)])
    page = await login(browser, base, "alice")
    for po in ("PO-BLK-1", "PO-BLK-2"):
        await page.locator("tr.row", has_text=po).locator("input.pick").check()
    await page.locator("#bulk-bar", has_text="2 picked").wait_for()
    await screenshots(page, "bulk", tmp_path / "screenshots")
    await page.click("#bulk-approve")  # unknown items: each approval refused with its reason
    await page.locator(".toast.error", has_text="0 done, 2 refused").wait_for()
    for po in ("PO-BLK-1", "PO-BLK-2"):
        await page.locator("tr.row", has_text=po).locator("input.pick").check()
    await page.click("#bulk-reject")
    await page.locator(".toast.ok", has_text="2 done, 0 refused").wait_for()
    for order in (first, second):
        assert (await gateway.ctx.journal.get_order(order.order_id)).status.value == "rejected"


async def test_two_clerks_never_work_on_the_same_order(gateway, base, browser, tmp_path):
    order = await order_for(gateway, "PO-CLM-1", [(UNKNOWN_GTIN, 4)])
    alice = await login(browser, base, "alice")
    await alice.goto(f"{base}/console/#/review/{order.order_id}")
    await alice.wait_for_selector(".order-form")
    await wait_until(lambda: gateway.ctx.journal.order_claim(order.order_id))
    sue = await login(browser, base, "sue")
    await sue.goto(f"{base}/console/#/review/{order.order_id}")
    banner = sue.locator("#claimed-by")
    await banner.wait_for()
    assert "alice is working on order" in await banner.inner_text()
    assert await sue.locator("#approve").is_disabled() and await sue.locator("#reject").is_disabled()
    await screenshots(sue, "claimed", tmp_path / "screenshots")
    await alice.goto(f"{base}/console/#/queue")  # leaving the order gives the claim up
    await wait_until(lambda: _unclaimed(gateway, order))
    await sue.reload()
    await sue.wait_for_selector(".order-form")
    assert await sue.locator("#claimed-by").count() == 0 and not await sue.locator("#reject").is_disabled()


async def test_a_comment_is_added_and_shown_with_its_author(gateway, base, browser):
    order = await order_for(gateway, "PO-CMT-1", [(UNKNOWN_GTIN, 4)])
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.fill("textarea[name=comment]", "Asked the customer for the item code")
    await page.click("#add-comment")
    item = page.locator("#comments li", has_text="Asked the customer for the item code")
    await item.wait_for()
    assert "alice" in await item.inner_text()
    await page.goto(f"{base}/console/#/document/{order.source.document_id}")
    assert "alice" in await page.locator("li.event[data-outcome='comment']").inner_text()


async def test_address_is_edited_a_row_split_and_a_missing_row_added(gateway, base, browser, tmp_path):
    order = await order_for(gateway, "PO-ROWS-1", [(UNKNOWN_GTIN, 4)])
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.fill("input[name='ship_to.street']", "Quai 4, Gate 2")
    await page.fill("input[name='lines[1].sku']", "SKU-1003")
    await page.click("button.split[data-line='1']")
    assert await page.input_value("input[name='lines[1].quantity']") == "2"
    assert await page.input_value("input[name='lines[new1].quantity']") == "2"
    await page.click("#add-row")
    await page.fill("input[name='lines[new2].sku']", "SKU-1001")
    await page.fill("input[name='lines[new2].quantity']", "7")
    await screenshots(page, "rows", tmp_path / "screenshots")
    await page.click("#save")
    await page.wait_for_selector(".toast.ok")
    saved = await gateway.ctx.journal.get_order(order.order_id)
    assert saved.ship_to.street == "Quai 4, Gate 2"
    assert [(line.sku, str(line.quantity)) for line in saved.lines] == [
        ("SKU-1003", "2"), ("SKU-1003", "2"), ("SKU-1001", "7")]


async def test_a_row_read_twice_is_merged_into_the_row_above(gateway, base, browser):
    order = await order_for(gateway, "PO-MRG-1", [("4000862141404", 3), ("4000862141404", 2), (UNKNOWN_GTIN, 1)])
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.click("button.merge[data-line='2']")
    assert await page.input_value("input[name='lines[1].quantity']") == "5"
    await page.fill("input[name='lines[3].sku']", "SKU-1003")
    await page.click("#save")
    await page.wait_for_selector(".toast.ok")
    saved = await gateway.ctx.journal.get_order(order.order_id)
    assert [(line.sku, str(line.quantity)) for line in saved.lines] == [("SKU-1001", "5"), ("SKU-1003", "1")]


async def test_an_xml_order_is_shown_readable_beside_the_form(gateway, base, browser, tmp_path):
    order = await order_for(gateway, "PO-XML-1", [(UNKNOWN_GTIN, 1)])
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    text = page.locator("pre.doc-text")
    await text.wait_for()
    lines = (await text.inner_text()).splitlines()
    assert "<cbc:ID>PO-XML-1</cbc:ID>" in lines
    await screenshots(page, "xml-order", tmp_path / "screenshots")


async def _unclaimed(gw, order) -> bool:
    return await gw.ctx.journal.order_claim(order.order_id) is None


async def test_favicon_is_served(gateway, base):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/favicon.ico") as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == "image/x-icon"
            assert (await resp.read())[:4] == b"\x00\x00\x01\x00"


async def test_dashboard_figures_match_the_kpi_api(gateway, base, browser):
    await order_for(gateway, "PO-KPI-1", [("4000862141404", 1)], status="delivered")
    await order_for(gateway, "PO-KPI-2", [(UNKNOWN_GTIN, 1)], channel="smtp")
    page = await login(browser, base, "sue")
    await page.click("#nav-dashboard")
    await page.wait_for_selector(".dashboard[data-period='today']")
    shown = {k: (await page.locator(f"[data-value='{k}']").inner_text()).strip()
             for k in ("orders_total", "waiting", "touchless", "within_sla")}
    await screenshots(page, "dashboard")
    status, kpis = await api(base, "GET", "/v1/console/kpis?period=today", KEY)
    assert status == 200
    assert shown == {"orders_total": str(kpis["orders_total"]), "waiting": str(kpis["waiting_by_age"]["total"]),
                     "touchless": f"{round(kpis['touchless']['share'] * 100)}%",
                     "within_sla": f"{round(kpis['within_sla']['share'] * 100)}%"}
    status, orders = await api(base, "GET", f"/v1/orders?since={kpis['since'].replace('+', '%2B')}", KEY)
    assert kpis["orders_total"] == len(orders["orders"]) == 2
    assert kpis["waiting_by_age"]["total"] == 1 and kpis["touchless"] == {"delivered": 1, "touchless": 1,
                                                                         "share": 1.0}
    status, same = await api(base, "GET", "/v1/kpis?period=today", KEY)  # one source for both
    assert (same["received"]["orders"], same["touchless"], same["sla"]["share_within"]) == \
        (kpis["orders_total"], kpis["touchless"], kpis["within_sla"]["share"])
    await page.click("button[data-period=month]")
    await page.wait_for_selector(".dashboard[data-period='month']")
    assert await page.locator("figure.chart-box svg rect").count() > 0


async def test_read_only_user_cannot_approve(gateway, base, browser):
    order = await order_for(gateway, "PO-RO-7", [(UNKNOWN_GTIN, 2)])
    page = await login(browser, base, "rory")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    assert await page.locator("#approve").is_disabled()
    assert await page.locator("input[name='lines[1].quantity']").is_disabled()
    status = await page.evaluate("""async (id) => {
        const me = await (await fetch('/v1/console/me')).json();
        const r = await fetch(`/v1/orders/${id}/approve`, {method: 'POST', headers: {'X-CSRF-Token': me.csrf_token}});
        return r.status; }""", order.order_id)
    assert status == 403
    assert (await gateway.ctx.journal.get_order(order.order_id)).status.value == "review"


async def test_cross_site_form_post_is_refused(gateway, base, browser):
    order = await order_for(gateway, "PO-CSRF-1", [(UNKNOWN_GTIN, 2)])
    page = await login(browser, base, "alice")
    target = f"{base}/v1/orders/{order.order_id}/reject"
    async with hostile_site(target) as evil:
        async with page.expect_response(target) as answer:
            await page.goto(evil)
        assert (await answer.value).status == 403
    async with hostile_site(f"{base}/console/logout") as evil:
        async with page.expect_response(f"{base}/console/logout") as answer:
            await page.goto(evil)
        assert (await answer.value).status == 403
    cookie = next(c for c in await page.context.cookies() if c["name"] == "gw_console")
    session = {"Cookie": f"gw_console={cookie['value']}"}
    assert (await api(base, "POST", f"/v1/orders/{order.order_id}/reject", {**session, "Origin": "http://evil.example"},
                      {"reason": "x"}))[0] == 403
    assert (await api(base, "POST", f"/v1/orders/{order.order_id}/reject", {**session, "Origin": base},
                      {"reason": "x"}))[0] == 403  # right origin, no CSRF token
    assert (await gateway.ctx.journal.get_order(order.order_id)).status.value == "review"
    status, me = await api(base, "GET", "/v1/console/me", session)
    assert status == 200 and me["user"] == "alice"  # the forged logout did not end the session
    status, _ = await api(base, "PATCH", f"/v1/orders/{order.order_id}",
                          {**session, "Origin": base, "X-CSRF-Token": me["csrf_token"]}, {"po_number": "PO-CSRF-1"})
    assert status == 200


async def test_wrong_password_is_refused(gateway, base, browser):
    page = await browser.new_page()
    await page.goto(f"{base}/console/#/dashboard")
    assert page.url.startswith(f"{base}/console/login")
    await page.fill("input[name=username]", "alice")
    await page.fill("input[name=password]", "not-her-password")
    async with page.expect_response(f"{base}/console/login") as answer:
        await page.click("button[type=submit]")
    assert (await answer.value).status == 401
    await expect(page.locator("#login-error")).to_have_text("Wrong user name or password.")
    assert not [c for c in await page.context.cookies() if c["name"] == "gw_console"]


async def test_session_cookie_is_httponly_strict_and_kept_hashed(gateway, base, browser):
    page = await login(browser, base, "alice")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "gw_console")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["secure"] is False
    rows = await gateway.ctx.journal.query("SELECT token_hash, username, role FROM console_sessions")
    assert [(r["username"], r["role"]) for r in rows] == [("alice", "operator")]
    assert cookie["value"] not in rows[0]["token_hash"] and len(rows[0]["token_hash"]) == 64


async def test_cookie_is_secure_when_served_over_https(tmp_path, users):
    config = write_config(tmp_path / "tls", {"console": {"users": users},
                                             "http": {"public_url": "https://orders.example.com"}})
    async with running_gateway(config) as gw:
        base = f"http://127.0.0.1:{gw.ports['http']}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            async with session.get(f"{base}/console/login") as resp:
                token = re.search(r'name="csrf_token" value="([^"]+)"', await resp.text()).group(1)
                assert resp.cookies["gw_console_login"]["secure"]
            form = {"username": "alice", "password": PASSWORDS["alice"], "csrf_token": token}
            async with session.post(f"{base}/console/login", data=form, allow_redirects=False,
                                    headers={"Origin": "https://orders.example.com",
                                             "Cookie": f"gw_console_login={token}"}) as resp:
                assert resp.status == 303
                cookie = resp.cookies["gw_console"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"


async def test_language_switch_shows_french_and_is_remembered(gateway, base, browser):
    page = await login(browser, base, "alice")
    await page.click("button.lang[data-lang=fr]")
    await expect(page.locator("#nav-dashboard")).to_have_text("Tableau de bord")
    await page.reload()
    await page.wait_for_selector("button[data-tab=todo]")
    await expect(page.locator("button[data-tab=todo]")).to_have_text(re.compile("^À traiter"))
    assert await page.locator("html").get_attribute("lang") == "fr"


async def test_logout_ends_the_session(gateway, base, browser):
    page = await login(browser, base, "alice")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "gw_console")
    await page.click("#logout button")
    await page.wait_for_url(f"{base}/console/login")
    status, _ = await api(base, "GET", "/v1/console/me", {"Cookie": f"gw_console={cookie['value']}"})
    assert status == 401


async def test_queue_api_buckets_filters_and_sla(gateway, base):
    await order_for(gateway, "PO-Q-1", [(UNKNOWN_GTIN, 1)], channel="smtp")
    await order_for(gateway, "PO-Q-2", [("4000862141404", 1)], status="delivered")
    status, body = await api(base, "GET", "/v1/queue", KEY)
    assert status == 200 and body["counts"]["review"] == 1 and body["counts"]["delivered"] == 1
    review = next(i for i in body["items"] if i["po_number"] == "PO-Q-1")
    assert review["bucket"] == "review" and review["sla_state"] in ("ok", "at_risk") and review["seconds_left"] > 0
    done = next(i for i in body["items"] if i["po_number"] == "PO-Q-2")
    assert done["sla_state"] == "met"
    status, body = await api(base, "GET", "/v1/queue?channel=smtp", KEY)
    assert [i["po_number"] for i in body["items"]] == ["PO-Q-1"]
    status, body = await api(base, "GET", "/v1/queue?min_age_h=1", KEY)
    assert body["items"] == []
    status, body = await api(base, "GET", "/v1/queue", KEY)
    today = date.fromisoformat(body["calendar"]["today"])
    assert body["calendar"]["business_day"] == (today.isoweekday() <= 5)  # the default calendar: Monday-Friday
    assert (body["calendar"]["resumes_at"] is None) == body["calendar"]["business_day"]
    for age in ("1e20", "nan", "1e400", "-1", "inf", "soon", ""):
        status, body = await api(base, "GET", f"/v1/queue?min_age_h={age}", KEY)
        assert status == 400 and body["error"]["code"] == "BAD-QUERY", age


async def test_catalogue_offers_skus_and_the_customers_cross_references(gateway, base):
    status, body = await api(base, "GET", "/v1/catalogue?customer=C1002", KEY)
    assert status == 200 and body["customer"]["name"] == "Dupont Fournitures SARL"
    assert {"sku": "SKU-1003", "description": "Lever arch file A4 80mm"}.items() <= next(
        p for p in body["products"] if p["sku"] == "SKU-1003").items()
    assert body["xref"] == [{"customer_item": "DF-PAP-A4", "sku": "SKU-1001"},
                            {"customer_item": "DF-STYLO-B", "sku": "SKU-1002"}]
    assert (await api(base, "GET", "/v1/catalogue?customer=NOPE", KEY))[0] == 404


async def test_a_plain_password_in_the_console_config_is_refused(tmp_path):
    from gateway.config import load_config
    from gateway.errors import ConfigError
    path = write_config(tmp_path / "bad", {"console": {"users": [{"username": "bob", "password_hash": "hunter2"}]}})
    with pytest.raises(ConfigError, match="console.users\\[0\\].password_hash"):
        load_config(path)


async def login_over_http(base: str, user: str) -> str:
    """Log in with the form as a browser would; returns the session cookie's value."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        async with session.get(f"{base}/console/login") as resp:
            token = re.search(r'name="csrf_token" value="([^"]+)"', await resp.text()).group(1)
        form = {"username": user, "password": PASSWORDS[user], "csrf_token": token}
        async with session.post(f"{base}/console/login", data=form, allow_redirects=False,
                                headers={"Origin": base, "Cookie": f"gw_console_login={token}"}) as resp:
            assert resp.status == 303
            return resp.cookies["gw_console"].value


@pytest.mark.skipif(bool(server_answers()), reason="no local PostgreSQL server")
async def test_a_session_is_shared_by_nodes_on_one_postgresql_journal(tmp_path, users, monkeypatch):
    with temporary_database() as dsn:
        monkeypatch.setenv("GATEWAY_TEST_CONSOLE_PG_DSN", dsn)
        shared = {"console": {"users": users}, "journal": {"backend": "postgresql",
                                                           "dsn_env": "GATEWAY_TEST_CONSOLE_PG_DSN"}}
        configs = [write_config(tmp_path / name, {**shared, "gateway": {"node_id": name}}) for name in ("a", "b")]
        async with running_gateway(configs[0]) as node_a, running_gateway(configs[1]) as node_b:
            base_a, base_b = (f"http://127.0.0.1:{n.ports['http']}" for n in (node_a, node_b))
            cookie = {"Cookie": f"gw_console={await login_over_http(base_a, 'sue')}"}
            await order_for(node_a, "PO-PG-1", [(UNKNOWN_GTIN, 1)])
            status, me = await api(base_b, "GET", "/v1/console/me", cookie)
            assert status == 200 and me["user"] == "sue" and me["role"] == "supervisor"
            status, queue = await api(base_b, "GET", "/v1/queue?min_age_h=0", cookie)
            assert status == 200 and [i["po_number"] for i in queue["items"]] == ["PO-PG-1"]
            status, kpis = await api(base_b, "GET", "/v1/console/kpis?period=month", cookie)
            assert status == 200 and kpis["orders_total"] == 1 and kpis["waiting_by_age"]["total"] == 1


async def test_a_double_click_on_approve_approves_once(gateway, base, browser):
    from gateway.review.review import correct_order
    order = await order_for(gateway, "PO-DBL-1", [("9999999999994", 2)])
    await correct_order(gateway.ctx, order.order_id, {"lines": [{"line_no": 1, "sku": "SKU-1003"}]}, "alice")
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.dblclick("#approve")
    await page.keyboard.press("Control+Enter")
    await page.wait_for_selector(".toast.ok")
    await wait_until(lambda: outbox(gateway), timeout=30)
    history = await gateway.ctx.journal.history(order.source.document_id)
    assert [e.outcome for e in history if e.stage == "review"].count("approved") == 1
    assert await page.locator(".toast.error").count() == 0


async def test_a_reply_asks_the_customer_for_what_is_missing_threaded_on_their_mail(gateway, base, browser, relay):
    env = await gateway.ctx.intake.accept(ubl_order("PO-RPL-1", [(UNKNOWN_GTIN, 4)]), "smtp", IntakeMeta(
        sender="orders@retail-brussels.example", content_type="application/xml", filename="po.xml",
        extra={"subject": "Commande PO-RPL-1", "message_id": "<po-rpl-1@retail-brussels.example>"}))
    order = await held(gateway, env.document_id)
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.click("#reply")
    await page.wait_for_selector("dialog.reply-dialog[data-ready='1']")
    assert await page.input_value("#reply-subject") == "Re: Commande PO-RPL-1"
    assert await page.locator("#reply-to").inner_text() == "orders@retail-brussels.example"
    assert await page.input_value("#reply-language") == "fr"  # Retail Brussels writes French
    body = await page.input_value("#reply-body")
    assert "Merci pour votre commande PO-RPL-1" in body and f"- Ligne 1 : nous ne reconnaissons pas l'article" in body
    await page.select_option("#reply-language", "de")
    await expect(page.locator("#reply-body")).to_have_value(re.compile("Position 1: Artikel"))
    await page.select_option("#reply-language", "fr")
    await expect(page.locator("#reply-body")).to_have_value(re.compile("^Bonjour"))
    await page.fill("#reply-body", body + "\nPS : le code figure sur votre catalogue.")
    await screenshots(page, "reply")
    await page.click("#reply-send")
    await page.locator(".toast.ok", has_text="orders@retail-brussels.example").wait_for()
    await wait_until(lambda: relay.messages)
    (mail,) = [m for m in relay.messages if m["To"] == "orders@retail-brussels.example"]
    assert mail["Subject"] == "Re: Commande PO-RPL-1" and mail["From"] == "orders@supplier.example"
    assert mail["In-Reply-To"] == mail["References"] == "<po-rpl-1@retail-brussels.example>"
    assert mail["Content-Language"] == "fr" and "PS : le code figure" in mail.get_content()
    assert mail["Date"]  # RFC 5322; the relay offers no STARTTLS and none is configured: sent in clear
    history = await gateway.ctx.journal.history(order.source.document_id)
    (replied,) = [e for e in history if e.outcome == "replied"]
    assert replied.data["user"] == "alice" and replied.data["message_id"] == mail["Message-ID"]
    # the same reply again (a retried request) is refused, nothing sent twice
    reply_id = replied.data["reply_id"]
    cookie = next(c for c in await page.context.cookies() if c["name"] == "gw_console")
    status, me = await api(base, "GET", "/v1/console/me", {"Cookie": f"gw_console={cookie['value']}"})
    status, body = await api(base, "POST", f"/v1/orders/{order.order_id}/reply",
                             {"Cookie": f"gw_console={cookie['value']}", "Origin": base, "X-CSRF-Token": me["csrf_token"]},
                             {"subject": "Re: x", "body": "again", "reply_id": reply_id})
    assert status == 409 and body["error"]["code"] == "REPLY-ALREADY-SENT"
    assert len([m for m in relay.messages if m["To"] == "orders@retail-brussels.example"]) == 1
    await page.goto(f"{base}/console/#/document/{order.source.document_id}")
    assert "alice" in await page.locator("li.event[data-outcome='replied']").inner_text()


async def test_a_reply_to_a_faxed_order_is_refused_naming_where_it_came_from(gateway, base, browser):
    env = await gateway.ctx.intake.accept(
        faxed_order(), "fax",
        IntakeMeta(sender="+32 2 555 01 01", filename="fax-rpl.tif", content_type="image/tiff"))
    order = await held(gateway, env.document_id)
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    await page.click("#reply")
    await page.wait_for_selector("dialog.reply-dialog[data-ready='1']")
    note = await page.locator("#reply-refused").inner_text()
    assert "came by fax from +32 2 555 01 01, not by e-mail" in note
    assert await page.locator("#reply-send").is_disabled()
    status, body = await api(base, "POST", f"/v1/orders/{order.order_id}/reply", KEY,
                             {"subject": "Re: x", "body": "y", "reply_id": "fax-reply-0001"})
    assert status == 409 and body["error"]["code"] == "REPLY-NOT-EMAIL"


async def test_a_word_clicked_on_the_page_fills_the_field_being_edited(gateway, base, browser):
    env = await gateway.ctx.intake.accept(
        faxed_order(), "fax",
        IntakeMeta(sender="+32 2 555 01 01", filename="fax-wrd.tif", content_type="image/tiff"))
    order = await held(gateway, env.document_id)
    page = await login(browser, base, "alice")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".page-frame[data-words]")
    await page.click("input[name='ship_to.city']")
    await page.click(".word[data-text='Bruxelles']")
    assert await page.input_value("input[name='ship_to.city']") == "Bruxelles"
    await page.click("input[name='ship_to.street']")
    for word, shift in (("Rue", False), ("Neuve", True)):
        await page.click(f".word[data-text='{word}']", modifiers=["Shift"] if shift else None)
    assert await page.input_value("input[name='ship_to.street']") == "Rue Neuve"
    assert await page.locator("input.picked[name='ship_to.street']").count() == 1
    await page.click("input[name='lines[2].sku']")
    await page.fill("input[name='lines[2].sku']", "SKU-1003")
    await screenshots(page, "pick-word")
    await page.click("#save")
    await page.wait_for_selector(".toast.ok")
    saved = await gateway.ctx.journal.get_order(order.order_id)
    assert (saved.ship_to.city, saved.ship_to.street) == ("Bruxelles", "Rue Neuve")
    assert saved.field_confidence["ship_to.city"] == 1.0
    (event,) = [e for e in await gateway.ctx.journal.history(env.document_id) if e.outcome == "corrected"]
    how = {c["field"]: c.get("how") for c in event.data["changes"]}
    assert event.data["user"] == "alice" and how == {"ship_to.city": "picked from the page",
                                                     "ship_to.street": "picked from the page", "lines[2].sku": None}


async def test_numbers_and_dates_are_shown_and_typed_in_the_clerks_format(gateway, base, browser):
    from gateway.review.review import correct_order
    order = await order_for(gateway, "PO-FMT-1", [(UNKNOWN_GTIN, 1200)])
    await correct_order(gateway.ctx, order.order_id, {"total": "1234.50", "lines": [
        {"line_no": 1, "unit_price": "1.0287", "amount": "1234.44"}]}, "sue")
    page = await login(browser, base, "alice")
    await page.select_option("#num-format", "de")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    await page.wait_for_selector(".order-form")
    assert await page.input_value("input[name=total]") == "1.234,50"
    assert await page.input_value("input[name='lines[1].quantity']") == "1.200"
    assert await page.input_value("input[name=requested_delivery_date]") == "01.12.2099"
    await page.fill("input[name='lines[1].amount']", "1,234.50")  # English writing: refused, never guessed
    await page.click("#save")
    await page.locator(".toast.error", has_text="1,234.50").wait_for()
    assert await page.locator("input.invalid[name='lines[1].amount']").count() == 1
    await page.fill("input[name='lines[1].amount']", "1.234,5")
    await page.fill("input[name=requested_delivery_date]", "15.01.2100")
    await page.fill("input[name='lines[1].customer_item']", "RB-PAP-80")
    await page.fill("input[name='bill_to.name']", "Retail Brussels NV — Comptabilité")
    await page.fill("input[name='bill_to.city']", "Bruxelles")
    await page.fill("input[name=total]", "1.300,00")
    await screenshots(page, "formats-de")
    await page.click("#save")
    await page.wait_for_selector(".toast.ok")
    saved = await gateway.ctx.journal.get_order(order.order_id)
    assert (str(saved.lines[0].amount), str(saved.total), saved.requested_delivery_date.isoformat()) == \
        ("1234.5", "1300.00", "2100-01-15")
    assert saved.lines[0].customer_item == "RB-PAP-80"
    assert (saved.bill_to.name, saved.bill_to.city) == ("Retail Brussels NV — Comptabilité", "Bruxelles")
    event = [e for e in await gateway.ctx.journal.history(order.source.document_id) if e.outcome == "corrected"][-1]
    assert event.data["user"] == "alice" and {c["field"] for c in event.data["changes"]} == {
        "lines[1].amount", "total", "requested_delivery_date", "lines[1].customer_item", "bill_to.name",
        "bill_to.city"}
    await page.click("button.lang[data-lang=fr]")  # French: its own format, and French throughout
    await page.wait_for_selector(".order-form")
    assert await page.input_value("#num-format") == "de"  # a chosen format stays chosen
    await page.select_option("#num-format", "fr")
    await page.wait_for_selector(".order-form")
    assert await page.input_value("input[name=total]") == "1\u202f300,00"
    assert await page.input_value("input[name='lines[1].amount']") == "1\u202f234,5"
    assert await page.input_value("input[name=requested_delivery_date]") == "15/01/2100"
    issues = await page.locator(".issues-list").inner_text()
    assert "Article inconnu" in issues and "Unknown" not in issues
    await screenshots(page, "formats-fr")
    await page.select_option("#num-format", "en")
    await page.wait_for_selector(".order-form")
    assert await page.input_value("input[name=total]") == "1,300.00"


async def test_repeated_ctrl_enter_approves_only_the_order_on_screen(gateway, base, browser):
    """D15: Ctrl+Enter pressed again and again approves the order shown, never the next ones unseen."""
    from gateway.review.review import correct_order
    orders = []
    for n in (1, 2, 3):
        order = await order_for(gateway, f"PO-KEY-{n}", [("9999999999994", n)])
        await correct_order(gateway.ctx, order.order_id, {"lines": [{"line_no": 1, "sku": "SKU-1003"}]}, "alice")
        orders.append(order)
    page = await login(browser, base, "alice")
    await page.evaluate("() => sessionStorage.setItem('console.approveArmMs', '600000')")  # armed only by the clerk
    await page.goto(f"{base}/console/#/queue")
    await page.locator("tr.row", has_text="PO-KEY-1").wait_for()
    await page.goto(f"{base}/console/#/review/{orders[0].order_id}")
    await page.wait_for_selector(f".review-head[data-order='{orders[0].order_id}']")
    await page.keyboard.press("Control+Enter")  # not yet looked at: refused with a hint
    await page.wait_for_selector(".toast.hint")
    await page.click("input[name='po_number']")
    for _ in range(4):
        await page.keyboard.press("Control+Enter")
    shown = [o for o in orders[1:] if o.order_id in page.url] or orders[1:]
    await page.wait_for_selector(f".review-head[data-order='{shown[0].order_id}']")
    await page.keyboard.press("Control+Enter")
    await page.wait_for_selector(f".review-head[data-order='{shown[0].order_id}']")
    await wait_until(lambda: outbox(gateway), timeout=30)
    for order in orders[1:]:
        history = await gateway.ctx.journal.history(order.source.document_id)
        assert "approved" not in [e.outcome for e in history if e.stage == "review"], order.po_number
    assert [o["po_number"] for o in outbox(gateway)] == ["PO-KEY-1"]
    await page.click("input[name='po_number']")  # now looked at: the shortcut approves it
    await page.keyboard.press("Control+Enter")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    assert sorted(o["po_number"] for o in outbox(gateway)) == ["PO-KEY-1", shown[0].po_number]


async def test_a_reply_needs_a_reply_id_and_respects_another_clerks_claim(gateway, base, relay):
    """D3: without reply_id nothing is sent (a retry could send twice); bob cannot reply on alice's order."""
    from gateway.review.review import claim_order
    env = await gateway.ctx.intake.accept(ubl_order("PO-RPL-2", [(UNKNOWN_GTIN, 4)]), "smtp", IntakeMeta(
        sender="orders@retail-brussels.example", content_type="application/xml", filename="po.xml",
        extra={"subject": "Commande PO-RPL-2", "message_id": "<po-rpl-2@retail-brussels.example>"}))
    order = await held(gateway, env.document_id)
    status, draft = await api(base, "GET", f"/v1/orders/{order.order_id}/reply", KEY)
    assert status == 200 and len(draft["reply_id"]) >= 8
    for _ in range(2):
        status, body = await api(base, "POST", f"/v1/orders/{order.order_id}/reply", KEY, {"subject": "Re: x", "body": "y"})
        assert status == 400 and body["error"]["code"] == "BAD-REPLY" and "reply_id" in body["error"]["message"]
    await claim_order(gateway.ctx, order.order_id, "alice", "operator")
    status, body = await api(base, "POST", f"/v1/orders/{order.order_id}/reply", KEY,
                             {"subject": "Re: x", "body": "y", "reply_id": draft["reply_id"]})
    assert status == 409 and body["error"]["code"] == "ORDER-CLAIMED" and "alice" in body["error"]["message"]
    assert not [m for m in relay.messages if "PO-RPL-2" in str(m["Subject"])]
    await gateway.ctx.journal.release_claim(order.order_id, "alice")
    status, body = await api(base, "POST", f"/v1/orders/{order.order_id}/reply", KEY,
                             {"subject": "Re: Commande PO-RPL-2", "body": "y", "reply_id": draft["reply_id"]})
    assert status == 200, body
    await wait_until(lambda: [m for m in relay.messages if m["Subject"] == "Re: Commande PO-RPL-2"])


async def test_french_issues_name_the_line_and_item_and_rejected_orders_are_not_failed(gateway, base, browser):
    """D9/D14: a French clerk reads where and what (no internal field path); rejected orders have their own
    bucket; history times carry the day."""
    order = await order_for(gateway, "PO-FR-1", [(UNKNOWN_GTIN, 1)])
    page = await login(browser, base, "alice")
    await page.click("button.lang[data-lang=fr]")
    await page.goto(f"{base}/console/#/review/{order.order_id}")
    item = page.locator(".issues-list li", has_text="ITEM-UNKNOWN")
    await item.wait_for()
    text = await item.inner_text()
    assert "ligne 1" in text and "lines[" not in text and UNKNOWN_GTIN in text, text
    await gateway.ctx.journal.release_claim(order.order_id, "alice")
    status, _ = await api(base, "POST", f"/v1/orders/{order.order_id}/reject", KEY, {"reason": "test"})
    assert status == 200
    status, body = await api(base, "GET", "/v1/queue", KEY)
    row = next(i for i in body["items"] if i["order_id"] == order.order_id)
    assert row["bucket"] == "rejected" and body["counts"]["rejected"] == 1
    await page.goto(f"{base}/console/#/document/{order.source.document_id}")
    when = await page.locator("li.event time").first.inner_text()
    assert re.search(r"\d{2}/\d{2}", when), when
