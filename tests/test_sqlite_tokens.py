"""What the SQLite index is given for a text splits, in FTS5 itself, into the tokens of
``index_text``: the shortcuts that hand FTS5 ASCII text as it is and Latin text as it is
folded change nothing a search finds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from reader.search.tokens import index_text
from reader.store.sqlite_tokens import TOKENIZER, fts5_text
from tests.data.languages.make_samples import HERE

# Every character of the Basic Multilingual Plane but the surrogates.
EVERY_CHARACTER = [chr(code) for code in range(0x80, 0x10000) if not 0xD800 <= code < 0xE000]


@pytest.fixture()
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    for name in ("given", "tokens"):
        conn.execute(f'CREATE VIRTUAL TABLE {name} USING fts5(t, tokenize="{TOKENIZER}")')
        conn.execute(f"CREATE VIRTUAL TABLE {name}_words USING fts5vocab({name}, 'instance')")
    yield conn
    conn.close()


def _split(conn: sqlite3.Connection, texts: list[str]) -> tuple[list[object], list[object]]:
    """The tokens FTS5 makes of each text's ``fts5_text`` and of its ``index_text``."""
    for number, text in enumerate(texts, start=1):
        conn.execute("INSERT INTO given(rowid, t) VALUES (?, ?)", (number, fts5_text(text)))
        conn.execute("INSERT INTO tokens(rowid, t) VALUES (?, ?)", (number, index_text(text)))
    found = []
    for name in ("given", "tokens"):
        found.append(conn.execute(f"SELECT doc, term FROM {name}_words ORDER BY doc, offset")
                     .fetchall())
    return found[0], found[1]


def test_every_character_splits_alike(fts: sqlite3.Connection) -> None:
    texts = [f"Ab{char}cD {char} x{char}{char}y" for char in EVERY_CHARACTER]
    given, tokens = _split(fts, texts)
    assert given == tokens
    # The shortcut is taken (Latin-1, punctuation), and only where it is safe.
    assert sum(fts5_text(text) != index_text(text) for text in texts) > 150


@pytest.mark.parametrize("name", ["zh_hans", "ja", "ko", "th", "ar", "he", "ru", "el", "km"])
def test_articles_in_every_script_split_alike(fts: sqlite3.Connection, name: str) -> None:
    text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
    given, tokens = _split(fts, [text, text.upper(), f"Café “{text[:40]}” — Zürich, 5 €"])
    assert given == tokens


def test_what_each_text_is_given_as() -> None:
    plain = "The council's e-mail, 2024: 51.4 billion."
    assert fts5_text(plain) is plain  # ASCII, as it is
    assert fts5_text("Straße in Zürich: “Café”, 5 €") == "strasse in zurich: “cafe”, 5 €"
    assert fts5_text("北京地铁将延长") == index_text("北京地铁将延长")
    assert fts5_text("Θεσσαλονίκη") == "θεσσαλονικη"
