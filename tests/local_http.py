"""A real HTTP server on 127.0.0.1 for the network tests, scripted path by path.

Each path answers through a small function of the request handler: a page, a redirect, a
304 for a matching validator, a slow or endless answer, a connection closed mid-body, or bytes
that are not HTTP at all. Every request is recorded with its headers, so a test can check
what the client sent.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[BaseHTTPRequestHandler], None]

CHUNK = 64 * 1024


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class Sent:
    """How many body bytes an endless or huge answer got out before the client hung up."""

    bytes: int = 0
    done: threading.Event = field(default_factory=threading.Event)


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.requests: list[Seen] = []
        self.closing = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {key.lower(): value for key, value in self.headers.items()}
                owner.requests.append(Seen(self.path, headers))
                answer = owner.routes.get(self.path.split("?", 1)[0], not_found)
                answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the tests read what they need from ``requests``

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, answer: Answer) -> str:
        self.routes[path] = answer
        return self.url(path)

    def paths_asked(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


# --- answers ---------------------------------------------------------------------------------


def reply(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    given = {key.lower() for key in (headers or {})}
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    if "content-length" not in given:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def not_found(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, 404, b"no such page", {"Content-Type": "text/plain"})


def page(body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
         headers: dict[str, str] | None = None) -> Answer:
    return lambda handler: reply(handler, status, body, {"Content-Type": content_type,
                                                         **(headers or {})})


def redirect(status: int, location: str) -> Answer:
    return lambda handler: reply(handler, status, b"", {"Location": location})


def conditional(body: bytes, etag: str, last_modified: str) -> Answer:
    """A 200 with validators, and a 304 when the request carries either of them back."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        if (handler.headers.get("If-None-Match") == etag
                or handler.headers.get("If-Modified-Since") == last_modified):
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        reply(handler, 200, body, {"Content-Type": "application/rss+xml", "ETag": etag,
                                   "Last-Modified": last_modified})

    return answer


def silent_for(seconds: float, server: LocalServer) -> Answer:
    """Sends nothing for ``seconds`` (cut short when the server closes), then a page."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        if not server.closing.wait(seconds):
            reply(handler, 200, b"late", {"Content-Type": "text/plain"})

    return answer


def trickle(every: float, server: LocalServer, length: int = 1000) -> Answer:
    """Announces ``length`` bytes, then sends one every ``every`` seconds: no single read is
    slow, the whole answer is."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(length))
        handler.end_headers()
        for _ in range(length):
            if server.closing.wait(every):
                return
            try:
                handler.wfile.write(b"x")
                handler.wfile.flush()
            except OSError:
                return

    return answer


def endless(sent: Sent, announce: int | None, server: LocalServer, limit: int) -> Answer:
    """Streams zeros until the client hangs up or ``limit`` bytes went out; ``announce`` is
    the Content-Length to claim (None: no length, the body ends when the connection does)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        if announce is None:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        else:
            handler.send_header("Content-Length", str(announce))
        handler.end_headers()
        zeros = bytes(CHUNK)
        try:
            while sent.bytes < limit and not server.closing.is_set():
                handler.wfile.write(zeros)
                sent.bytes += len(zeros)
        except OSError:
            pass
        finally:
            sent.done.set()

    return answer


def cut_off(handler: BaseHTTPRequestHandler) -> None:
    """Announces 10,000 bytes, sends 100 and closes the connection."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "10000")
    handler.end_headers()
    handler.wfile.write(b"<p>" + b"a" * 97)
    handler.wfile.flush()
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.close_connection = True


def garbage(handler: BaseHTTPRequestHandler) -> None:
    """Bytes that are no HTTP answer at all."""
    handler.wfile.write(b"\x00\x01 this is not HTTP \xff\xfe\r\n\r\n")
    handler.wfile.flush()
    handler.close_connection = True


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.02)
    return check()
