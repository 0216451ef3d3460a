"""Notes (one per article) and highlights (character ranges of the body)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from reader.catalog.articles import now, row, storable
from reader.errors import InvalidValue, NotFound
from reader.records import Highlight, Note
from reader.settings import DEFAULT_HIGHLIGHT_COLORS
from reader.store.interface import sql_for
from reader.store.schema import articles, highlights, notes
from reader.text_checks import check_line, check_text

MAX_COMMENT = 20_000
HIGHLIGHT_KEYS = frozenset(color.key for color in DEFAULT_HIGHLIGHT_COLORS)
# As much as an imported article's body may hold: a longer note would freeze the window.
MAX_NOTE = 5 * 1024 * 1024


_NOTE = select(notes.c.text, notes.c.updated_at).where(
    notes.c.article_id == bindparam("article_id"))
_HIGHLIGHTS = (
    select(highlights)
    .where(highlights.c.article_id == bindparam("article_id"))
    .order_by(highlights.c.start, highlights.c.id)
)


def get_note(conn: Connection, article_id: int) -> Note:
    """The article's note (empty if it has none); NotFound for an unknown article."""
    note = stored_note(conn, article_id)
    if note.updated_at is None:
        row(conn, article_id)  # raises NotFound for an unknown article
    return note


def stored_note(conn: Connection, article_id: int) -> Note:
    """The note stored for ``article_id``, or an empty one, without asking whether the
    article exists (for readers that have just read it)."""
    if not storable(conn, article_id):
        return Note("", None)
    found = conn.execute(_NOTE, {"article_id": article_id}).first()
    return Note("", None) if found is None else Note(found.text, found.updated_at)


def set_note(conn: Connection, article_id: int, text: str) -> Note:
    text = check_note(text)
    row(conn, article_id)
    stamp = now()
    values = {"article_id": article_id, "text": text, "updated_at": stamp}
    conn.execute(sql_for(conn).upsert(notes, values, keys=["article_id"]))
    return Note(text, stamp)


def _highlight(found: Any) -> Highlight:
    return Highlight(
        id=found.id,
        article_id=found.article_id,
        start=found.start,
        end=found.end,
        text=found.text,
        color=found.color,
        comment=found.comment,
        created_at=found.created_at,
    )


def list_highlights(conn: Connection, article_id: int) -> list[Highlight]:
    return [_highlight(found) for found in conn.execute(_HIGHLIGHTS, {"article_id": article_id})]


def get_highlight(conn: Connection, highlight_id: int) -> Highlight:
    if not storable(conn, highlight_id):
        raise NotFound(f"no highlight with id {highlight_id}")
    found = conn.execute(select(highlights).where(highlights.c.id == highlight_id)).first()
    if found is None:
        raise NotFound(f"no highlight with id {highlight_id}")
    return _highlight(found)


def check_color(color: str) -> str:
    """One of the four highlight colours' keys (their names are the user's, in settings)."""
    cleaned = check_line(color, "the highlight colour").strip()
    if cleaned not in HIGHLIGHT_KEYS:
        known = ", ".join(sorted(HIGHLIGHT_KEYS))
        raise InvalidValue(f"not a highlight colour: {color!r} (one of {known})")
    return cleaned


def check_comment(comment: str) -> str:
    if len(comment) > MAX_COMMENT:
        raise InvalidValue(f"comment longer than {MAX_COMMENT} characters")
    return check_text(comment, "the comment")


def check_note(text: str) -> str:
    """A note as stored: a note of blanks alone is no note (``has:note`` and every view
    agree on that), and it is at most ``MAX_NOTE`` characters."""
    if len(text) > MAX_NOTE:
        raise InvalidValue(f"the note is longer than {MAX_NOTE:,} characters")
    text = check_text(text, "the note")
    return text if text.strip() else ""


def add_highlight(
    conn: Connection,
    article_id: int,
    start: int,
    end: int,
    color: str,
    comment: str,
    *,
    highlight_id: int | None = None,
    created_at: datetime | None = None,
) -> Highlight:
    """Highlight ``body[start:end]``. ``highlight_id`` and ``created_at`` bring back a removed
    highlight as it was: under its old id when no highlight has taken it since."""
    body: str = conn.execute(
        select(articles.c.body).where(articles.c.id == article_id)
    ).scalar_one_or_none() or ""
    if not body:
        row(conn, article_id)
    if not 0 <= start < end <= len(body):
        raise InvalidValue(
            f"highlight range {start}-{end} is outside the article (0-{len(body)})"
        )
    if highlight_id is not None and conn.execute(
        select(highlights.c.id).where(highlights.c.id == highlight_id)
    ).first() is None:
        values: dict[str, Any] = {"id": highlight_id}
    else:
        values = {}
    new_id = conn.execute(
        insert(highlights)
        .values(
            **values,
            article_id=article_id,
            start=start,
            end=end,
            text=body[start:end],
            color=check_color(color),
            comment=check_comment(comment),
            created_at=created_at or now(),
        )
        .returning(highlights.c.id)
    ).scalar_one()
    return get_highlight(conn, new_id)


def edit_highlight(
    conn: Connection, highlight_id: int, color: str | None, comment: str | None
) -> Highlight:
    current = get_highlight(conn, highlight_id)
    values: dict[str, str] = {}
    if color is not None:
        values["color"] = check_color(color)
    if comment is not None:
        values["comment"] = check_comment(comment)
    if values:
        conn.execute(update(highlights).where(highlights.c.id == highlight_id).values(values))
    return get_highlight(conn, current.id)


def remove_highlight(conn: Connection, highlight_id: int) -> int:
    """Remove a highlight and return its article's id."""
    current = get_highlight(conn, highlight_id)
    conn.execute(delete(highlights).where(highlights.c.id == highlight_id))
    return current.article_id
