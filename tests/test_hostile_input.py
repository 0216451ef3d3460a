"""Hostile input, built here: every file is imported or refused with a precise reason."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest

from reader import Library
from tests.conftest import run_unprivileged

PROSE = "The council met on Tuesday and agreed the new budget after a long debate. "


def _build(root: Path) -> dict[str, str | None]:
    """Write the corpus; map each file name to the word its refusal names (None: imported)."""
    root.mkdir()
    cases: dict[str, tuple[bytes, str | None]] = {
        "zero.txt": (b"", "empty"),
        "binary.txt": (bytes(range(256)) * 20, "binary"),
        "nul-in-text.txt": (b"Headline\n\nSome text\x00with a NUL byte " * 20, "binary"),
        "broken-utf8.txt": (("Caf\u00e9 society\n\n" + PROSE * 3).encode() + b"\xff\xfe\xc3", None),
        "utf16-no-bom.txt": (("Tide tables\n\n" + PROSE * 3).encode("utf-16-le"), None),
        "one-long-line.txt": ((PROSE * 14_000)[:1_000_000].encode(), None),
        "many-lines.txt": (("word one two\n" * 100_000).encode(), None),
        "rtl.txt": (("مرحبا بالعالم\n\n" + "هذا نص عربي طويل بما يكفي ليكون مقالا. " * 5).encode(),
                    None),
        "combining.txt": (("Cafe\u0301 te\u0301le\u0301\n\n" + PROSE * 3).encode(), None),
        "html.txt": (("<h1>Title</h1>\n\n<script>alert('x')</script> " + PROSE).encode(), None),
        "controls.txt": (("Bell\x07 and\x1b[31m escape\n\n" + PROSE * 2).encode(), None),
        "only-punctuation.txt": (b"!!! ??? ... --- ***\n" * 10, "no words"),
        "short.txt": (b"Just three words", "too short"),
    }
    if os.name == "posix":
        cases["new\nline 🦆.txt"] = (("Ducks\n\n" + PROSE * 2).encode(), None)
    for name, (data, _) in cases.items():
        (root / name).write_bytes(data)
    expected: dict[str, str | None] = {name: reason for name, (_, reason) in cases.items()}

    big = root / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    expected["huge.txt"] = "limit"

    deep = root
    for level in range(60):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Deep down\n\n" + PROSE * 2)
    expected["deep.txt"] = None

    loop = root / "loop"
    loop.mkdir()
    os.symlink(root, loop / "back-to-root")
    return expected


@pytest.mark.slow  # the 100,000-line file alone takes the parser seconds
def test_each_hostile_file_gets_a_precise_result(tmp_path: Path) -> None:
    expected = _build(tmp_path / "hostile")
    with Library.open(tmp_path / "lib.sqlite3") as lib:
        tracemalloc.start()
        report = lib.import_paths([tmp_path / "hostile"])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        results = {Path(i.path).name: None for i in report.imported}
        results.update({Path(f.path).name: f.reason for f in report.failed})
        assert set(results) == set(expected), "a file was skipped or reported twice"
        for name, reason_word in expected.items():
            if reason_word is None:
                assert results[name] is None, f"{name!r} refused: {results[name]}"
            else:
                assert results[name] is not None, f"{name!r} was imported"
                assert reason_word in results[name], f"{name!r}: {results[name]}"
        # The 100 MB file is refused by its size, never read: peak stays far below it.
        assert peak < 60 * 1024 * 1024

        by_name = {Path(i.path).name: i.id for i in report.imported}
        html = lib.article(by_name["html.txt"])
        assert "<script>alert('x')</script>" in html.body  # kept as text, never interpreted
        assert "\x07" not in lib.article(by_name["controls.txt"]).body
        assert "\u00e9" in lib.article(by_name["combining.txt"]).title  # NFC
        assert "Café" in lib.article(by_name["broken-utf8.txt"]).title
        assert lib.article(by_name["utf16-no-bom.txt"]).title == "Tide tables"


def test_a_file_without_read_permission_is_refused(open_folder: Path) -> None:
    locked = open_folder / "locked.txt"
    locked.write_text("Secret\n\n" + PROSE)
    locked.chmod(0)
    fine = open_folder / "fine.txt"
    fine.write_text("Open\n\n" + PROSE)
    library = open_folder / "lib.sqlite3"
    Library.open(library).close()  # made (and migrated) here; the import runs as a user
    for path in open_folder.iterdir():
        if path.name.startswith("lib"):
            path.chmod(0o666)
    result = run_unprivileged(
        f"sys.exit(main(['--library', {str(library)!r}, 'import', {str(open_folder)!r}, "
        "'--json']))",
        "import json\nfrom reader.cli.main import main\n"
        "import reader.importing.importer, reader.importing.parse_pool",
    )
    report = json.loads(result.stdout)
    assert [Path(item["path"]).name for item in report["imported"]] == ["fine.txt"]
    assert report["failed"] == [{"path": str(locked), "reason": "unreadable: permission denied"}]
