"""Everything engine-specific lives in ``reader/store``: outside it, code speaks SQLAlchemy Core
and the store's interface, so a second engine is a new module there, not edits across the tree.

The checks read the source (imports, string literals, calls), so they hold for code no test
happens to run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from reader.store.interface import sql_for
from reader.store.opening import open_store

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "reader" / "store"
# The modules of ``reader.store`` the rest of the code may use: the interface, the tables,
# cutting id lists into statements, where a library is, and the choice of an engine for it.
SHARED = {
    "reader.store",
    "reader.store.interface",
    "reader.store.schema",
    "reader.store.chunks",
    "reader.store.opening",
    "reader.store.location",
}
DRIVER_MODULES = ("sqlite3", "sqlalchemy.dialects")
# SQL text only one engine reads. Upper case for keywords: the project writes SQL that way,
# and the words also occur in user-facing text ("no articles match").
ENGINE_TEXT = re.compile(
    r"\bPRAGMA\b|sqlite_(master|schema|sequence)|\bfts[345]\b|article_fts|\bMATCH\b|bm25\("
    r"|\bOR (IGNORE|REPLACE)\b|\bNOCASE\b|\bBEGIN IMMEDIATE\b|\bAUTOINCREMENT\b",
    re.IGNORECASE,
)
CASE_SENSITIVE = {"match", "or ignore", "or replace", "nocase", "pragma", "begin immediate"}
# Methods that hand the engine text of its own (raw SQL, prefixes, collations) or build
# dialect-only statements.
ENGINE_CALLS = {"exec_driver_sql", "prefix_with", "suffix_with", "collate",
                "on_conflict_do_update", "on_conflict_do_nothing"}
# SQL functions one engine has (``casefold`` is a Python function SQLite connections get).
ENGINE_FUNCTIONS = {"casefold", "bm25", "group_concat", "highlight", "snippet"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _engine_text(value: str) -> str | None:
    for match in ENGINE_TEXT.finditer(value):
        word = match.group()
        if word.lower() in CASE_SENSITIVE and word != word.upper():
            continue
        return word
    return None


def offences(source: str, where: str) -> Iterator[str]:
    """What in ``source`` (a module outside ``reader/store``) only one engine understands."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        line = f"{where}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""])
            if isinstance(node, ast.ImportFrom) and node.module == "reader.store":
                names = [f"reader.store.{alias.name}" for alias in node.names]
            for name in names:
                if name.startswith(DRIVER_MODULES):
                    yield f"{line}: imports {name}"
                elif name.startswith("reader.store") and name not in SHARED:
                    yield f"{line}: imports {name}, behind the store's interface"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and (word := _engine_text(node.value)) is not None:
                yield f"{line}: SQL text {word!r}"
        elif isinstance(node, ast.Attribute):
            if node.attr in ENGINE_CALLS:
                yield f"{line}: calls .{node.attr}()"
            elif (node.attr in ENGINE_FUNCTIONS and isinstance(node.value, ast.Name)
                    and node.value.id == "func"):
                yield f"{line}: SQL function {node.attr}()"


def _outside_store() -> Iterator[Path]:
    yield REPO / "main.py"
    for package in ("reader", "ui"):
        for path in sorted((REPO / package).rglob("*.py")):
            if STORE not in path.parents:
                yield path


def test_nothing_outside_the_store_speaks_to_one_engine() -> None:
    found = [
        offence
        for path in _outside_store()
        for offence in offences(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    ]
    assert found == []


def test_the_scan_looks_where_the_code_is() -> None:
    scanned = {path.relative_to(REPO).as_posix() for path in _outside_store()}
    assert {"reader/catalog/articles.py", "reader/search/sql.py", "ui/dialogs/backups_dialog.py",
            "main.py"} <= scanned
    assert not any(name.startswith("reader/store/") for name in scanned)


ENGINE_SPECIFIC = [
    ("import sqlite3", "imports sqlite3"),
    ("from sqlalchemy.dialects.sqlite import insert", "imports sqlalchemy.dialects.sqlite"),
    ("from reader.store import fts", "imports reader.store.fts"),
    ("from reader.store.sqlite import SqliteStore", "imports reader.store.sqlite"),
    ("conn.exec_driver_sql('PRAGMA foreign_keys=ON')", "SQL text 'PRAGMA'"),
    ("q = \"SELECT 1 FROM sqlite_master WHERE type='table'\"", "SQL text 'sqlite_master'"),
    ("q = 'SELECT rowid FROM article_fts'", "SQL text 'article_fts'"),
    ("q = literal_column('x').op('MATCH')", "SQL text 'MATCH'"),
    ("BM25 = 'bm25(article_fts, 10.0)'", "SQL text 'bm25('"),
    ("q = insert(t).prefix_with('OR IGNORE')", "calls .prefix_with()"),
    ("key = t.c.title.collate('NOCASE')", "calls .collate()"),
    ("s = sqlite_insert(t).on_conflict_do_update(index_elements=['id'])",
     "calls .on_conflict_do_update()"),
    ("folded = func.casefold(t.c.source)", "SQL function casefold()"),
]


@pytest.mark.parametrize(("source", "expected"), ENGINE_SPECIFIC)
def test_the_scan_finds_what_only_one_engine_reads(source: str, expected: str) -> None:
    assert any(expected in offence for offence in offences(source, "m.py"))


@pytest.mark.parametrize("source", [
    '"""Search: the full-text part as one FTS5 MATCH."""',
    "message = 'no articles match'",
    "from reader.store.interface import sql_for",
    "from reader.store.schema import articles",
    "name = text.casefold()",
    "match = pattern.match(text)",
])
def test_the_scan_leaves_plain_code_alone(source: str) -> None:
    assert list(offences(source, "m.py")) == []


# --- reaching the engine from a connection --------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True])
def test_every_connection_a_store_hands_out_carries_its_engine(
    tmp_path: Path, read_only: bool
) -> None:
    path = tmp_path / "lib.sqlite3"
    open_store(path).close()  # a read-only store opens an existing library only
    store = open_store(path, read_only=read_only)
    try:
        with store.read() as conn:
            assert sql_for(conn) is store.sql
        if not read_only:
            with store.write() as conn:
                assert sql_for(conn) is store.sql
    finally:
        store.close()


def test_a_connection_no_store_opened_is_refused() -> None:
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as conn, pytest.raises(LookupError, match="not opened by"):
            sql_for(conn)
    finally:
        engine.dispose()
