"""Fetching web addresses as a good network citizen: one client for links and feeds.

Every request names Broadsheet and its version, is bounded in time (a connect timeout, a
read timeout between bytes, and a deadline for the whole fetch, redirects included) and in
size (announced sizes over the limit are refused unread; others are counted while they stream
and dropped at the limit). Redirects are followed by hand, at most ``max_redirects`` of them,
so each hop is recorded and checked: a loop, or a hop to an address that is not http(s), ends
the fetch with a reason. A request that carries the validators of a previous answer is
conditional, and a 304 comes back as "not modified".

The work runs on asyncio, because only there can a deadline or a cancel interrupt a download
in the middle of a read; callers see plain functions. ``fetch_many`` runs its event loop on
a thread of its own and hands results over as they come, so a caller can store one feed while
the next ones download, and a URL that hangs holds up nobody but itself.
"""

from __future__ import annotations

import asyncio
import email.message
import email.utils
import queue
import ssl
import threading
from collections.abc import Callable, Generator, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import httpx
from msgspec import Struct, field

from reader.net.reasons import (
    address_problem,
    failure_reason,
    status_reason,
    too_large_reason,
)
from reader.net.results import FetchRequest, FetchResult, Outcome, Redirect, Validators
from reader.version import version

CancelCheck = Callable[[], bool]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# How often a running fetch looks at the caller's cancel check.
CANCEL_POLL_SECONDS = 0.1


def user_agent() -> str:
    """``Broadsheet/0.1.0``: who is asking, and which release (no address is sent along)."""
    return f"Broadsheet/{version()}"


class FetchLimits(Struct, frozen=True):
    # A server that accepts no connection in this time is taken to be down.
    connect_timeout: float = 10.0
    # The longest silence between two pieces of an answer.
    read_timeout: float = 20.0
    # The whole fetch, redirects and all: a server trickling a byte every few seconds would
    # never trip the read timeout.
    deadline: float = 60.0
    # An article page is rarely over 2 MB and a large feed 5-10 MB.
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10


class _Trail(Struct):
    """Where a fetch has been so far: a failure reports the hops it took before failing."""

    url: str
    redirects: list[Redirect] = field(default_factory=list)

    def result(self, outcome: Outcome, **values: Any) -> FetchResult:
        final = self.redirects[-1].target if self.redirects else self.url
        return FetchResult(self.url, outcome, final, tuple(self.redirects), **values)

    def failed(self, reason: str, status: int | None = None) -> FetchResult:
        return self.result(Outcome.FAILED, reason=reason, status=status)


