"""Pocket's older export, ``ril_export.html``: a list of links under ``<h1>Unread</h1>`` and
another under ``<h1>Read Archive</h1>``, each ``<a href=… time_added=… tags=…>title</a>``."""

from __future__ import annotations

import re

from lxml.etree import _Element
from lxml.html import HTMLParser, document_fromstring

from reader.importing.readlater.entries import (
    SavedEntry,
    address,
    from_timestamp,
    line,
    origin,
    tag_list,
)

_SNIFF = re.compile(
    r"<title>\s*Pocket Export\s*</title>|<h1>\s*Read Archive\s*</h1>", re.IGNORECASE
)
_PARSER = HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def is_pocket_html(head: str) -> bool:
    """Whether the start of an HTML file is Pocket's export page."""
    return _SNIFF.search(head) is not None and "time_added" in head.lower()


def pocket_html_entries(html: str, source: str) -> list[SavedEntry]:
    tree = document_fromstring(html, parser=_PARSER)
    entries: list[SavedEntry] = []
    archived = False
    for element in tree.iter("h1", "a"):
        if element.tag == "h1":
            archived = "archive" in _text(element).lower()
            continue
        raw = element.get("href")
        url = address(raw)
        entries.append(
            SavedEntry(
                origin=origin(source, len(entries) + 1), raw_url=line(raw),
                url=url,
                title=line(_text(element)),
                tags=tag_list((element.get("tags") or "").split(",")),
                saved_at=from_timestamp(element.get("time_added")),
                read=archived,
            )
        )
    return entries


def _text(element: _Element) -> str:
    return "".join(str(text) for text in element.itertext())
