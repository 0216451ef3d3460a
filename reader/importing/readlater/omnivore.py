"""Omnivore's export: a ZIP with ``metadata_0_to_50.json``… (lists of items: ``slug``,
``title``, ``author``, ``url``, ``state``, ``labels``, ``savedAt``, ``publishedAt``),
``content/<slug>.html`` (the article as Omnivore kept it) and ``highlights/<slug>.md``.

A highlights file holds the item's highlights one after another, each a quotation
(``> passage``, a multi-paragraph passage going on in ``>`` lines), then optionally its
labels (``#label``) and the note written on it, highlights parted by blank lines.
"""

from __future__ import annotations

import json
import re
import zipfile
from typing import Any

from reader.importing.readlater.entries import (
    Quote,
    SavedEntry,
    address,
    from_iso,
    line,
    origin,
    tag_list,
)

METADATA = re.compile(r"(?:.*/)?metadata_\d+_to_\d+\.json")
# Some exports link each quotation back to the app: "> passage [⤴️](https://omnivore.app/…)".
_BACKLINK = re.compile(r"\s*\[⤴️?\]\([^)]*\)\s*$")
_LABELS = re.compile(r"(?:#\S+\s*)+")


def is_omnivore(names: list[str]) -> bool:
    return any(METADATA.fullmatch(name) for name in names)


def omnivore_entries(archive: zipfile.ZipFile, source: str, read: Any) -> list[SavedEntry]:
    """The items of every metadata file, in the files' order; ``read(name)`` gives a
    member's text (or None when it is missing)."""
    names = sorted((n for n in archive.namelist() if METADATA.fullmatch(n)), key=_first_index)
    entries: list[SavedEntry] = []
    for name in names:
        base = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        items = _items(read(name))
        for item in items:
            entries.append(_entry(item, source, len(entries) + 1, base, read))
    return entries


def _first_index(name: str) -> int:
    found = re.search(r"metadata_(\d+)_", name)
    return int(found.group(1)) if found else 0


def _items(text: str | None) -> list[Any]:
    try:
        items = json.loads(text or "[]")
    except (ValueError, RecursionError):
        return []
    return items if isinstance(items, list) else []


def _entry(item: Any, source: str, number: int, base: str, read: Any) -> SavedEntry:
    if not isinstance(item, dict):
        return SavedEntry(origin=origin(source, number), url=None)
    url = address(item.get("url"))
    slug = line(item.get("slug"))
    safe = slug is not None and "/" not in slug and ".." not in slug
    html = read(f"{base}content/{slug}.html") if safe else None
    marks = read(f"{base}highlights/{slug}.md") if safe else None
    published = from_iso(item.get("publishedAt"))
    labels = item.get("labels")
    return SavedEntry(
        origin=origin(source, number), raw_url=line(item.get("url")),
        url=url,
        title=line(item.get("title")),
        tags=tag_list(labels if isinstance(labels, list) else []),
        saved_at=from_iso(item.get("savedAt")),
        published=published.date() if published else None,
        author=line(item.get("author")),
        read=str(item.get("state") or "").upper() == "ARCHIVED",
        html=html if html and html.strip() else None,
        quotes=highlight_quotes(marks or ""),
    )


def highlight_quotes(markdown: str) -> tuple[Quote, ...]:
    """The highlights of one item's highlights file."""
    quotes: list[Quote] = []
    passage: list[str] = []
    comment: list[str] = []
    for paragraph in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n")):
        lines = paragraph.strip().splitlines()
        if lines and lines[0].startswith(">"):
            if passage:
                quotes.append(_quote(passage, comment))
            passage, comment = [_unquoted(text) for text in lines], []
        elif passage and lines and not _LABELS.fullmatch(paragraph.strip()):
            comment.append("\n".join(lines))
    if passage:
        quotes.append(_quote(passage, comment))
    return tuple(quotes)


def _unquoted(text: str) -> str:
    return _BACKLINK.sub("", text.removeprefix(">").strip())


def _quote(passage: list[str], comment: list[str]) -> Quote:
    return Quote("\n".join(p for p in passage if p), "\n\n".join(comment).strip())
