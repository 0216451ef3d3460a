"""The page inside an MHTML archive (Chrome's and Edge's "Webpage, Single File", ``.mhtml``).

An MHTML file is a MIME message, ``multipart/related``: the page is one text/html part and
its images, styles and frames are the others, each quoted-printable or base64. The standard
library's ``email`` package reads it; nothing in it is fetched or run.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage, Message

from msgspec import Struct

from reader.errors import NotAnArticle

# A MIME message starts with header lines; Blink's archives start with "From: <Saved by Blink>".
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MULTIPART = re.compile(rb"^content-type:[ \t]*multipart/", re.IGNORECASE | re.MULTILINE)
_SNIFF_BYTES = 8 * 1024


class ArchivedPage(Struct, frozen=True):
    """The archived page's HTML bytes with what the archive says about them."""

    html: bytes
    charset: str | None
    url: str | None
    subject: str | None


def is_mhtml(data: bytes) -> bool:
    """Whether the bytes start like a MIME multipart message."""
    head = data[:_SNIFF_BYTES].lstrip()
    return _HEADER_LINE.match(head) is not None and _MULTIPART.search(head) is not None


def page_from_mhtml(data: bytes) -> ArchivedPage:
    """The text/html part that is the page itself. Raises NotAnArticle when there is none."""
    if not is_mhtml(data):
        raise NotAnArticle("not an MHTML archive (no MIME multipart header)")
    message = email.message_from_bytes(data, policy=email.policy.default)
    snapshot = _header(message, "Snapshot-Content-Location")
    part = _root_part(message, snapshot)
    if part is None:
        raise NotAnArticle("no web page in the MHTML archive")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise NotAnArticle("the web page in the MHTML archive is empty")
    return ArchivedPage(
        html=payload,
        charset=part.get_content_charset(),
        url=snapshot or _header(part, "Content-Location"),
        subject=_header(message, "Subject"),
    )


def _root_part(message: Message, snapshot: str | None) -> Message | None:
    """The part the archive names as its start, else the first text/html part.

    Frames are text/html parts too; the start parameter or the snapshot's location tells
    the page from them, and Blink writes the page first.
    """
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    start = message.get_param("start")
    if isinstance(start, str):
        wanted = start.strip("<>")
        for part in pages:
            if (_header(part, "Content-ID") or "").strip("<>") == wanted:
                return part
    for part in pages:
        if snapshot is not None and _header(part, "Content-Location") == snapshot:
            return part
    return pages[0] if pages else None


def _header(message: Message | EmailMessage, name: str) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
