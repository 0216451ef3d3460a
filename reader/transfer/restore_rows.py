"""Checking the records of a library export and writing them, a batch at a time.

Every field is checked before anything is written, so a hand-edited or damaged file fails
with the article's number and the field's name rather than a database error. The checks are
the app's own: a restore takes nothing the app would refuse to store (an id it could never
give, an empty title, a body larger than an import may be, a control character, a highlight
whose text is not the body's, two saved searches of one name).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, update
from sqlalchemy.exc import IntegrityError

from reader.addresses import url_key, web_url
from reader.catalog import annotations as annotation_ops
from reader.catalog import saved_searches as search_store
from reader.catalog import tags as tag_ops
from reader.edits.articles import clean_fraction
from reader.errors import InvalidValue
from reader.importing.parsing import DEFAULT_MAX_BYTES
from reader.store.interface import sql_for
from reader.store.schema import article_tags, articles, highlights, notes, tags
from reader.text_checks import check_line, check_text_as_is, valid_unicode

# The largest id a restore takes: the largest integer JSON readers everywhere keep exactly,
# and at most half the engine's range (:func:`highest_id`), so imports can go on numbering
# after it.
MAX_ID = 2**53 - 1
MAX_TITLE = 1000
# A body as long as an imported file can give: at most one character per byte.
MAX_BODY = DEFAULT_MAX_BYTES
_HASH = re.compile(r"[0-9a-f]{64}")


def highest_id(conn: Connection) -> int:
    """The largest article id a restore into this library takes: 2^53 - 1 on SQLite,
    2^30 - 1 on PostgreSQL."""
    return min(MAX_ID, sql_for(conn).max_id // 2)


class Fields:
    """Typed access to one JSON object of the file; wrong types raise InvalidValue."""

    def __init__(self, item: Any, where: str) -> None:
        if not isinstance(item, dict):
            raise InvalidValue(f"{where} is not an object")
        self.item = item
        self.where = where

    def _get(self, key: str, kinds: tuple[type, ...], what: str, optional: bool) -> Any:
        value = self.item.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            raise InvalidValue(f"{self.where}: {key!r} should be {what}")
        return value

    def text(self, key: str, optional: bool = False) -> Any:
        return self._get(key, (str,), "text", optional)

    def number(self, key: str, low: int = -(2**63), high: int = 2**63 - 1) -> int:
        value: int = self._get(key, (int,), "a whole number", False)
        if not low <= value <= high:
            raise InvalidValue(f"{self.where}: {key!r} should be from {low} to {high}")
        return value

    def checked(self, key: str, check: Any, optional: bool = False) -> Any:
        """The text at ``key`` passed through ``check``, its InvalidValue naming the place."""
        value = self.text(key, optional)
        if value is None:
            return None
        try:
            return check(value)
        except InvalidValue as exc:
            raise InvalidValue(f"{self.where}: {key!r}: {exc}") from None

    def line(self, key: str, longest: int, optional: bool = False) -> str | None:
        """One line of text (whitespace folded, as the app stores it); empty is None when
        ``optional``, refused otherwise."""
        value = self.checked(key, lambda text: check_line(" ".join(text.split()), "it"),
                             optional)
        if not value and not optional:
            raise InvalidValue(f"{self.where}: {key!r} is empty")
        if value is not None and len(value) > longest:
            raise InvalidValue(f"{self.where}: {key!r} is longer than {longest:,} characters")
        return value or None

    def flag(self, key: str) -> bool:
        value: bool = self._get(key, (bool,), "true or false", False)
        return value

    def day(self, key: str) -> date | None:
        value = self.text(key, optional=True)
        return None if value is None else self._parsed(key, value, date.fromisoformat)

    def stamp(self, key: str, optional: bool = False) -> Any:
        value = self.text(key, optional)
        if value is None:
            return None
        moment = self._parsed(key, value, datetime.fromisoformat)
        if moment.tzinfo is not None:  # the app keeps local times; an offset would be lost
            raise InvalidValue(f"{self.where}: {key!r} has a time zone: {value!r}")
        return moment

    def _parsed(self, key: str, value: str, parse: Any) -> Any:
        try:
            return parse(value)
        except ValueError:
            raise InvalidValue(f"{self.where}: {key!r} is not a date: {value!r}") from None

    def objects(self, key: str) -> list[Any]:
        value = self.item.get(key, [])
        if not isinstance(value, list):
            raise InvalidValue(f"{self.where}: {key!r} should be a list")
        return value


class Batch:
    """Articles waiting to be written, with their tag links, notes and highlights."""

    def __init__(self, conn: Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.searches = 0
        self._tag_ids: dict[str, int] = {}  # by casefolded name: the library starts empty
        self._highest_id = highest_id(conn)
        self._articles: list[dict[str, Any]] = []
        self._links: list[dict[str, int]] = []
        self._notes: list[dict[str, Any]] = []
        self._marks: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self._articles)

    def tag_count(self) -> int:
        return len(self._tag_ids)

    def damaged(self, where: str) -> str:
        return f"{self.path} is damaged: {where}"

    def add_article(self, item: Any, number: int) -> None:
        fields = Fields(item, self.damaged(f"article {number}"))
        article_id = fields.number("id", 1, self._highest_id)
        body: str = fields.checked("body", _body)
        self._articles.append(
            {
                "id": article_id,
                "title": fields.line("title", MAX_TITLE),
                "body": body,
                "published": fields.day("published"),
                "source": fields.line("source", MAX_TITLE, optional=True),
                "path": fields.checked("path", _path, optional=True),
                "content_hash": fields.checked("content_hash", _content_hash),
                "imported_at": fields.stamp("imported_at"),
                "read": fields.flag("read"),
                "starred": fields.flag("starred"),
                "deleted_at": fields.stamp("deleted_at", optional=True),
                **_web_fields(fields, body),
                "progress": _progress(fields),
            }
        )
        for name in fields.objects("tags"):
            if not isinstance(name, str):
                raise InvalidValue(f"{fields.where}: a tag name should be text")
            self._links.append({"tag_id": self._tag(name), "article_id": article_id})
        self._add_note(fields, article_id)
        for index, mark in enumerate(fields.objects("highlights"), start=1):
            self._add_highlight(Fields(mark, f"{fields.where}, highlight {index}"), body,
                                article_id)

    def _add_note(self, fields: Fields, article_id: int) -> None:
        if fields.item.get("note") is None:
            return
        note = Fields(fields.item["note"], f"{fields.where}, note")
        text = note.checked("text", annotation_ops.check_note)
        stamp = note.stamp("updated_at")
        if text:  # a note of blanks is no note
            self._notes.append({"article_id": article_id, "text": text, "updated_at": stamp})

    def _add_highlight(self, mark: Fields, body: str, article_id: int) -> None:
        start, end = mark.number("start"), mark.number("end")
        if not 0 <= start < end <= len(body):
            raise InvalidValue(f"{mark.where}: range {start}-{end} is outside the article")
        if mark.text("text") != body[start:end]:
            raise InvalidValue(f"{mark.where}: its text is not the article's text at "
                               f"{start}-{end}")
        self._marks.append(
            {
                "article_id": article_id, "start": start, "end": end,
                "text": body[start:end],
                "color": mark.checked("color", annotation_ops.check_color),
                "comment": mark.checked("comment", annotation_ops.check_comment),
                "created_at": mark.stamp("created_at"),
            }
        )

    def _tag(self, name: str, color: str | None = None) -> int:
        try:
            cleaned = tag_ops.normalize_name(name)
        except InvalidValue as exc:
            raise InvalidValue(self.damaged(str(exc))) from None
        key = tag_ops.tag_key(cleaned)
        if key not in self._tag_ids:
            self._tag_ids[key] = self.conn.execute(
                insert(tags).values(name=cleaned, key=key, color=color).returning(tags.c.id)
            ).scalar_one()
        return self._tag_ids[key]

    def add_tags(self, items: list[Any]) -> None:
        """The tag list: colours, and tags no article carries. A name twice (in any case)
        would leave one colour or the other to chance: refused."""
        listed: set[int] = set()
        for index, item in enumerate(items, start=1):
            fields = Fields(item, self.damaged(f"tag {index}"))
            color = fields.checked("color", tag_ops.normalize_color, optional=True)
            name = fields.text("name")
            tag_id = self._tag(name)
            if tag_id in listed:
                raise InvalidValue(f"{fields.where}: two tags are both named {name!r}")
            listed.add(tag_id)
            self.conn.execute(update(tags).where(tags.c.id == tag_id).values(color=color))

    def add_searches(self, items: list[Any]) -> None:
        """Saved searches; two of one name (in any case) would be one saved over the other
        and lost, so they are refused."""
        names: set[str] = set()
        for index, item in enumerate(items, start=1):
            fields = Fields(item, self.damaged(f"saved search {index}"))
            name, query = fields.text("name"), fields.text("query")
            try:
                saved = search_store.save(self.conn, name, query)
            except InvalidValue as exc:
                raise InvalidValue(f"{fields.where}: {exc}") from None
            key = saved.name.casefold()
            if key in names:
                raise InvalidValue(f"{fields.where}: two saved searches are both named "
                                   f"{saved.name!r}")
            names.add(key)
            self.searches += 1

    def flush(self) -> None:
        if not self._articles:
            return
        ids = [row["id"] for row in self._articles]
        try:
            self.conn.execute(insert(articles), self._articles)
            if self._links:
                self.conn.execute(sql_for(self.conn).insert_or_ignore(article_tags),
                                  self._links)
            if self._notes:
                self.conn.execute(insert(notes), self._notes)
            if self._marks:
                self.conn.execute(insert(highlights), self._marks)
        except IntegrityError as exc:
            raise InvalidValue(self.damaged(_clash(exc))) from None
        # Notes and highlights went in before their articles were indexed (their triggers only
        # kept has_note and highlight_count then), so one statement indexes all four columns.
        sql_for(self.conn).text_index.index(self.conn, ids)
        sql_for(self.conn).ids_written(self.conn)  # rows went in under their exported ids
        self._articles, self._links, self._notes, self._marks = [], [], [], []


def _clash(exc: IntegrityError) -> str:
    # Each engine names the constraint its own way: "articles.id" (SQLite), "articles_pkey"
    # (PostgreSQL).
    message = str(exc.orig)
    for names, reason in ((("articles.id", "articles_pkey"), "two articles have the same id"),
                          (("articles.content_hash", "articles_content_hash_key"),
                           "two articles have the same content hash"),
                          (("notes.article_id", "notes_pkey"), "an article has two notes")):
        if any(name in message for name in names):
            return reason
    return message.splitlines()[0] if message else message


def _progress(fields: Fields) -> float:
    """How far the article was read (version 3; before it, nothing was kept: 0)."""
    value = fields.item.get("progress")
    if value is None:
        return 0.0
    try:
        return clean_fraction(value)
    except InvalidValue:
        raise InvalidValue(f"{fields.where}: 'progress' should be a number from 0 to 1") from None


def _web_fields(fields: Fields, body: str) -> dict[str, Any]:
    """``url``, ``author`` and ``text_fetched`` (version 2; a version 1 file has none of
    them: its articles came from text files). The address key is worked out again."""
    url = fields.text("url", optional=True)
    if url is not None and web_url(url) is None:
        raise InvalidValue(f"{fields.where}: 'url' is not a web address: {url!r}")
    fetched = True if fields.item.get("text_fetched") is None else fields.flag("text_fetched")
    if fetched and not body.strip():
        raise InvalidValue(f"{fields.where}: 'body' is empty")
    return {
        "url": url,
        "author": fields.line("author", MAX_TITLE, optional=True),
        "url_key": url_key(url),
        "text_fetched": fetched,
    }


def _body(text: str) -> str:
    # An empty body is refused by _web_fields, unless the article's text was never fetched.
    if len(text) > MAX_BODY:
        raise InvalidValue(f"the body is longer than {MAX_BODY:,} characters, the most an "
                           "imported file can give")
    return check_text_as_is(text, "the body")


def _path(text: str) -> str:
    # The name of the file it came from: any character a file name may hold, but no NUL.
    if "\x00" in valid_unicode(text, "the path"):
        raise InvalidValue("the path holds a NUL character")
    return text


def _content_hash(text: str) -> str:
    if _HASH.fullmatch(text) is None:
        raise InvalidValue("it is not a SHA-256 digest (64 hexadecimal digits)")
    return text
