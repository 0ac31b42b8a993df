"""The OpenAPI 3.1 description of the HTTP API, served at ``/openapi.json``.

Every operation lists each status code it can answer (``tests/test_openapi_fuzz.py`` runs
schemathesis against the served description: no 5xx, no undocumented code, no schema violation),
and query parameters carry the types and bounds the handlers enforce (others are a 400).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from gateway.web.kpis import PERIODS
from gateway.model import OrderStatus, order_json_schema
from gateway.store.journal import DOC_STATUSES
from gateway.web.api_review import WAITING

_ERR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_KEY = [{"apiKey": []}, {"bearer": []}, {"consoleSession": []}]
_ACTION = {"200": {"description": "the order after the action", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/NormalizedOrder"}}}},
    "400": _ERR, "401": _ERR, "403": _ERR, "404": _ERR, "409": _ERR, "422": _ERR}
_WHEN = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}


def _op(summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An operation behind the API key: 400 (bad query or body) and 401 are always possible."""
    return {"summary": summary, "security": _KEY, "responses": {"400": _ERR, "401": _ERR, **responses},
            **extra}


def _id_param(name: str = "id") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query(name: str, description: str, type_: str | dict[str, Any] = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": type_} if isinstance(type_, str) else type_}


def _schemas() -> dict[str, Any]:
    """The order schema's ``$defs`` lifted into ``components/schemas`` with their references."""
    order = order_json_schema()
    defs = order.pop("$defs", {})
    for key in ("$schema", "$id"):
        order.pop(key, None)
    return _relink({**defs, "NormalizedOrder": order})


def _relink(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _relink(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_relink(v) for v in node]
    return node


_LIMIT = {"type": "integer", "minimum": 0, "maximum": 1000}
_OFFSET = {"type": "integer", "minimum": 0, "maximum": 10**9}
_PERIOD = {"type": "string", "enum": list(PERIODS)}
_ZONE = {"type": "string", "enum": sorted(available_timezones())}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Order gateway API", "version": "1",
             "description": "Order capture and EDI gateway: intake of raw documents, their status and "
                            "history, and the normalized orders read from them."},
    "components": {
        "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                            "bearer": {"type": "http", "scheme": "bearer"},
                            "consoleSession": {"type": "apiKey", "in": "cookie", "name": "gw_console",
                                               "description": "operator console session; writes also need "
                                                              "the X-CSRF-Token header and a same Origin"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "issues": {"type": "array"},
                "state": {"type": "object", "description": "for 409: the order's status, state and the "
                                                           "actions allowed from it"}}}}},
            "Accepted": {"type": "object", "properties": {
                "document_id": {"type": "string"}, "sha256": {"type": "string"},
                "status_url": {"type": "string"}, "duplicate_intake": {"type": "boolean"}}},
            **_schemas(),
        },
    },
    "paths": {
        "/v1/documents": {
            "post": _op("Submit a raw document (EDIFACT, X12, cXML, UBL, openTRANS, XML, PDF, image, e-mail)", {
                "202": {"description": "durably accepted", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Accepted"}}}},
                "200": {"description": "accepted and processed within ?wait seconds"},
                "400": _ERR, "401": _ERR, "413": _ERR, "415": _ERR, "503": _ERR},
                parameters=[{"name": "X-Partner", "in": "header", "schema": {"type": "string"}},
                            {"name": "X-Filename", "in": "header", "schema": {"type": "string"}},
                            _query("wait", "seconds to wait for the outcome (max 60)",
                                   {"type": "number", "minimum": 0, "maximum": 60})],
                requestBody={"required": True, "content": {"*/*": {"schema": {"type": "string",
                                                                               "format": "binary"}}}}),
            "get": _op("List documents", {"200": {"description": "documents"}, "401": _ERR},
                       parameters=[_query("status", "document status", {"type": "string", "enum": list(DOC_STATUSES)}), _query("channel", "channel"),
                                   _query("limit", "max rows", _LIMIT)]),
        },
        "/v1/documents/{id}": {"get": _op("A document: status, history, orders, parts, acknowledgements",
                                          {"200": {"description": "document"}, "401": _ERR, "404": _ERR},
                                          parameters=[_id_param()])},
        "/v1/documents/{id}/raw": {"get": _op("The original bytes", {"200": {"description": "raw"},
                                                                     "404": _ERR},
                                              parameters=[_id_param()])},
        "/v1/documents/{id}/acks/{ack}": {"get": _op("An EDI acknowledgement (CONTRL, 997, 999) or order "
                                                     "response (ORDRSP, 855; 409 until the ERP took the order)",
                                                     {"200": {"description": "ack"}, "404": _ERR, "409": _ERR},
                                                     parameters=[_id_param(), _id_param("ack")])},
        "/v1/documents/{id}/retry": {"post": _op("Run a finished document through the pipeline again",
                                                 {"202": {"description": "queued"}, "404": _ERR, "409": _ERR},
                                                 parameters=[_id_param()])},
        "/v1/orders": {"get": _op("List normalized orders", {"200": {"description": "orders"}, "401": _ERR},
                                  parameters=[_query("status", "order status",
                                                     {"type": "string", "enum": [s.value for s in OrderStatus]}),
                                              _query("customer", "customer id"),
                                              _query("since", "received at or after (ISO 8601)", _WHEN),
                                              _query("until", "received before (ISO 8601)", _WHEN),
                                              _query("po", "PO number"), _query("team", "team"),
                                              _query("limit", "max rows", _LIMIT),
                                              _query("offset", "skip rows", _OFFSET)])},
        "/v1/orders/{id}": {
            "get": _op("One order with its delivery state", {
                "200": {"description": "order", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/NormalizedOrder"}}}}, "404": _ERR},
                parameters=[_id_param()]),
            "patch": _op("Correct an order under review (header fields, lines); every change is recorded",
                         _ACTION, parameters=[_id_param()],
                         requestBody={"required": True, "content": {"application/json": {"schema": {
                             "type": "object", "description": (
                                 "fields of the normalized order to set: po_number (non-empty, printable), "
                                 "order_date and requested_delivery_date (YYYY-MM-DD), currency (ISO 4217), "
                                 "priority (normal, urgent), total, ship_to.* and bill_to.* (name, street, city, "
                                 "postcode, country), customer_id, lines (at most 500: line_no, delete, sku, "
                                 "customer_item, gtin, description, quantity > 0, uom, unit_price, amount), "
                                 "picked_from_page, save_xref, learn_units. Numbers are decimal strings, finite, "
                                 "not negative, with at most 2 decimals for amounts and 4 for prices and "
                                 "quantities. Any other key or value is a 422 naming the field "
                                 "(error.issues[0].field); an order is never stored unless it reads back.")}}}})},
        "/v1/review": {"get": _op("Orders waiting for a person (review, held), oldest deadline first",
                                  {"200": {"description": "waiting orders with their reasons"}, "401": _ERR},
                                  parameters=[_query("status", "review, held or duplicate",
                                                     {"type": "string", "enum": [s.value for s in WAITING]}),
                                              _query("customer", "customer id")])},
        "/v1/orders/{id}/approve": {"post": _op("Approve a reviewed order for delivery (operator, supervisor)",
                                                _ACTION, parameters=[_id_param()])},
        "/v1/orders/{id}/release": {"post": _op("A possible duplicate that is another order (delivered as new, or "
                                                "as a change of the same PO); an exact copy only once its original "
                                                "was rejected (supervisor)",
                                                _ACTION, parameters=[_id_param()])},
        "/v1/orders/{id}/same-order": {"post": _op(
            "A possible duplicate is the same order as the one it is linked to: kept as a duplicate, never "
            "delivered", _ACTION, parameters=[_id_param()])},
        "/v1/orders/{id}/actions": {"get": _op(
            "The order's state in the transition table and the actions the caller may take from it",
            {"200": {"description": "status, state, kind, original_order_id, allowed actions"}, "404": _ERR},
            parameters=[_id_param()])},
        "/v1/orders/{id}/learn-preview": {"post": _op(
            "The item codes a correction (a PATCH body) would teach with save_xref; nothing is changed",
            {"200": {"description": "learn: customer_id, customer_item, sku, line_no; master_sku and wins "
                                "(\"master\") when the ERP's cross-reference maps the code to another SKU and wins"}, "404": _ERR, "422": _ERR},
            parameters=[_id_param()], requestBody={"required": True, "content": {"application/json": {
                "schema": {"type": "object"}}}})},
        "/v1/orders/bulk": {"post": _op(
            "One action (approve, reject, same_order, release) on up to 200 orders, each through the transition "
            "table; a result per order (200, or the 4xx it would have had alone)",
            {"200": {"description": "results"}, "403": _ERR},
            requestBody={"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["action", "order_ids"],
                "properties": {"action": {"type": "string", "enum": ["approve", "reject", "same_order", "release"]},
                               "order_ids": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                                             "maxItems": 200},
                               "reason": {"type": "string"}}}}}})},
        "/v1/orders/{id}/claim": {
            "post": _op("Claim an order under review for 15 minutes (again to renew); 409 ORDER-CLAIMED while "
                        "someone else holds it", {"200": {"description": "order_id, user, until"}, "403": _ERR,
                                                  "404": _ERR, "409": _ERR}, parameters=[_id_param()]),
            "delete": _op("Give up one's claim", {"200": {"description": "released: whether a claim was given up"}},
                          parameters=[_id_param()])},
        "/v1/orders/{id}/comments": {
            "get": _op("Comments on an order, oldest first", {"200": {"description": "comments"}, "404": _ERR},
                       parameters=[_id_param()]),
            "post": _op("Add a comment to an order (kept in its history with user and time)",
                        {"200": {"description": "the comment"}, "403": _ERR, "404": _ERR},
                        parameters=[_id_param()], requestBody={"required": True, "content": {"application/json": {
                            "schema": {"type": "object", "required": ["text"], "properties": {
                                "text": {"type": "string", "minLength": 1, "maxLength": 2000,
                                         "pattern": "\\S"}}}}}})},
        "/v1/orders/{id}/reply": {
            "get": _op("The reply to the customer a clerk starts from: recipient (the e-mail's sender), a \"Re:\" "
                       "subject, the body asking for what the hold reasons say is missing, in the customer's "
                       "language; can_send false with refusal (REPLY-NOT-EMAIL, REPLY-NO-RELAY) when it cannot go",
                       {"200": {"description": "the draft"}, "404": _ERR},
                       parameters=[_id_param(), _query("lang", "fr, de or en (default: the customer's)",
                                                       {"type": "string", "enum": ["fr", "de", "en"]})]),
            "post": _op("Send a reply to the customer through [smtp.relay], threaded on the e-mail the order came "
                        "in (In-Reply-To, References); recorded in the order's history. reply_id is required; once "
                        "per reply_id: 409 REPLY-ALREADY-SENT. 409 ORDER-CLAIMED while another user holds the order. 409 REPLY-NOT-EMAIL names where the order came from; 502 the relay "
                        "did not take it", {"200": {"description": "to, subject, message_id, in_reply_to, user, at"},
                                           "403": _ERR, "404": _ERR, "409": _ERR, "502": _ERR},
                        parameters=[_id_param()], requestBody={"required": True, "content": {"application/json": {
                            "schema": {"type": "object", "required": ["subject", "body", "reply_id"], "properties": {
                                "subject": {"type": "string", "minLength": 1, "maxLength": 250,
                                            "allOf": [{"pattern": "\\S"}, {"pattern": "^[^\\r\\n\\u0000]*$"}]},
                                "body": {"type": "string", "minLength": 1, "maxLength": 20000,
                                         "allOf": [{"pattern": "\\S"}, {"pattern": "^[^\\u0000]*$"}]},
                                "reply_id": {"type": "string", "pattern": "^[A-Za-z0-9-]{8,64}$",
                                             "description": "one per composed reply (the draft's reply_id, or "
                                                            "one the client makes): a retry never sends twice"},
                                "language": {"type": "string", "enum": ["fr", "de", "en"]}}}}}})},
        "/v1/learned-items": {"get": _op("Item codes people taught the gateway (customer code -> SKU)",
                                         {"200": {"description": "learned"}},
                                         parameters=[_query("customer", "customer id")])},
        "/v1/learned-items/{customer}/{item}": {"delete": _op(
            "Undo a learned item code (supervisor)", {"200": {"description": "the mapping removed"},
                                                      "403": _ERR, "404": _ERR},
            parameters=[_id_param("customer"), _id_param("item")])},
        "/v1/orders/{id}/reject": {"post": _op("Reject an order: never delivered, the reason is kept",
                                               _ACTION, parameters=[_id_param()],
                                               requestBody={"content": {"application/json": {"schema": {
                                                   "type": "object",
                                                   "properties": {"reason": {"type": "string"}}}}}})},
        "/v1/documents/{id}/pages/{page}.png": {"get": _op(
            "Page N (1-based) of a PDF, fax or image as PNG; with ?order=ID the order's fields are boxed",
            {"200": {"description": "PNG", "content": {"image/png": {}}}, "404": _ERR},
            parameters=[_id_param(), _id_param("page"), _query("order", "order id whose fields to draw")])},
        "/v1/documents/{id}/pages/{page}/words": {"get": _op(
            "The words of page N (1-based) with their boxes in the pixels of the page image (text layer, else "
            "OCR): the console fills a field with the word a person clicks",
            {"200": {"description": "document_id, page, width, height, words: text, x, y, w, h"}, "404": _ERR},
            parameters=[_id_param(), _id_param("page")])},
        "/v1/kpis": {"get": _op("Service figures for a period: received by channel, SLA, touchless share, "
                                "entry errors, duplicates, anomalies, receipt-to-ERP times, waiting work",
                                {"200": {"description": "KPIs"}, "400": _ERR, "401": _ERR},
                                parameters=[_query("period", "today, week or month", _PERIOD),
                                            _query("since", "start (ISO 8601)", _WHEN),
                                            _query("until", "end (ISO 8601)", _WHEN),
                                            _query("tz", "IANA time zone of the period", _ZONE)])},
        "/v1/alerts": {"get": _op("Regular customers whose usual order has not come",
                                  {"200": {"description": "alerts"}, "401": _ERR})},
        "/v1/sla": {"get": _op("Open orders at risk of missing, or past, their SLA deadline",
                               {"200": {"description": "at_risk and late orders"}, "401": _ERR})},
        "/v1/queue": {"get": _op("The operator queue: open work by bucket with SLA state and age",
                                 {"200": {"description": "queue"}, "401": _ERR},
                                 parameters=[_query("bucket", "todo, review, held, failed..."),
                                             _query("channel", "channel"), _query("customer", "customer id"),
                                             _query("team", "team"), _query("priority", "priority"),
                                             _query("min_age_h", "waiting at least this many hours",
                                                    {"type": "number", "minimum": 0, "maximum": 24 * 366 * 10})])},
        "/v1/catalogue": {"get": _op("Products and a customer's item cross-references, for corrections",
                                     {"200": {"description": "catalogue"}, "404": _ERR},
                                     parameters=[_query("customer", "customer id")])},
        "/v1/console/me": {"get": _op("The signed-in console user, role and CSRF token",
                                      {"200": {"description": "session"}, "401": _ERR})},
        "/v1/console/kpis": {"get": _op("The console dashboard's figures", {"200": {"description": "KPIs"},
                                                                            "401": _ERR},
                                        parameters=[_query("period", "today, week or month", _PERIOD)])},
        "/healthz": {"get": {"summary": "Health: background loops running, journal reachable and every configured "
                                        "listener accepting connections",
                             "responses": {"200": {"description": "healthy"},
                                           "503": {"description": "starting (a listener is not accepting yet), "
                                                                  "degraded or the journal is unreachable"}}}},
        "/readyz": {"get": {"summary": "Readiness for orchestrators: every configured listener (http, smtp, sftp, "
                                       "folder:<name>) accepts connections",
                            "responses": {"200": {"description": "ready; `listeners` maps each to true"},
                                          "503": {"description": "not ready; `waiting_for` names the listeners "
                                                                 "not accepting yet, or shutdown has begun"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text"}}}},
        "/favicon.ico": {"get": {"summary": "The console's icon",
                                 "responses": {"200": {"description": "icon", "content": {"image/x-icon": {}}}}}},
        "/openapi.json": {"get": {"summary": "This description", "responses": {"200": {"description": "JSON"}}}},
    },
}
