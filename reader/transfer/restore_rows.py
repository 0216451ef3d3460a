"""Checking the records of a library export and writing them, a batch at a time.

Every field is checked for its type before anything is written, so a hand-edited or damaged
file fails with the article's number and the field's name rather than a database error.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, update
from sqlalchemy.exc import IntegrityError

from reader.addresses import url_key, web_url
from reader.catalog import saved_searches as search_store
from reader.catalog import tags as tag_ops
from reader.edits.articles import clean_fraction
from reader.errors import InvalidValue
from reader.store.interface import sql_for
from reader.store.schema import article_tags, articles, highlights, notes, tags


class _Fields:
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

    def number(self, key: str) -> int:
        value: int = self._get(key, (int,), "a whole number", False)
        return value

    def flag(self, key: str) -> bool:
        value: bool = self._get(key, (bool,), "true or false", False)
        return value

    def day(self, key: str) -> date | None:
        value = self.text(key, optional=True)
        return None if value is None else self._parsed(key, value, date.fromisoformat)

    def stamp(self, key: str, optional: bool = False) -> Any:
        value = self.text(key, optional)
        return None if value is None else self._parsed(key, value, datetime.fromisoformat)

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
        self._articles: list[dict[str, Any]] = []
        self._links: list[dict[str, int]] = []
        self._notes: list[dict[str, Any]] = []
        self._marks: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self._articles)

    def tag_count(self) -> int:
        return len(self._tag_ids)

    def _damaged(self, where: str) -> str:
        return f"{self.path} is damaged: {where}"

    def add_article(self, item: Any, number: int) -> None:
        fields = _Fields(item, self._damaged(f"article {number}"))
        article_id = fields.number("id")
        if article_id < 1:
            raise InvalidValue(f"{fields.where}: 'id' should be 1 or more")
        body = fields.text("body")
        self._articles.append(
            {
                "id": article_id,
                "title": fields.text("title"),
                "body": body,
                "published": fields.day("published"),
                "source": fields.text("source", optional=True),
                "path": fields.text("path", optional=True),
                "content_hash": fields.text("content_hash"),
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
            self._add_highlight(_Fields(mark, f"{fields.where}, highlight {index}"),
                                article_id, len(body))

    def _add_note(self, fields: _Fields, article_id: int) -> None:
        if fields.item.get("note") is None:
            return
        note = _Fields(fields.item["note"], f"{fields.where}, note")
        self._notes.append(
            {"article_id": article_id, "text": note.text("text"),
             "updated_at": note.stamp("updated_at")}
        )

    def _add_highlight(self, mark: _Fields, article_id: int, length: int) -> None:
        start, end = mark.number("start"), mark.number("end")
        if not 0 <= start < end <= length:
            raise InvalidValue(f"{mark.where}: range {start}-{end} is outside the article")
        self._marks.append(
            {
                "article_id": article_id, "start": start, "end": end,
                "text": mark.text("text"), "color": mark.text("color"),
                "comment": mark.text("comment"), "created_at": mark.stamp("created_at"),
            }
        )

    def _tag(self, name: str, color: str | None = None) -> int:
        try:
            cleaned = tag_ops.normalize_name(name)
        except InvalidValue as exc:
            raise InvalidValue(self._damaged(str(exc))) from None
        key = cleaned.casefold()
        if key not in self._tag_ids:
            self._tag_ids[key] = self.conn.execute(
                insert(tags).values(name=cleaned, key=key, color=color).returning(tags.c.id)
            ).scalar_one()
        return self._tag_ids[key]

    def add_tags(self, items: list[Any]) -> None:
        """The tag list: colours, and tags no article carries."""
        for index, item in enumerate(items, start=1):
            fields = _Fields(item, self._damaged(f"tag {index}"))
            try:
                color = tag_ops.normalize_color(fields.text("color", optional=True))
            except InvalidValue as exc:
                raise InvalidValue(f"{fields.where}: {exc}") from None
            tag_id = self._tag(fields.text("name"))
            self.conn.execute(update(tags).where(tags.c.id == tag_id).values(color=color))

    def add_searches(self, items: list[Any]) -> None:
        for index, item in enumerate(items, start=1):
            fields = _Fields(item, self._damaged(f"saved search {index}"))
            try:
                search_store.save(self.conn, fields.text("name"), fields.text("query"))
            except InvalidValue as exc:
                raise InvalidValue(f"{fields.where}: {exc}") from None
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
            raise InvalidValue(self._damaged(_clash(exc))) from None
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


def _progress(fields: _Fields) -> float:
    """How far the article was read (version 3; before it, nothing was kept: 0)."""
    value = fields.item.get("progress")
    if value is None:
        return 0.0
    try:
        return clean_fraction(value)
    except InvalidValue:
        raise InvalidValue(f"{fields.where}: 'progress' should be a number from 0 to 1") from None


def _web_fields(fields: _Fields, body: str) -> dict[str, Any]:
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
        "author": fields.text("author", optional=True),
        "url_key": url_key(url),
        "text_fetched": fetched,
    }
