"""The HTTP API against a real in-process server and a real aiohttp client."""

from __future__ import annotations

import aiohttp

from testkit.harness import wait_until

CXML = "cxml/OrderRequest.xml"


async def post(gw, body: bytes, headers: dict[str, str], **params) -> tuple[int, dict]:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers, params=params) as resp:
            return resp.status, await resp.json()


async def get(gw, path: str, headers: dict[str, str]) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{gw.ports['http']}{path}", headers=headers) as resp:
            return resp.status, await resp.json()


async def test_post_document_returns_202_with_id_once_durable(gateway, api_headers, corpus):
    status, body = await post(gateway, (corpus / CXML).read_bytes(), api_headers)
    assert status == 202
    doc = await gateway.ctx.journal.get_document(body["document_id"])
    assert doc is not None and gateway.ctx.archive.exists(doc.sha256)


async def test_wrong_api_key_gets_401(gateway, corpus):
    status, body = await post(gateway, (corpus / CXML).read_bytes(), {"X-API-Key": "nope"})
    assert status == 401 and body["error"]["code"] == "AUTH"
    status, _ = await get(gateway, "/v1/orders", {})
    assert status == 401


async def test_unknown_content_gets_415(gateway, api_headers):
    status, body = await post(gateway, b"just some words, nothing we read", api_headers)
    assert status == 415 and body["error"]["code"] == "FORMAT-UNKNOWN"


async def test_oversize_body_gets_413_without_reading_it_all(gateway, api_headers):
    limit = gateway.ctx.config.http.max_body_bytes
    sent = 0

    async def body():
        nonlocal sent
        chunk = b"<" + b"x" * (1024 * 1024 - 1)
        for _ in range(limit // len(chunk) + 50):
            sent += len(chunk)
            yield chunk

    url = f"http://127.0.0.1:{gateway.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        try:
            async with session.post(url, data=body(), headers=api_headers) as resp:
                assert resp.status == 413
        except aiohttp.ClientError:
            pass  # the server may close the connection while we are still sending
    assert await gateway.ctx.journal.list_documents() == []


async def test_content_length_over_limit_is_refused_up_front(gateway, api_headers):
    limit = gateway.ctx.config.http.max_body_bytes
    status, body = await post(gateway, b"%PDF" + b"0" * (limit + 10), api_headers)
    assert status == 413 and body["error"]["code"] == "HTTP-SIZE"


async def test_document_history_records_every_stage(gateway, api_headers, corpus):
    _, body = await post(gateway, (corpus / CXML).read_bytes(), api_headers)
    doc_id = body["document_id"]

    async def finished():
        _, doc = await get(gateway, f"/v1/documents/{doc_id}", api_headers)
        return doc if doc["status"] not in ("received", "processing", "retry") else None

    doc = await wait_until(finished, timeout=60)
    stages = [e["stage"] for e in doc["history"]]
    assert stages[0] == "intake" and "extract" in stages
    assert all(e["at"].endswith("+00:00") for e in doc["history"])
    assert doc["orders"] and doc["orders"][0]["po_number"]


async def test_retry_reruns_a_finished_document(gateway, api_headers, corpus):
    _, body = await post(gateway, (corpus / CXML).read_bytes(), api_headers)
    doc_id = body["document_id"]
    await wait_until(lambda: _done(gateway, doc_id))
    url = f"http://127.0.0.1:{gateway.ports['http']}/v1/documents/{doc_id}/retry"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, headers=api_headers) as resp:
            assert resp.status == 202
        async with session.post(url.replace(doc_id, "missing"), headers=api_headers) as resp:
            assert resp.status == 404


async def _done(gw, doc_id):
    doc = await gw.ctx.journal.get_document(doc_id)
    return doc and doc.status not in ("received", "processing", "retry")


async def test_healthz_metrics_and_openapi_are_served(gateway, api_headers, corpus):
    await post(gateway, (corpus / CXML).read_bytes(), api_headers)
    status, health = await get(gateway, "/healthz", {})
    assert status == 200 and health["status"] == "ok"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{gateway.ports['http']}/metrics") as resp:
            text = await resp.text()
    assert 'gateway_documents_received_total{channel="http"} 1' in text
    status, spec = await get(gateway, "/openapi.json", {})
    assert status == 200 and "/v1/documents" in spec["paths"]


def test_every_api_route_is_described_in_openapi(tmp_path):
    """Each /v1 route (and the open ones) has its method in /openapi.json; console pages are HTML."""
    import types

    from gateway.web.api import build_app
    from gateway.config import Config
    from gateway.web.openapi import OPENAPI
    app = build_app(types.SimpleNamespace(ctx=types.SimpleNamespace(config=Config(), journal=None, logins=None)), "k")
    routes = {(r.method.lower(), r.resource.canonical) for r in app.router.routes()
              if r.method != "HEAD" and not r.resource.canonical.startswith("/console")}
    described = {(method, path) for path, ops in OPENAPI["paths"].items() for method in ops}
    assert routes - described == set()
    assert described - routes == set()


async def test_a_status_filter_that_names_no_status_is_refused_with_the_allowed_values(gateway, api_headers):
    for path, allowed in (("/v1/orders?status=unknown", "delivered"), ("/v1/documents?status=unknown", "received"),
                          ("/v1/review?status=delivered", "held")):
        status, body = await get(gateway, path, api_headers)
        assert status == 400 and body["error"]["code"] == "BAD-QUERY", (path, body)
        assert allowed in body["error"]["message"], body
    for path in ("/v1/orders?status=delivered", "/v1/documents?status=received", "/v1/review?status=held"):
        status, _ = await get(gateway, path, api_headers)
        assert status == 200, path


async def test_an_api_read_syncs_a_decision_committed_without_waiting_for_the_disk(gateway, api_headers):
    """A decision is committed unsynced (made durable by the next fsync or a moment later); a read of the API
    (a partner pulling its CONTRL, a clerk's list) syncs the journal first, so nothing shown can be undone."""
    from gateway.store.journal_sqlite import SqliteJournal
    journal = gateway.ctx.journal
    assert isinstance(journal, SqliteJournal)  # the embedded default the test gateway runs on
    await journal._run_decision(lambda db: db.execute(
        "INSERT INTO control_numbers (name, value) VALUES ('api-read-test', 1)"))
    assert journal.unsynced
    syncs = journal.syncs
    status, _ = await get(gateway, "/v1/documents", api_headers)
    assert status == 200
    assert not journal.unsynced and journal.syncs >= syncs + 1
