"""What a fetch answers: plain values a caller can store, show or act on.

Every fetch ends in one of a few outcomes. A feed refresh needs them told apart: "not
modified" costs nothing and changes nothing, "gone" (410) means stop asking, and a failure
carries a reason the user can read. Redirects are kept hop by hop so a permanent move can
update a stored address while a temporary one leaves it alone.
"""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct, field

PERMANENT_REDIRECTS = frozenset({301, 308})


class Outcome(StrEnum):
    FETCHED = "fetched"  # a 2xx answer, read whole within the size limit
    NOT_MODIFIED = "not modified"  # 304 to a conditional request: what was kept still holds
    GONE = "gone"  # 410: the resource was removed for good
    FAILED = "failed"  # anything else: ``reason`` says what
    CANCELLED = "cancelled"  # the caller asked to stop before the answer was complete


class Validators(Struct, frozen=True):
    """An answer's ``ETag`` and ``Last-Modified``; sent back, they make the next request
    conditional (``If-None-Match``, ``If-Modified-Since``)."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


class Redirect(Struct, frozen=True):
    status: int
    source: str
    target: str

    @property
    def permanent(self) -> bool:
        return self.status in PERMANENT_REDIRECTS


class FetchRequest(Struct, frozen=True):
    """One address to fetch, with what the previous answer said about it."""

    url: str
    validators: Validators = field(default_factory=Validators)
    # The media types wanted, in the order preferred: a feed asks for feeds, a link for pages.
    accept: str = "*/*"


class FetchResult(Struct, frozen=True):
    url: str  # as asked
    outcome: Outcome
    final_url: str  # where the answer came from, after redirects
    redirects: tuple[Redirect, ...] = ()
    status: int | None = None  # the last answer's HTTP status, if one came
    body: bytes = b""
    content_type: str | None = None  # the media type alone, lower case: "text/html"
    charset: str | None = None  # as the Content-Type header declared it
    validators: Validators = field(default_factory=Validators)
    reason: str | None = None  # one line for the user when the fetch did not succeed
    # Seconds the server asked to be left alone for (Retry-After on a 429 or 503).
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.FETCHED

    @property
    def moved_to(self) -> str | None:
        """The address to keep instead of ``url``: where the first hops led while every one
        of them was permanent (301, 308); None when the address should stay as it is.

        A temporary hop ends the run: ``A -301-> B -302-> C`` moves A to B, while
        ``A -302-> B -301-> C`` leaves A alone (A only borrowed B for now).
        """
        moved = None
        for hop in self.redirects:
            if not hop.permanent:
                break
            moved = hop.target
        return moved
