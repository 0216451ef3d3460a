"""One line for each way a fetch can fail, worded for the person who gave the address.

The HTTP client reports failures as exceptions whose text names sockets, SSL library
internals and errno values; the cause is found in the exception's chain (a DNS error, a
refused connection, a certificate problem) and said plainly, without class names.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx

from reader.importing.decoding import format_size, too_large

WEB_SCHEMES = frozenset({"http", "https"})


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched (not a web address, another scheme), or None."""
    try:
        parts = urlsplit(url.strip())
        port_problem = parts.port is not None and not 0 < parts.port < 65536
    except ValueError:
        return f"not a valid web address: {url}"
    scheme = parts.scheme.lower()
    if not scheme:
        return f"not a web address (it needs http:// or https://): {url}"
    if scheme not in WEB_SCHEMES:
        return f"only http:// and https:// addresses can be fetched, not {scheme}:"
    if not parts.hostname or port_problem:
        return f"not a valid web address: {url}"
    return None


def status_reason(status: int) -> str:
    """``the server answered 404 Not Found``; the bare number for a status with no name."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"the server answered with status {status}"
    return f"the server answered {status} {phrase}"


def too_large_reason(limit: int, size: int | None) -> str:
    """Why an answer was refused for its size: ``size`` when the server announced it, else
    the download was stopped at the limit and its full size is unknown."""
    if size is None:
        return f"the answer is larger than the {format_size(limit)} limit"
    return f"the answer is {too_large(limit, size)}"


def failure_reason(exc: BaseException, url: str, read_timeout: float) -> str:
    """One line for an exception the HTTP client raised while fetching ``url``."""
    host = _host(url)
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"{host} did not answer (timed out while connecting)"
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return f"{host} stopped answering (nothing for {read_timeout:g} s)"
    if isinstance(exc, httpx.ConnectError):
        return _connect_reason(exc, host)
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc).lower()
        if "closed" in text or "incomplete" in text:
            return f"{host} closed the connection before the whole answer arrived"
        return f"{host} sent something that is not a valid HTTP answer"
    if isinstance(exc, httpx.DecodingError):
        return f"{host} sent compressed data that cannot be unpacked"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        detail = _os_detail(exc)
        return f"the connection to {host} broke" + (f" ({detail})" if detail else "")
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"not a valid web address: {url}"
    if isinstance(exc, OSError):
        detail = _os_detail(exc)
        return f"could not reach {host}" + (f" ({detail})" if detail else "")
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"the download from {host} failed" + (f": {text}" if text else "")


def _connect_reason(exc: httpx.ConnectError, host: str) -> str:
    for cause in _chain(exc):
        if isinstance(cause, socket.gaierror):
            return f"could not find the server {_hostname(host)} (no such name, or no network)"
        if isinstance(cause, ConnectionRefusedError):
            return f"{host} refused the connection (no server is listening there)"
        if isinstance(cause, ssl.SSLCertVerificationError):
            message = cause.verify_message or "the certificate could not be verified"
            return f"the secure connection to {host} failed: {message}"
        if isinstance(cause, ssl.SSLError):
            what = (cause.reason or "handshake failed").replace("_", " ").lower()
            return f"the secure connection to {host} failed ({what})"
    detail = _os_detail(exc)
    return f"could not connect to {host}" + (f" ({detail})" if detail else "")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it was raised from or while handling, groups opened."""
    pending = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(item for item in (current.__cause__, current.__context__) if item)


def _os_detail(exc: BaseException) -> str | None:
    for cause in _chain(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
    return None


def _host(url: str) -> str:
    """``host`` or ``host:port`` as the address gave it, which is what the user recognises."""
    try:
        return urlsplit(url).netloc.rpartition("@")[2] or url
    except ValueError:
        return url


def _hostname(host: str) -> str:
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
