"""From a feed's entry to an article, and the key the entry is known by.

An entry is known by its id (RSS guid, Atom id, JSON Feed id), else its link, else its text:
the key is a hash of whichever it has, stored per feed, so a second refresh of an unchanged
feed adds nothing, and an entry whose text was edited keeps its identity while its id stays.
"""

from __future__ import annotations

import hashlib

from reader.addresses import url_key, web_url
from reader.feeds.entry import FeedEntry
from reader.feeds.entry_text import html_lines, text_lines
from reader.importing.article_body import article_body
from reader.importing.parsing import ParsedArticle, content_hash, make_title

# Entry text past this is cut at a paragraph: an entry is an article, not a book, and the
# library's limit for an article's text is 5 MB.
MAX_BODY_CHARS = 2_000_000


def entry_key(entry: FeedEntry, lines: list[str] | None = None) -> str:
    """The entry's identity within its feed: its id, else its link, else its text."""
    if entry.id:
        basis = f"id\n{entry.id}"
    elif entry.link:
        basis = f"link\n{entry.link}"
    else:
        text = "\n".join(lines if lines is not None else entry_lines(entry))
        basis = f"text\n{entry.title or ''}\n{text}"
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def entry_lines(entry: FeedEntry) -> list[str]:
    """The entry's content (or summary) as lines of text, one per paragraph or heading."""
    if entry.html:
        return html_lines(entry.html)
    if entry.text:
        return text_lines(entry.text)
    return []


def entry_article(entry: FeedEntry, source: str | None,
                  lines: list[str] | None = None) -> ParsedArticle | None:
    """The article an entry makes; None for an entry with neither text, title nor link.

    An untitled entry is titled after its first sentence, as a text file is. An entry with
    a link and no text becomes an article whose text is not fetched yet, as a read-later
    entry does (``is:unfetched``).
    """
    lines = entry_lines(entry) if lines is None else lines
    lines = _within_limit(lines)
    link = web_url(entry.link) if entry.link else None
    title = entry.title
    body = article_body(lines, title) if title else "\n\n".join(lines)
    if not body and title and not link:
        body = title  # a title is all the entry says: it is the text too
    if not body:
        if link is None:
            return None
        return ParsedArticle(
            title=title or link,
            published=entry.published.date() if entry.published else None,
            body="",
            # As a read-later entry without text: the address's hash stands for the text's.
            content_hash=content_hash(f"address without text\n{url_key(link) or link}"),
            url=link, author=entry.author, source=source, text_fetched=False,
        )
    return ParsedArticle(
        title=title or make_title(body.split("\n\n", 1)[0]),
        published=entry.published.date() if entry.published else None,
        body=body,
        content_hash=content_hash(body),
        url=link,
        author=entry.author,
        source=source,
    )


def _within_limit(lines: list[str]) -> list[str]:
    kept, size = [], 0
    for line in lines:
        size += len(line) + 2
        if size > MAX_BODY_CHARS:
            break
        kept.append(line)
    return kept