class Fetcher:
    """Fetches addresses within ``limits``. Holds no connection between calls: each call opens
    its own client, so a Fetcher can be shared by threads."""

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        self._transport = transport  # for a caller that brings its own (a proxy, a test)
        self._tls: ssl.SSLContext | None = None
        self._tls_lock = threading.Lock()

    def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        accept: str = "*/*",
        cancel: CancelCheck | None = None,
    ) -> FetchResult:
        """Fetch one address; never raises for anything the network or the server does."""
        request = FetchRequest(url, validators or Validators(), accept)
        answers = self.fetch_many([request], concurrency=1, cancel=cancel)
        try:
            for _request, result in answers:
                return result
        finally:
            answers.close()
        return FetchResult(url, Outcome.CANCELLED, url, reason="cancelled")

    def fetch_many(
        self,
        requests: Iterable[FetchRequest],
        *,
        concurrency: int = 4,
        cancel: CancelCheck | None = None,
    ) -> Generator[tuple[FetchRequest, FetchResult], None, None]:
        """Each request with its result, in the order they finish, ``concurrency`` at a time.

        ``cancel`` is checked before each fetch starts and every tenth of a second while
        fetches run; once it says yes, fetches in flight are dropped and the iteration ends
        (requests not yet answered are not reported). Closing the iterator early cancels too.
        ``cancel`` is called on the fetching thread, so it must be safe to call from there.
        """
        pending = list(requests)
        answers: queue.SimpleQueue[tuple[FetchRequest, FetchResult] | None] = queue.SimpleQueue()
        stop = threading.Event()
        crashed: list[BaseException] = []

        def stopping() -> bool:
            return stop.is_set() or (cancel is not None and cancel())

        def run() -> None:
            try:
                asyncio.run(self._fetch_all(pending, max(1, concurrency), stopping, answers.put))
            except BaseException as exc:  # a defect, not a network failure: the caller sees it
                crashed.append(exc)
            finally:
                answers.put(None)

        thread = threading.Thread(target=run, name="broadsheet-fetch", daemon=True)
        thread.start()
        try:
            while (answer := answers.get()) is not None:
                yield answer
        finally:
            stop.set()
            thread.join()
        if crashed:
            raise crashed[0]

    # --- on the event loop -------------------------------------------------------------------

    async def _fetch_all(
        self,
        requests: list[FetchRequest],
        concurrency: int,
        stopping: CancelCheck,
        deliver: Callable[[tuple[FetchRequest, FetchResult]], None],
    ) -> None:
        slots = asyncio.Semaphore(concurrency)
        async with self._client(concurrency) as client:

            async def one(request: FetchRequest) -> None:
                async with slots:
                    if stopping():
                        return
                    result = await self._fetch(client, request)
                deliver((request, result))

            running = {asyncio.create_task(one(request)) for request in requests}
            while running:
                done, running = await asyncio.wait(running, timeout=CANCEL_POLL_SECONDS)
                for task in done:
                    task.result()  # a defect in one() surfaces instead of vanishing
                if running and stopping():
                    for task in running:
                        task.cancel()
                    await asyncio.gather(*running, return_exceptions=True)
                    return

    def _client(self, concurrency: int) -> httpx.AsyncClient:
        limits = self.limits
        timeout = httpx.Timeout(
            connect=limits.connect_timeout,
            read=limits.read_timeout,
            write=limits.read_timeout,
            pool=limits.deadline,
        )
        return httpx.AsyncClient(
            headers={"User-Agent": user_agent()},
            verify=self._tls_context(),
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=2),
            transport=self._transport,
        )

    def _tls_context(self) -> ssl.SSLContext:
        # Loading the certificate store takes ~80 ms: once per Fetcher, not once per fetch.
        with self._tls_lock:
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            return self._tls

    async def _fetch(self, client: httpx.AsyncClient, request: FetchRequest) -> FetchResult:
        trail = _Trail(request.url)
        problem = address_problem(request.url)
        if problem is not None:
            return trail.failed(problem)
        try:
            async with asyncio.timeout(self.limits.deadline):
                return await self._follow(client, request, trail)
        except TimeoutError:
            deadline = self.limits.deadline
            return trail.failed(f"gave up after {deadline:g} s (the answer was too slow)")
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            where = trail.redirects[-1].target if trail.redirects else request.url
            return trail.failed(failure_reason(exc, where, self.limits.read_timeout))

    async def _follow(
        self, client: httpx.AsyncClient, request: FetchRequest, trail: _Trail
    ) -> FetchResult:
        url = request.url
        seen = {url}
        headers = _request_headers(request)
        for _hop in range(self.limits.max_redirects + 1):
            response = await client.send(client.build_request("GET", url, headers=headers),
                                         stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code not in REDIRECT_STATUSES or not location:
                    return await self._answer(response, request, trail)
                target = urljoin(url, location.strip())
            finally:
                await response.aclose()
            trail.redirects.append(Redirect(response.status_code, url, target))
            problem = address_problem(target)
            if problem is not None:
                return trail.failed(f"redirected to an address that cannot be fetched: {problem}")
            if target in seen:
                return trail.failed("the redirects go round in a loop")
            seen.add(target)
            url = target
        return trail.failed(f"too many redirects (more than {self.limits.max_redirects})")

    async def _answer(
        self, response: httpx.Response, request: FetchRequest, trail: _Trail
    ) -> FetchResult:
        status = response.status_code
        if status == 304 and request.validators:
            return trail.result(Outcome.NOT_MODIFIED, status=status,
                                validators=_validators(response) or request.validators)
        if status == 410:
            return trail.result(Outcome.GONE, status=status, reason=status_reason(status))
        if not 200 <= status < 300:
            return trail.result(Outcome.FAILED, status=status, reason=status_reason(status),
                                retry_after=_retry_after(response))
        limit = self.limits.max_bytes
        announced = _content_length(response)
        if announced is not None and announced > limit:
            return trail.failed(too_large_reason(limit, announced), status)
        pieces: list[bytes] = []
        size = 0
        async for piece in response.aiter_bytes():
            size += len(piece)
            if size > limit:
                return trail.failed(too_large_reason(limit, None), status)
            pieces.append(piece)
        content_type, charset = _content_type(response)
        return trail.result(
            Outcome.FETCHED,
            status=status,
            body=b"".join(pieces),
            content_type=content_type,
            charset=charset,
            validators=_validators(response),
        )


def _request_headers(request: FetchRequest) -> dict[str, str]:
    headers = {"Accept": request.accept}
    if request.validators.etag:
        headers["If-None-Match"] = request.validators.etag
    if request.validators.last_modified:
        headers["If-Modified-Since"] = request.validators.last_modified
    return headers


def _validators(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("etag"), response.headers.get("last-modified"))


def _content_length(response: httpx.Response) -> int | None:
    if response.headers.get("content-encoding", "identity").lower() != "identity":
        return None  # the length of the compressed form; the limit is on what it unpacks to
    try:
        return int(response.headers.get("content-length", ""))
    except ValueError:
        return None


def _content_type(response: httpx.Response) -> tuple[str | None, str | None]:
    header = response.headers.get("content-type")
    if not header:
        return None, None
    message = email.message.Message()
    message["content-type"] = header
    media_type = message.get_content_type() if "/" in header.split(";")[0] else None
    charset = message.get_param("charset")
    return media_type, charset if isinstance(charset, str) and charset.strip() else None


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (a number, or an HTTP date), if there is one."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


