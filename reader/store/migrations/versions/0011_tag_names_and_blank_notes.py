"""Tag names in one Unicode form, tags that thereby become one merged; notes of blanks.

Names are now stored in NFC without zero-width characters, and keyed by that name
case-folded: ``Café`` typed with one code point or two, or with a zero-width space pasted in,
is one tag. Tags stored before may hold such forms; each gets its tidy name and key, and tags
whose keys become equal are merged into the oldest (its name, the first colour set, every
article of each). A note of nothing but blanks is no note: it is emptied, so ``has:note``
agrees with every view (the triggers' trim only trims spaces, on either engine).

Both engines run the same statements: keys are made here in Python, the merge adds article
links with ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL alike), and each engine's notes
trigger clears ``has_note`` and the search text of a note emptied here.

The normalisation is written out here rather than imported, so this revision keeps doing
what it did whatever the code does later.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def _tidy(name: str) -> str | None:
    """The name as it is stored now; None when nothing usable is left of it."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", name))
    parts = [_SPACES.sub(" ", part).strip() for part in text.split("/")]
    return None if any(not part for part in parts) else "/".join(parts)


def _parking_prefix(keys: list[str]) -> str:
    """A prefix no stored key starts with (PostgreSQL text holds no NUL, so a control
    character repeated until it is free)."""
    prefix = "\x01"
    while any(key.startswith(prefix) for key in keys):
        prefix += "\x01"
    return prefix


def _merge_tags(conn: sa.Connection) -> None:
    groups: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
    rows = conn.execute(sa.text("SELECT id, name, key, color FROM tags ORDER BY id")).all()
    parking = _parking_prefix([key for _id, _name, key, _color in rows])
    for tag_id, name, key, color in rows:
        tidy = _tidy(name)
        # A name that tidies to nothing (a zero-width space alone) keeps its name and key.
        groups[key if tidy is None else tidy.casefold()].append(
            (tag_id, name if tidy is None else tidy, color))
    keepers = []
    for key, members in groups.items():
        keeper, name, _color = members[0]
        color = next((color for _id, _name, color in members if color is not None), None)
        for other, _name, _color in members[1:]:
            # The WHERE clause also keeps SQLite from reading ON CONFLICT as part of a join.
            conn.execute(sa.text(
                "INSERT INTO article_tags (tag_id, article_id) "
                "SELECT :keeper, article_id FROM article_tags WHERE tag_id = :other "
                "ON CONFLICT DO NOTHING"
            ), {"keeper": keeper, "other": other})
            conn.execute(sa.text("DELETE FROM tags WHERE id = :other"), {"other": other})
        # Parked under a key no tag can have first: a final key may still be another
        # tag's old one until that tag's turn comes.
        conn.execute(sa.text("UPDATE tags SET key = :parked WHERE id = :id"),
                     {"parked": f"{parking}{keeper}", "id": keeper})
        keepers.append({"id": keeper, "name": name, "key": key, "color": color})
    for values in keepers:
        conn.execute(sa.text("UPDATE tags SET name = :name, key = :key, color = :color "
                             "WHERE id = :id"), values)


def _empty_blank_notes(conn: sa.Connection) -> None:
    blank = [article_id for article_id, text in
             conn.execute(sa.text("SELECT article_id, text FROM notes WHERE text <> ''"))
             if not text.strip()]
    for article_id in blank:  # the notes trigger clears has_note and the index's copy
        conn.execute(sa.text("UPDATE notes SET text = '' WHERE article_id = :id"),
                     {"id": article_id})


def upgrade() -> None:
    conn = op.get_bind()
    _merge_tags(conn)
    _empty_blank_notes(conn)


def downgrade() -> None:
    pass  # tidier names and merged tags are valid under the older revision too
