"""From a read-later entry to the article stored for it, with its highlights placed.

The text a service kept (wallabag's and Omnivore's copies) goes through the same extractor as
a saved page, so it is stored in the same shape. An entry with only an address becomes an
article whose text is not fetched: its body is empty until the page is fetched, and a
placeholder hash (the address's) stands in for the text's, which is unique per address.
"""

from __future__ import annotations

import re
import unicodedata

from msgspec import Struct
from msgspec.structs import replace

from reader.addresses import site_of, url_key
from reader.errors import NotAnArticle
from reader.importing.parsing import ParsedArticle, content_hash
from reader.importing.readlater.entries import Quote, SavedEntry
from reader.importing.web_page import parse_web_page
from reader.text_checks import shortened

# wallabag stores this in place of a page it could not read.
_NOT_RETRIEVED = re.compile(r"wallabag can'?t retrieve contents", re.IGNORECASE)
# Typographic quotes and dashes compared as their plain forms, one character for one, so an
# offset in the folded text is the offset in the body.
_FOLD = str.maketrans("‘’‚‛“”„‟–—\u00a0", "''''\"\"\"\"-- ")
_WORD = re.compile(r"\S+")
_SHOWN_CHARS = 60


class EntryArticle(Struct, frozen=True):
    """The article for an entry, and what it carries over: read and starred state, the time
    it was saved, a note, and its highlights as ``(start, end, comment)`` in the body."""

    article: ParsedArticle
    entry: SavedEntry
    highlights: tuple[tuple[int, int, str], ...] = ()


def entry_article(entry: SavedEntry, max_bytes: int) -> EntryArticle:
    """Raises NotAnArticle when the entry has neither text nor an address."""
    article, warning = _with_text(entry, max_bytes) if entry.html else (None, None)
    if article is None:
        if entry.url is None:
            given = f"not a web address: {entry.raw_url!r}" if entry.raw_url else "no address"
            raise NotAnArticle(warning or f"{given}, and no text")
        article = _not_fetched(entry)
    marks, lost = place_quotes(article.body, entry.quotes) if article.body else ((), entry.quotes)
    warnings = [*article.warnings, *([warning] if warning else [])]
    if lost and article.text_fetched:
        warnings += [f"highlight not found in the text: “{_shown(q.text)}”; kept in the note"
                     for q in lost]
    note = _note(entry.note, lost)
    kept = replace(entry, html=None, note=note, quotes=())  # the text travels once
    return EntryArticle(replace(article, warnings=tuple(warnings)), kept, marks)


def _with_text(entry: SavedEntry, max_bytes: int) -> tuple[ParsedArticle | None, str | None]:
    html = entry.html or ""
    if _NOT_RETRIEVED.search(html[:2000]):
        return None, None
    page = f"<html><body><article>{html}</article></body></html>".encode()
    try:
        parsed = parse_web_page(page, max_bytes, url=entry.url, fallback_title=entry.title)
    except NotAnArticle as exc:
        if entry.url is None:
            return None, str(exc)
        return None, f"the saved copy has no article text ({exc}); kept as text not fetched"
    return replace(
        parsed,
        title=entry.title or parsed.title,
        url=entry.url or parsed.url,
        author=entry.author or parsed.author,
        source=site_of(entry.url) or parsed.source,
        published=entry.published or parsed.published,
        tags=entry.tags,
    ), None


def _not_fetched(entry: SavedEntry) -> ParsedArticle:
    url = entry.url or ""
    return ParsedArticle(
        title=entry.title or url,
        published=entry.published,
        body="",
        content_hash=content_hash(f"address without text\n{url_key(url) or url}"),
        url=url,
        author=entry.author,
        source=site_of(url),
        tags=entry.tags,
        text_fetched=False,
    )


def place_quotes(
    body: str, quotes: tuple[Quote, ...]
) -> tuple[tuple[tuple[int, int, str], ...], tuple[Quote, ...]]:
    """Each quote's range in ``body`` (whitespace, case and typographic quotes aside), and
    the quotes found nowhere."""
    folded = unicodedata.normalize("NFC", body).translate(_FOLD)
    if len(folded) != len(body):  # NFC changed the length: compare the body as it is
        folded = body.translate(_FOLD)
    placed: list[tuple[int, int, str]] = []
    lost: list[Quote] = []
    for quote in quotes:
        words = _WORD.findall(unicodedata.normalize("NFC", quote.text).translate(_FOLD))
        if not words:
            continue
        pattern = r"\s+".join(re.escape(word) for word in words)
        found = re.search(pattern, folded) or re.search(pattern, folded, re.IGNORECASE)
        if found is None:
            lost.append(quote)
        else:
            placed.append((found.start(), found.end(), quote.comment))
    return tuple(placed), tuple(lost)


def _note(note: str | None, lost: tuple[Quote, ...]) -> str | None:
    """The entry's note, followed by the passages that could not be highlighted."""
    parts = [note] if note else []
    for quote in lost:
        parts.append("\n".join(f"> {text}" for text in quote.text.splitlines() if text.strip()))
        if quote.comment:
            parts.append(quote.comment)
    return "\n\n".join(parts) or None


def _shown(text: str) -> str:
    return shortened(" ".join(text.split()), _SHOWN_CHARS)
