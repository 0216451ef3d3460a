"""Edits of what the reader adds to an article: its note and its highlights."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from reader.catalog import annotations as annotation_ops
from reader.edits.base import Done, Edit
from reader.records import Changes, Highlight, Note

if TYPE_CHECKING:
    from sqlalchemy import Connection


def _touched(article_id: int, counts: bool = True) -> Changes:
    """One article's note or highlights changed: whether it is annotated may have too."""
    return Changes(articles=frozenset({article_id}), counts=counts)


def conflict_heading(when: datetime) -> str:
    """The line between two versions of a note kept side by side."""
    return f"--- Also written here, {when:%Y-%m-%d %H:%M}, while the note above changed ---"


class SetNote(Struct, Edit[Note], frozen=True):
    """Replace an article's note (empty text clears it); its value is the note stored.

    ``base`` is the stored text the new one was written from (an editor's last load). When
    someone else changed the note since, nothing is overwritten: both texts are kept, theirs
    first, and the value says ``merged``."""

    article_id: int
    text: str
    base: str | None = None

    @property
    def label(self) -> str:
        return "Edit note"

    def run(self, conn: Connection) -> Done[Note]:
        old = annotation_ops.get_note(conn, self.article_id)  # NotFound for an unknown article
        text = self.text
        merged = self.base is not None and old.text not in (self.base, self.text)
        if merged:
            text = f"{old.text.rstrip()}\n\n{conflict_heading(datetime.now())}\n{self.text}"
        note = annotation_ops.set_note(conn, self.article_id, text)
        reverse = SetNote(self.article_id, old.text) if old.text != text else None
        return Done(self.label, _touched(self.article_id), reverse,
                    replace(note, merged=True) if merged else note)


class AppendNote(Struct, Edit[Note], frozen=True):
    """Add a paragraph to the end of an article's note."""

    article_id: int
    text: str

    @property
    def label(self) -> str:
        return "Add to note"

    def run(self, conn: Connection) -> Done[Note]:
        old = annotation_ops.get_note(conn, self.article_id).text
        joined = f"{old.rstrip()}\n\n{self.text}" if old.strip() else self.text
        note = annotation_ops.set_note(conn, self.article_id, joined)
        reverse = SetNote(self.article_id, old) if old != joined else None
        return Done(self.label, _touched(self.article_id), reverse, note)


class AddHighlight(Struct, Edit[Highlight], frozen=True):
    """Highlight ``body[start:end]``; its value is the highlight made. ``highlight_id`` and
    ``created_at`` are given by the reverse of a removal, to bring the highlight back as it
    was (under its old id when that is free, so every step that names it still applies)."""

    article_id: int
    start: int
    end: int
    color: str = "yellow"
    comment: str = ""
    highlight_id: int | None = None
    created_at: datetime | None = None

    @property
    def label(self) -> str:
        return "Highlight"

    def run(self, conn: Connection) -> Done[Highlight]:
        mark = annotation_ops.add_highlight(
            conn, self.article_id, self.start, self.end, self.color, self.comment,
            highlight_id=self.highlight_id, created_at=self.created_at,
        )
        return Done(self.label, _touched(self.article_id), RemoveHighlight(mark.id), mark)


class RemoveHighlight(Struct, Edit[Highlight], frozen=True):
    """Remove a highlight; its value is the highlight as it was."""

    highlight_id: int

    @property
    def label(self) -> str:
        return "Remove highlight"

    def run(self, conn: Connection) -> Done[Highlight]:
        mark = annotation_ops.get_highlight(conn, self.highlight_id)
        annotation_ops.remove_highlight(conn, self.highlight_id)
        reverse = AddHighlight(mark.article_id, mark.start, mark.end, mark.color, mark.comment,
                               highlight_id=mark.id, created_at=mark.created_at)
        return Done(self.label, _touched(mark.article_id, counts=False), reverse, mark)


class EditHighlight(Struct, Edit[Highlight], frozen=True):
    """Change a highlight's colour or comment (None leaves it); its value is the highlight
    as it is now."""

    highlight_id: int
    color: str | None = None
    comment: str | None = None

    @property
    def label(self) -> str:
        return "Change highlight colour" if self.comment is None else "Edit highlight comment"

    def run(self, conn: Connection) -> Done[Highlight]:
        old = annotation_ops.get_highlight(conn, self.highlight_id)
        mark = annotation_ops.edit_highlight(conn, self.highlight_id, self.color, self.comment)
        reverse = EditHighlight(
            mark.id,
            color=old.color if self.color is not None else None,
            comment=old.comment if self.comment is not None else None,
        )
        if (old.color, old.comment) == (mark.color, mark.comment):
            return Done(self.label, Changes(), None, mark)
        return Done(self.label, _touched(mark.article_id), reverse, mark)
