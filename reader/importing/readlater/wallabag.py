"""wallabag's JSON export: a list of entries, each with its ``title``, ``url``, ``content``
(the article as wallabag extracted it, in HTML), ``tags``, ``is_archived``, ``is_starred``,
``created_at``, ``published_at``, ``published_by`` (a list of names) and ``annotations``
(``quote`` and ``text``, the highlighted passage and the comment on it)."""

from __future__ import annotations

import json
import re
from typing import Any

from reader.errors import NotAnArticle
from reader.importing.readlater.entries import (
    Quote,
    SavedEntry,
    address,
    from_iso,
    line,
    origin,
    tag_list,
    truthy,
)

_FIRST_OBJECT = re.compile(r"\A\s*\[\s*\{")


def is_wallabag(head: str) -> bool:
    """Whether the start of a JSON file is a list of objects with wallabag's keys."""
    text = head.lstrip("\ufeff")
    return _FIRST_OBJECT.match(text) is not None and all(
        key in text for key in ('"is_archived"', '"url"'))


def wallabag_entries(text: str, source: str) -> list[SavedEntry]:
    try:
        items = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError) as exc:
        raise NotAnArticle(f"damaged wallabag export ({exc})") from None
    if not isinstance(items, list):
        raise NotAnArticle("damaged wallabag export (not a list of entries)")
    return [_entry(item, source, number) for number, item in enumerate(items, start=1)]


def _entry(item: Any, source: str, number: int) -> SavedEntry:
    if not isinstance(item, dict):
        return SavedEntry(origin=origin(source, number), url=None)
    url = address(item.get("url"))
    tags = item.get("tags")
    saved = from_iso(item.get("created_at"))
    published = from_iso(item.get("published_at"))
    authors = item.get("published_by")
    content = item.get("content")
    return SavedEntry(
        origin=origin(source, number), raw_url=line(item.get("url")),
        url=url,
        title=line(item.get("title")),
        tags=tag_list([_tag_name(tag) for tag in tags] if isinstance(tags, list) else []),
        saved_at=saved,
        published=published.date() if published else None,
        author=", ".join(filter(None, map(line, authors))) or None
        if isinstance(authors, list) else line(authors),
        read=truthy(item.get("is_archived")),
        starred=truthy(item.get("is_starred")),
        html=content if isinstance(content, str) and content.strip() else None,
        quotes=tuple(_quotes(item.get("annotations"))),
    )


def _tag_name(tag: object) -> object:
    # Older exports wrote tags as objects: {"id": 3, "label": "politics", "slug": "politics"}.
    return tag.get("label") if isinstance(tag, dict) else tag


def _quotes(annotations: object) -> list[Quote]:
    if not isinstance(annotations, list):
        return []
    quotes = []
    for annotation in annotations:
        if isinstance(annotation, dict) and isinstance(annotation.get("quote"), str):
            comment = annotation.get("text")
            quotes.append(Quote(annotation["quote"],
                                comment.strip() if isinstance(comment, str) else ""))
    return quotes
