"""Markdown clipped from the web (Obsidian Web Clipper, MarkDownload...): YAML front matter
naming the title, address, author, date and tags, then the article in Markdown.

The front matter is read with ``yaml.safe_load``, which builds plain values only (no
objects, no tags that run code). A front matter that is not valid YAML, or not a mapping,
leaves the file to be read as plain text, with a warning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

import yaml
from msgspec.structs import replace

from reader.addresses import site_of, web_url
from reader.dates import parse_date
from reader.errors import BroadsheetError
from reader.importing.decoding import clean_text
from reader.importing.parsing import ParsedArticle, content_hash, normalise_body, parse_text

_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
_URL_KEYS = ("url", "source", "link", "original_url")
_DATE_KEYS = ("published", "date", "created", "saved")
_SITE_KEYS = ("site", "site_name", "sitename", "publisher")
# Obsidian writes authors as wiki links: "[[Jane Doe]]".
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
# Clippers keep the page's links and images; in a reader they are noise around the words.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WORDS = re.compile(r"\w+")
_MAX_TAGS = 50


def has_front_matter(text: str) -> bool:
    """Whether the text opens with a ``---`` fenced block."""
    return _FRONT_MATTER.match(text) is not None


def parse_clipping(text: str) -> ParsedArticle:
    """An article from clipped Markdown; raises NotAnArticle as ``parse_text`` does."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return parse_text(text)
    fields = _load_yaml(match.group("yaml") or "")
    if fields is None:
        plain = parse_text(text)
        warning = "front matter is not valid YAML; imported as plain text"
        return replace(plain, warnings=(*plain.warnings, warning))
    body_text = clean_text(text[match.end() :])
    title = _text(fields.get("title"))
    plain = parse_text(_without_links(body_text) if title is None else f"{title}\n\n{body_text}")
    url = next((u for key in _URL_KEYS if (u := _url(fields.get(key))) is not None), None)
    site = next((s for key in _SITE_KEYS if (s := _text(fields.get(key))) is not None), None)
    body = plain.body
    if title is not None:
        body = _drop_repeated_title(normalise_body(_without_links(body_text)), title)
    if not body:
        body = plain.body
    return ParsedArticle(
        title=title or plain.title,
        published=_first_date(fields) or plain.published,
        body=body,
        content_hash=content_hash(body),
        warnings=plain.warnings,
        url=url,
        author=_authors(fields.get("author") or fields.get("authors")),
        source=site or site_of(url),
        tags=_tags(fields.get("tags") or fields.get("tag")),
    )


def _load_yaml(text: str) -> dict[str, object] | None:
    try:
        loaded = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        return None
    if not isinstance(loaded, dict):
        return None
    return {str(key).strip().lower(): value for key, value in loaded.items()}


def _first_date(fields: dict[str, object]) -> date | None:
    for key in _DATE_KEYS:
        value = fields.get(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if text is None:
            continue
        try:
            # "2024-03-20T10:15:00+01:00": the day is what a reader files an article by.
            return parse_date(text[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", text) else text)
        except BroadsheetError:
            continue
    return None


def _authors(value: object) -> str | None:
    names = [_WIKI_LINK.sub(r"\1", name) for name in _strings(value)]
    cleaned = [" ".join(name.split()) for name in names]
    return ", ".join(name for name in cleaned if name) or None


def _tags(value: object) -> tuple[str, ...]:
    raw = value.split(",") if isinstance(value, str) else _strings(value)
    seen: dict[str, None] = {}
    for tag in raw:
        name = " ".join(tag.strip().lstrip("#").split())
        if name and name.casefold() not in {s.casefold() for s in seen}:
            seen[name] = None
    return tuple(seen)[:_MAX_TAGS]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict):
        return [str(item) for item in value if isinstance(item, str | int | float)]
    return []


def _url(value: object) -> str | None:
    text = _text(value)
    return web_url(text) if text is not None else None


def _text(value: object) -> str | None:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = " ".join(unicodedata.normalize("NFC", clean_text(str(value))).split())
    return text or None


def _without_links(markdown: str) -> str:
    return _LINK.sub(r"\1", _IMAGE.sub("", markdown))


def _drop_repeated_title(body: str, title: str) -> str:
    first, _, rest = body.partition("\n\n")
    if _WORDS.findall(first.casefold()) == _WORDS.findall(title.casefold()):
        return rest
    return body
