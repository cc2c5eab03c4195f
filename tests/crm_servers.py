"""Local HTTP servers that behave like HubSpot's and Pipedrive's APIs, as documented.

HubSpot CRM API v3: POST /crm/v3/objects/{contacts,deals}, POST …/search with
filterGroups (EQ), GET /crm/v3/owners/{id}; Bearer token; errors as
{"status": "error", "message": …, "category": …}; 429 with Retry-After.
Pipedrive API v1: GET /v1/{persons,organizations,leads}/search?term&fields&exact_match,
POST /v1/{persons,organizations,leads}; token in x-api-token; answers
{"success": true, "data": …}, errors {"success": false, "error": …, "errorCode": …}.

``fail`` plans trouble for the next calls of a path: "429", "500", "slow" (answers after
the client gave up) or "lost" (does the work, then answers 500, as when the answer is
lost on the way) — what the outbox must survive without losing or doubling a lead.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit


class FakeCRM:
    """Records, planned failures, and a server on a free local port."""

    token = "test-token"

    def __init__(self) -> None:
        self.records: Dict[str, List[Dict[str, Any]]] = {}
        self.failures: Dict[str, List[str]] = {}
        self.calls: List[Tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeCRM:
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, path: str, *kinds: str) -> None:
        """Plan failures for the next calls of exactly ``path``."""
        self.failures.setdefault(path, []).extend(kinds)

    def _planned(self, path: str) -> Optional[str]:
        with self.lock:
            kinds = self.failures.get(path)
            return kinds.pop(0) if kinds else None

    def add(self, kind: str, record: Dict[str, Any]) -> Dict[str, Any]:
        with self.lock:
            table = self.records.setdefault(kind, [])
            record = {"id": str(len(table) + 101), **record}
            table.append(record)
            return record

    # --- to be written by each CRM ---------------------------------------------
    def authorized(
        self, handler: BaseHTTPRequestHandler, query: Dict[str, List[str]]
    ) -> bool:
        raise NotImplementedError

    def route(
        self, method: str, path: str, query: Dict[str, List[str]], body: Any
    ) -> Tuple[int, Any, Dict[str, str]]:
        raise NotImplementedError

    def _handler(self) -> type:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                fake.calls.append((method, parts.path))
                if not fake.authorized(self, query):
                    return self._answer(
                        401, fake.error(401, "Authentication credentials not found"), {}
                    )
                planned = fake._planned(parts.path)
                if planned == "429":
                    return self._answer(
                        429,
                        fake.error(429, "Rate limit exceeded"),
                        {"Retry-After": "1"},
                    )
                if planned == "500":
                    return self._answer(500, fake.error(500, "Internal error"), {})
                if planned == "slow":
                    time.sleep(1.5)
                status, answer, headers = fake.route(method, parts.path, query, body)
                if planned == "lost":
                    return self._answer(502, fake.error(502, "Bad gateway"), {})
                self._answer(status, answer, headers)

            def _answer(self, status: int, body: Any, headers: Dict[str, str]) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up ("slow")

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler

    def error(self, status: int, message: str) -> Any:
        raise NotImplementedError


class FakeHubSpot(FakeCRM):
    """HubSpot's CRM API v3, the parts the adapter uses."""

    def authorized(self, handler, query) -> bool:
        return handler.headers.get("Authorization") == f"Bearer {self.token}"

    def error(self, status: int, message: str) -> Any:
        category = {401: "INVALID_AUTHENTICATION", 429: "RATE_LIMITS"}.get(
            status, "INTERNAL_ERROR"
        )
        return {
            "status": "error",
            "message": message,
            "category": category,
            "correlationId": "test",
        }

    def route(self, method, path, query, body):
        if method == "GET" and path.startswith("/crm/v3/owners/"):
            owner_id = path.rsplit("/", 1)[1]
            for owner in self.records.get("owners", []):
                if owner["id"] == owner_id:
                    return 200, owner, {}
            return 404, self.error(404, "owner not found"), {}
        if method != "POST" or not path.startswith("/crm/v3/objects/"):
            return 404, self.error(404, f"no route {path}"), {}
        kind, _, action = path[len("/crm/v3/objects/") :].partition("/")
        if action == "search":
            (condition,) = body["filterGroups"][0]["filters"]
            prop, value = condition["propertyName"], condition["value"]
            results = [
                {"id": r["id"], "properties": r["properties"]}
                for r in self.records.get(kind, [])
                if str(r["properties"].get(prop, "")).lower() == str(value).lower()
            ][: body.get("limit", 10)]
            return 200, {"total": len(results), "results": results}, {}
        properties = body.get("properties") or {}
        if kind == "contacts":
            for existing in self.records.get("contacts", []):
                if existing["properties"].get("email") == properties.get("email"):
                    return (
                        409,
                        {
                            **self.error(
                                409,
                                f"Contact already exists. Existing ID: {existing['id']}",
                            ),
                            "category": "CONFLICT",
                        },
                        {},
                    )
        if kind == "deals" and not properties.get("dealname"):
            return (
                400,
                {
                    **self.error(400, "Property values were not valid"),
                    "category": "VALIDATION_ERROR",
                },
                {},
            )
        record = self.add(
            kind,
            {"properties": properties, "associations": body.get("associations", [])},
        )
        return 201, {"id": record["id"], "properties": properties}, {}


class FakePipedrive(FakeCRM):
    """Pipedrive's API v1, the parts the adapter uses."""

    def authorized(self, handler, query) -> bool:
        return handler.headers.get("x-api-token") == self.token or query.get(
            "api_token"
        ) == [self.token]

    def error(self, status: int, message: str) -> Any:
        return {"success": False, "error": message, "errorCode": status}

    def route(self, method, path, query, body):
        if not path.startswith("/v1/"):
            return 404, self.error(404, "Not found"), {}
        kind, _, action = path[len("/v1/") :].partition("/")
        if method == "GET" and action == "search":
            term = query["term"][0].lower()
            fields = query.get("fields", ["name"])[0].split(",")
            exact = query.get("exact_match", ["false"])[0] == "true"
            items = []
            for record in self.records.get(kind, []):
                for name in fields:
                    values = record.get(name)
                    values = (
                        [v["value"] for v in values]
                        if isinstance(values, list)
                        else [values]
                    )
                    for value in values:
                        text = str(value or "").lower()
                        if (text == term) if exact else (term in text):
                            items.append({"result_score": 1, "item": record})
            if kind == "leads":  # Pipedrive matches words of lead titles
                items = [
                    {"result_score": 1, "item": r}
                    for r in self.records.get("leads", [])
                    if term in r["title"].lower()
                ]
            limit = int(query.get("limit", ["100"])[0])
            return 200, {"success": True, "data": {"items": items[:limit]}}, {}
        if method == "POST" and not action:
            if (
                kind == "leads"
                and not body.get("person_id")
                and not body.get("organization_id")
            ):
                return (
                    400,
                    self.error(400, "Either person_id or organization_id is required"),
                    {},
                )
            record = self.add(kind, dict(body))
            if kind == "leads":
                record["id"] = (
                    f"adf21080-0e10-11eb-879b-05d71fb4{int(record['id']):04d}"
                )
            if kind == "persons":
                record["owner"] = {
                    "name": "Katrin Hartmann",
                    "email": "k.hartmann@hartmann-arbeitsschutz.example",
                }
            return 201, {"success": True, "data": record}, {}
        return 404, self.error(404, "Not found"), {}
