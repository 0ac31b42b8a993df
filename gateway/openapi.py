"""The OpenAPI 3.1 description of the HTTP API, served at ``/openapi.json``."""

from __future__ import annotations

from typing import Any

from gateway.model import order_json_schema

_ERR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_KEY = [{"apiKey": []}, {"bearer": []}]


def _op(summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"summary": summary, "security": _KEY, "responses": responses, **extra}


def _id_param(name: str = "id") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query(name: str, description: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": type_}}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Order gateway API", "version": "1",
             "description": "Order capture and EDI gateway: intake of raw documents, their status and "
                            "history, and the normalized orders read from them."},
    "components": {
        "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                            "bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}}}}},
            "Accepted": {"type": "object", "properties": {
                "document_id": {"type": "string"}, "sha256": {"type": "string"},
                "status_url": {"type": "string"}, "duplicate_intake": {"type": "boolean"}}},
            "NormalizedOrder": order_json_schema(),
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
                            _query("wait", "seconds to wait for the outcome (max 60)", "number")],
                requestBody={"required": True, "content": {"*/*": {"schema": {"type": "string",
                                                                               "format": "binary"}}}}),
            "get": _op("List documents", {"200": {"description": "documents"}, "401": _ERR},
                       parameters=[_query("status", "document status"), _query("channel", "channel"),
                                   _query("limit", "max rows", "integer")]),
        },
        "/v1/documents/{id}": {"get": _op("A document: status, history, orders, parts, acknowledgements",
                                          {"200": {"description": "document"}, "401": _ERR, "404": _ERR},
                                          parameters=[_id_param()])},
        "/v1/documents/{id}/raw": {"get": _op("The original bytes", {"200": {"description": "raw"},
                                                                     "404": _ERR},
                                              parameters=[_id_param()])},
        "/v1/documents/{id}/acks/{ack}": {"get": _op("An EDI acknowledgement (CONTRL, 997, 999)",
                                                     {"200": {"description": "ack"}, "404": _ERR},
                                                     parameters=[_id_param(), _id_param("ack")])},
        "/v1/documents/{id}/retry": {"post": _op("Run a finished document through the pipeline again",
                                                 {"202": {"description": "queued"}, "404": _ERR, "409": _ERR},
                                                 parameters=[_id_param()])},
        "/v1/orders": {"get": _op("List normalized orders", {"200": {"description": "orders"}, "401": _ERR},
                                  parameters=[_query("status", "ready, delivered, review, duplicate..."),
                                              _query("customer", "customer id"),
                                              _query("since", "received at or after (ISO 8601)"),
                                              _query("until", "received before (ISO 8601)"),
                                              _query("po", "PO number"), _query("team", "team"),
                                              _query("limit", "max rows", "integer"),
                                              _query("offset", "skip rows", "integer")])},
        "/v1/orders/{id}": {"get": _op("One order with its delivery state", {
            "200": {"description": "order", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/NormalizedOrder"}}}}, "404": _ERR},
            parameters=[_id_param()])},
        "/healthz": {"get": {"summary": "Health", "responses": {"200": {"description": "healthy"},
                                                                 "503": {"description": "unhealthy"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text"}}}},
    },
}
