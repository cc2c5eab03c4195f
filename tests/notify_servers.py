"""A real SMTP server (aiosmtpd) and a webhook receiver on local ports, for tests.

Both keep what they received; ``refuse`` makes the webhook answer 500 for a while, as
a chat service does during an outage.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

from aiosmtpd.controller import Controller


class MailBox:
    """An SMTP server on 127.0.0.1 that keeps every message."""

    def __init__(self, port: int = 0) -> None:
        self.messages: List[Message] = []
        self.envelopes: List[Dict[str, Any]] = []
        if not port:
            # aiosmtpd checks its server by connecting to the port: it needs a real one
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = int(probe.getsockname()[1])
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd's hook: store the message."""
        self.envelopes.append(
            {"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}
        )
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"

    def start(self) -> MailBox:
        """Listen on a free port."""
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.controller.port)

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 30.0) -> List[Message]:
        """Block until ``count`` messages arrived (or fail the test)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} mails"
        return self.messages


class WebhookReceiver:
    """An HTTP server that records JSON POSTs, as Slack's incoming webhooks would."""

    def __init__(self, port: int = 0) -> None:
        self.bodies: List[Dict[str, Any]] = []
        self.refuse = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if receiver.refuse > 0:
                    receiver.refuse -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.bodies.append(json.loads(raw or b"{}"))
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> WebhookReceiver:
        """Listen on a free port."""
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        """Where to POST."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/kontor"

    def stop(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 30.0) -> List[Dict[str, Any]]:
        """Block until ``count`` bodies arrived (or fail the test)."""
        deadline = time.monotonic() + timeout
        while len(self.bodies) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.bodies) >= count, f"{len(self.bodies)} of {count} webhooks"
        return self.bodies
