"""Restore files that the app would never have written: each is refused in one line naming
the article and the field, and the library stays as empty as it was."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader import InvalidValue, Library
from tests.hostile_helpers import assert_refused, run_cli, run_process

BOTH_ENGINES = True
BODY = "Harbour works began on Monday after the winter storms."


def _article(number: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "id": number, "title": f"Article {number}", "body": BODY, "published": "2024-05-01",
        "source": None, "path": None, "content_hash": f"{number:064x}",
        "imported_at": "2026-01-01T10:00:00", "read": False, "starred": False,
        "deleted_at": None, "tags": [], "note": None, "highlights": [], **extra,
    }


def _mark(**extra: Any) -> dict[str, Any]:
    return {"start": 0, "end": 7, "text": "Harbour", "color": "yellow", "comment": "",
            "created_at": "2026-01-01T00:00:00", **extra}


def _document(articles: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"format": "broadsheet-library", "version": 1, "articles": articles, "tags": [],
            "saved_searches": [], **extra}


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def _is_empty(library: Library) -> bool:
    counts = library.counts()
    return (counts.total + counts.trash == 0 and not library.tags()
            and not library.saved_searches())


CASES: dict[str, tuple[str, str]] = {
    "id-2^63": (_json(_document([_article(2**63)])), "'id'"),
    "id-near-2^63": (_json(_document([_article(2**63 - 1)])), "'id'"),
    "id-zero": (_json(_document([_article(0)])), "'id'"),
    "empty-title": (_json(_document([_article(title="")])), "title"),
    "blank-title": (_json(_document([_article(title=" \n ")])), "title"),
    "long-title": (_json(_document([_article(title="t" * 1001)])), "title"),
    "empty-body": (_json(_document([_article(body="")])), "body"),
    "huge-body": (_json(_document([_article(body="x" * (5 * 1024 * 1024 + 1))])), "body"),
    "nul-body": (_json(_document([_article(body="nul\x00byte " * 3)])), "control character"),
    "esc-title": (_json(_document([_article(title="red\x1b[31m")])), "control character"),
    "c1-source": (_json(_document([_article(source="wire\x9b2J")])), "control character"),
    "nul-tag": (_json(_document([_article(tags=["a\x00b"])])), "control character"),
    "esc-note": (_json(_document([_article(
        note={"text": "\x1b[2J", "updated_at": "2026-01-01T00:00:00"})])), "control character"),
    "nul-path": (_json(_document([_article(path="in/\x00.txt")])), "path"),
    "unknown-colour": (_json(_document([_article(highlights=[_mark(color="purple")])])),
                       "colour"),
    "text-not-the-body": (_json(_document([_article(highlights=[_mark(text="Hovercraft")])])),
                          "text"),
    "long-comment": (_json(_document([_article(highlights=[_mark(comment="c" * 20_001)])])),
                     "comment"),
    "searches-differ-in-case": (_json(_document([], saved_searches=[
        {"name": "Asia", "query": "tag:asia"}, {"name": "ASIA", "query": "korea"}])),
        "saved search"),
    "tags-differ-in-case": (_json(_document([], tags=[
        {"name": "Asia", "color": "#ff0000"}, {"name": "asia", "color": "#00ff00"}])),
        "tag"),
    "lone-surrogate": (json.dumps(_document([_article(title="\ud800 title")])), "UTF-8"),
    "lone-surrogate-tag": (json.dumps(_document([_article(tags=["\udcff"])])), "UTF-8"),
    "5000-digits": ('{"format": "broadsheet-library", "version": 1, "articles": [{"id": '
                    + "9" * 5000 + "}]}", "number"),
    "5000-digit-version": ('{"format": "broadsheet-library", "version": ' + "1" * 5000
                           + ', "articles": []}', "number"),
    "deep-nesting": ('{"format": "broadsheet-library", "version": 1, "articles": ['
                     + "[" * 100_000 + "]" * 100_000 + "]}", "nested"),
    "deep-header": ('{"format": "broadsheet-library", "exported_at": '
                    + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    "zoned-stamp": (_json(_document([_article(imported_at="2026-01-01T10:00:00+05:00")])),
                    "imported_at"),
    "bad-hash": (_json(_document([_article(content_hash="not a hash")])), "content_hash"),
    "progress-above-one": (_json(_document([_article(progress=1.5)], version=3)), "progress"),
    "progress-negative": (_json(_document([_article(progress=-0.1)], version=3)), "progress"),
    "progress-nan": (json.dumps(_document([_article(progress=float("nan"))], version=3)),
                     "progress"),
    "progress-infinite": (json.dumps(_document([_article(progress=float("inf"))], version=3)),
                          "progress"),
    "progress-past-float": ('{"format": "broadsheet-library", "version": 3, "articles": ['
                            + json.dumps(_article(progress="@"))
                            .replace('"@"', "1e999") + "]}", "progress"),
    "progress-as-text": (_json(_document([_article(progress="0.5")], version=3)), "progress"),
    "progress-as-flag": (_json(_document([_article(progress=True)], version=3)), "progress"),
    "progress-5000-digits": ('{"format": "broadsheet-library", "version": 3, "articles": ['
                             + json.dumps(_article(progress="@"))
                             .replace('"@"', "1" * 5000) + "]}", "number"),
    "huge-note": (_json(_document([_article(note={
        "text": "n" * (5 * 1024 * 1024 + 1), "updated_at": "2026-01-01T00:00:00"})])), "note"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_restore_refuses_what_the_app_would_refuse(
    library: Library, tmp_path: Path, case: str
) -> None:
    text, fragment = CASES[case]
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(InvalidValue) as caught:
        library.transfer.restore(path)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400, message
    assert fragment in message, message
    assert str(path) in message
    assert _is_empty(library)


@pytest.mark.parametrize("case", ["5000-digits", "deep-nesting", "lone-surrogate", "id-2^63"])
def test_the_command_says_it_in_one_line(
    library_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(CASES[case][0], encoding="utf-8", errors="surrogatepass")
    assert_refused(run_cli(capsys, "--library", library_location, "restore", str(path)),
                   "hostile.json")


# The highest id a restore takes on each engine: half the id column's range at most.
HIGHEST = {"sqlite": 2**53 - 1, "postgresql": 2**30 - 1}


def test_after_a_restore_at_the_highest_id_imports_still_work(
    library: Library, tmp_path: Path, engine: str
) -> None:
    top = HIGHEST[engine]
    path = tmp_path / "high.json"
    path.write_text(_json(_document([_article(top + 1)])), encoding="utf-8")
    with pytest.raises(InvalidValue, match="'id'"):
        library.transfer.restore(path)
    path.write_text(_json(_document([_article(top)])), encoding="utf-8")
    library.transfer.restore(path)
    note = tmp_path / "a.txt"
    note.write_text("Apples and pears\n\nThe harvest this autumn was the largest in years.\n")
    report = library.import_paths([note], tags=["fresh"])
    assert report.imported[0].id == top + 1
    assert library.search("harvest")[0].id == top + 1
    assert [ref.name for ref in library.article(top + 1).tags] == ["fresh"]


def test_reading_progress_is_restored_when_it_is_a_fraction(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "read.json"
    path.write_text(_json(_document([_article(1, progress=0.35), _article(2, progress=1),
                                     _article(3, progress=0), _article(4)], version=3)))
    library.transfer.restore(path)
    assert [library.article(number).progress for number in (1, 2, 3, 4)] == [0.35, 1.0, 0.0,
                                                                             0.0]


def test_a_note_of_blanks_is_restored_as_no_note(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "blank.json"
    path.write_text(_json(_document([_article(note={"text": " \n\t",
                                                    "updated_at": "2026-01-01T00:00:00"})])))
    library.transfer.restore(path)
    assert library.search("has:note") == []
    assert not library.summaries([1])[0].has_note


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_restore_refuses_what_is_not_a_regular_file(
    library_location: str, tmp_path: Path, kind: str
) -> None:
    make: dict[str, Callable[[Path], Path]] = {
        "fifo": lambda p: (os.mkfifo(p), p)[1],
        "device": lambda p: Path("/dev/zero"),
        "folder": lambda p: (p.mkdir(), p)[1],
    }
    source = make[kind](tmp_path / "export.json")
    try:
        result = run_process("--library", library_location, "restore", str(source),
                             text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"restore from a {kind} hangs")
    assert_refused(result, str(source))
