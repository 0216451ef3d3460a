"""Fuzzing the two doors hostile input comes through: restore files and command arguments.

Any Unicode (lone surrogates, controls, bidi overrides, the astral planes) and any integer
(negative, 2^63, thousands of digits) must give a result or one clear line, never a
traceback, and a refused restore must leave the library empty.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import InvalidValue, Library
from tests.hostile_helpers import fill_library, make_library, run_cli

# Every code point, surrogates included: JSON escapes them, and Python decodes argv and file
# names that are not UTF-8 to lone surrogates.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=30)
HOSTILE_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(["", " ", "\x00", "\x1b[2J", "\u202e", "\ud800", "\udcff", "é" * 300,
                     "a/b", "/", "tag:x", '"', "-", "🔥", "𓀀" * 70, "2024-02-30",
                     "9999-12-31", "٣", "1_0"]),
)
ANY_INT = st.one_of(st.integers(), st.integers(min_value=2**62, max_value=2**70),
                    st.sampled_from([0, -1, 1, 2**63 - 1, 2**63, 2**53]))
# Numbers Python will not even convert (more than 4,300 digits) travel as their digits.
MANY_DIGITS = st.integers(19, 6000).map(lambda count: "9" * count)
BIG = "@@a number of thousands of digits@@"
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | ANY_INT | st.floats() | HOSTILE_TEXT | st.just(BIG),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
# Text the app stores: any character but controls, surrogates and line separators.
STORABLE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                   min_size=1, max_size=30).filter(str.strip)
FIELDS = {
    "id": st.integers(1, 50),
    "title": STORABLE,
    "body": st.just("Harbour works began on Monday after the winter storms."),
    "published": st.just("2024-05-01"),
    "source": st.none() | STORABLE,
    "path": st.none(),
    "content_hash": st.integers(0, 2**64).map(lambda number: f"{number:064x}"),
    "imported_at": st.just("2026-01-01T10:00:00"),
    "read": st.booleans(),
    "starred": st.booleans(),
    "deleted_at": st.none(),
    "tags": st.lists(STORABLE.filter(lambda name: "/" not in name), max_size=2),
    "note": st.none(),
    "progress": st.floats(0, 1),
    "highlights": st.just([{"start": 0, "end": 7, "text": "Harbour", "color": "yellow",
                            "comment": "", "created_at": "2026-01-01T00:00:00"}]),
}


@st.composite
def _articles(draw: st.DrawFn) -> dict[str, Any]:
    """An article whose fields are each valid or anything at all."""
    article = {}
    hostile = draw(st.booleans())  # half the articles are valid throughout
    for key, valid in FIELDS.items():
        choice = draw(st.integers(0, 14)) if hostile else 14
        if choice == 0:
            continue  # the field is missing
        article[key] = draw(JSON_VALUE) if choice == 1 else draw(valid)
    return article


FEED_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "id": st.integers(1, 3),
    "url": st.sampled_from(["https://example.org/feed", "http://example.net/rss"]),
    "title": STORABLE,
    "site_url": st.none() | st.just("https://example.org/"),
    "full_text": st.booleans(),
    "paused": st.booleans(),
    "added_at": st.just("2026-01-01T00:00:00"),
    "gone_at": st.none(),
    "tags": st.lists(STORABLE, max_size=2),
    "entries": st.lists(st.tuples(st.sampled_from(["a" * 64, "b" * 64]),
                                  st.none() | st.integers(1, 3)).map(list), max_size=2),
}


@st.composite
def _feeds(draw: st.DrawFn) -> dict[str, Any]:
    """A subscription whose fields are each valid or anything at all."""
    feed = {}
    hostile = draw(st.booleans())
    for key, valid in FEED_FIELDS.items():
        choice = draw(st.integers(0, 14)) if hostile else 14
        if choice == 0:
            continue
        feed[key] = draw(JSON_VALUE) if choice == 1 else draw(valid)
    return feed


@st.composite
def _documents(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 19)) == 0:
        return draw(ANY_TEXT)  # not even JSON
    document: dict[str, Any] = {"format": "broadsheet-library", "version": 3}
    if draw(st.integers(0, 9)) == 0:
        document["version"] = draw(JSON_VALUE)
    document["articles"] = draw(st.lists(_articles(), max_size=3))
    names = st.one_of(STORABLE, HOSTILE_TEXT)
    document["tags"] = draw(st.just([]) | st.lists(st.fixed_dictionaries(
        {"name": names, "color": st.none() | st.just("#aa0000") | HOSTILE_TEXT}), max_size=2)
        | JSON_VALUE)
    document["saved_searches"] = draw(st.just([]) | st.lists(st.fixed_dictionaries(
        {"name": names, "query": names}), max_size=2))
    document["feeds"] = draw(st.just([]) | st.lists(_feeds(), max_size=2) | JSON_VALUE)
    # Lone surrogates travel as \\ud800 escapes (ensure_ascii), or raw: a file that is not UTF-8.
    text = json.dumps(document, ensure_ascii=draw(st.integers(0, 9)) > 0)
    return text.replace(json.dumps(BIG), draw(MANY_DIGITS))


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    Library.open(path).close()
    return path


def _restore_or_one_line(location: str, source: Path, out: Path) -> None:
    """Restore ``source`` into the empty library at ``location``: what is restored is what
    the app would have stored, and a refusal is one printable line that leaves it empty."""
    with Library.open(location) as library:
        try:
            report = library.transfer.restore(source)
        except InvalidValue as exc:
            message = str(exc)
            assert "\n" not in message and str(source) in message, message
            message.encode("utf-8")  # printable: no lone surrogate in it
            counts = library.counts()
            assert counts.total + counts.trash == 0
            assert not library.tags() and not library.saved_searches()
            assert not library.feeds.all()
        else:
            assert report.articles == len(library.article_ids()) + library.counts().trash
            for article_id in library.article_ids():
                article = library.article(article_id)
                assert article.title.strip() and article.body.strip()
                assert 0 <= article.progress <= 1
                for mark in article.highlights:
                    assert article.body[mark.start:mark.end] == mark.text
            library.transfer.export_json(out)


def _case_folder(tmp_path: Path, text: str) -> tuple[Path, Path]:
    folder = Path(tmp_path / f"case{abs(hash(text))}")
    folder.mkdir(exist_ok=True)
    source = folder / "in.json"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    return folder, source


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_documents())
def test_any_restore_file_restores_or_is_one_line_and_changes_nothing(
    text: str, empty_template: Path, tmp_path: Path
) -> None:
    folder, source = _case_folder(tmp_path, text)
    shutil.copy(empty_template, folder / "lib.sqlite3")
    _restore_or_one_line(str(folder / "lib.sqlite3"), source, folder / "out.json")
    shutil.rmtree(folder)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=_documents())
def test_any_restore_file_on_a_server_restores_or_is_one_line(
    text: str, postgres_server: Any, tmp_path: Path
) -> None:
    """The same on PostgreSQL, whose columns refuse more (NUL, ids past 32 bits): fewer
    examples, each in a database of its own."""
    folder, source = _case_folder(tmp_path, text)
    _restore_or_one_line(postgres_server.new_database(), source, folder / "out.json")
    shutil.rmtree(folder)


# --- command arguments -----------------------------------------------------------------------

NUMBER_TEXT = st.one_of(ANY_INT.map(str), MANY_DIGITS, HOSTILE_TEXT)
COMMANDS = st.one_of(
    st.tuples(st.just("show"), NUMBER_TEXT),
    st.tuples(st.just("show"), NUMBER_TEXT, st.just("--json")),
    st.tuples(st.just("tag"), NUMBER_TEXT, st.just("--add"), HOSTILE_TEXT),
    st.tuples(st.just("tag"), NUMBER_TEXT, st.just("--remove"), HOSTILE_TEXT),
    st.tuples(st.just("note"), NUMBER_TEXT, st.just("--set"), HOSTILE_TEXT),
    st.tuples(st.just("note"), NUMBER_TEXT, st.just("--append"), HOSTILE_TEXT),
    st.tuples(st.just("set"), NUMBER_TEXT, st.sampled_from(["--title", "--date", "--source"]),
              HOSTILE_TEXT),
    st.tuples(st.just("list"), st.just("--tag"), HOSTILE_TEXT),
    st.tuples(st.just("list"), st.just("--limit"), NUMBER_TEXT),
    st.tuples(st.just("search"), HOSTILE_TEXT, st.just("--limit"), NUMBER_TEXT),
    st.tuples(st.just("search"), HOSTILE_TEXT),
    st.tuples(st.just("tags"), st.just("rename"), HOSTILE_TEXT, HOSTILE_TEXT),
    st.tuples(st.just("tags"), st.just("color"), HOSTILE_TEXT, HOSTILE_TEXT),
    st.tuples(st.just("tags"), st.just("delete"), HOSTILE_TEXT),
    st.tuples(st.just("trash"), NUMBER_TEXT),
    st.tuples(st.just("restore-from-trash"), NUMBER_TEXT),
    st.tuples(st.just("tags")),
    st.tuples(st.just("list")),
)
_ERROR_LINE = re.compile(r"broadsheet( [\w-]+)*: error: ")
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed_library(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> str:
    """The library the commands are fuzzed on, once on each engine."""
    folder = tmp_path_factory.mktemp("fuzzed")
    if request.param == "sqlite":
        location = str(make_library(folder))
    else:
        server = request.getfixturevalue("postgres_server")
        location = fill_library(server.new_database(), folder)
    with Library.open(location) as library:
        library.add_tags([1], ["news", "asia/korea"])
    return location


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=COMMANDS)
def test_any_command_arguments_give_a_result_or_one_line(
    command: tuple[str, ...], fuzzed_library: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    result = run_cli(capsys, "--library", fuzzed_library, *command)
    assert result.returncode in (0, 1, 2), result
    assert "Traceback" not in result.stderr, result.stderr
    # Whatever was stored or given, nothing printed drives the terminal or fails to encode.
    assert _RAW_CONTROL.search(result.stdout) is None, result.stdout
    result.stdout.encode("utf-8")
    if result.returncode == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and _ERROR_LINE.match(lines[0]), result.stderr
    if result.returncode == 2:
        assert _ERROR_LINE.match(result.stderr.strip().splitlines()[-1]), result.stderr
