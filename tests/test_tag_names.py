"""Tag names: one tag whatever their Unicode form, renames that keep whole path segments
whatever case folding does to their length, and undo that leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.command import downgrade, upgrade
from alembic.config import Config

from reader import Library
from reader.store.database import create_library_engine
from reader.store.location import ServerLocation, parse_location
from tests.hostile_helpers import fill_library

BOTH_ENGINES = True
MIGRATIONS = Path(__file__).resolve().parents[1] / "reader" / "store" / "migrations"
# The revision before names were normalised.
BEFORE = "0010"


@pytest.fixture()
def lib(library_location: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(fill_library(library_location, tmp_path))
    yield opened
    opened.close()


def _tags(lib: Library) -> dict[str, set[int]]:
    """Every tag's name with the articles carrying it (the Trash too)."""
    snapshot = lib.tag_snapshot([tag.name for tag in lib.tags()])
    return {state.name: set(state.article_ids) for state in snapshot.tags}


@pytest.mark.parametrize(
    ("parent", "child", "folded"),
    [("Straße", "Nord", "STRASSE"), ("İstanbul", "Kadıköy", "i̇stanbul"),
     ("ﬁnance", "Tax", "FINANCE"), ("ǰournal", "Ŀetters", "ǰOURNAL")],
)
def test_a_rename_keeps_the_children_whole_whatever_folding_does(
    lib: Library, parent: str, child: str, folded: str
) -> None:
    lib.add_tags([1], [parent])
    lib.add_tags([2], [f"{parent}/{child}"])
    lib.add_tags([1, 2], [f"{parent}/{child}/Deep"])
    before = lib.tag_snapshot([folded, "Road"])  # what the window's undo keeps
    lib.rename_tag(folded, "Road")
    assert _tags(lib) == {"Road": {1}, f"Road/{child}": {2}, f"Road/{child}/Deep": {1, 2}}
    assert [tag.name for tag in lib.tags()] == ["Road", f"Road/{child}", f"Road/{child}/Deep"]
    lib.restore_tag_snapshot(before)  # what undo does
    assert _tags(lib) == {parent: {1}, f"{parent}/{child}": {2},
                          f"{parent}/{child}/Deep": {1, 2}}


def test_a_rename_under_its_own_child_does_not_nest(lib: Library) -> None:
    lib.add_tags([1], ["asia"])
    lib.add_tags([2], ["asia/korea"])
    lib.add_tags([2], ["asia/korea/seoul"])
    lib.add_tags([1], ["asia/japan"])
    lib.rename_tag("asia", "asia/korea")
    assert _tags(lib) == {"asia/korea": {1, 2}, "asia/korea/seoul": {2},
                          "asia/korea/japan": {1}}


def test_a_rename_to_another_case_renames_the_subtree(lib: Library) -> None:
    lib.add_tags([1], ["asia", "asia/korea"])
    lib.rename_tag("asia", "Asia")
    assert _tags(lib) == {"Asia": {1}, "Asia/korea": {1}}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Cafe\u0301", "Café"), ("Café", "Café"), ("news\u200b", "news"),
     ("\u200bnews", "news"), ("ne\u2060ws", "news"), ("\ufeffnews", "news"),
     ("Ångström", "Ångström"), ("A\u030angstro\u0308m", "Ångström")],
)
def test_a_name_is_one_tag_whatever_its_unicode_form(
    lib: Library, typed: str, stored: str
) -> None:
    lib.add_tags([1], [stored])
    lib.add_tags([2], [typed])
    assert _tags(lib) == {stored: {1, 2}}
    assert [item.id for item in lib.search(f'tag:"{typed}"')] in ([1, 2], [2, 1])
    lib.rename_tag(typed, "renamed")
    assert _tags(lib) == {"renamed": {1, 2}}


def test_zero_width_characters_alone_are_no_name(lib: Library) -> None:
    from reader import InvalidValue

    with pytest.raises(InvalidValue):
        lib.add_tags([1], ["\u200b\u200d"])
    with pytest.raises(InvalidValue):
        lib.add_tags([1], ["asia/\u200b"])


# --- libraries stored before names were normalised ------------------------------------------


def _engine_before(location: str) -> sa.Engine:
    """An engine on the library at ``location``, put back at the revision before this one:
    a new file is migrated up to it, a server's database (made at head) down to it."""
    where = parse_location(location)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if isinstance(where, ServerLocation):
        engine = sa.create_engine(where.driver_url)
        step = downgrade
    else:
        engine = create_library_engine(where)
        step = upgrade
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        step(config, BEFORE)
    return engine


def test_upgrading_merges_tags_that_are_one_name(library_location: str) -> None:
    engine = _engine_before(library_location)
    rows = [("Café", "café", "#aa0000"), ("Cafe\u0301", "cafe\u0301", None),
            ("news\u200b", "news\u200b", None), ("News", "news", "#00aa00"),
            ("Cafe\u0301/Paris", "cafe\u0301/paris", None), ("solo", "solo", None)]
    links = [(0, 1), (1, 2), (1, 1), (2, 3), (3, 1), (4, 3), (5, 2)]
    try:
        with engine.begin() as conn:
            for number in (1, 2, 3):
                conn.execute(sa.text(
                    "INSERT INTO articles (id, title, body, content_hash, imported_at) "
                    "VALUES (:id, :title, 'Body text here', :hash, '2024-01-01 00:00:00')"
                ), {"id": number, "title": f"A{number}", "hash": f"{number:064x}"})
            ids = [conn.execute(sa.text(
                "INSERT INTO tags (name, key, color) VALUES (:name, :key, :color) RETURNING id"
            ), {"name": name, "key": key, "color": color}).scalar_one()
                for name, key, color in rows]
            for row, article_id in links:
                conn.execute(sa.text("INSERT INTO article_tags (tag_id, article_id) "
                                     "VALUES (:tag, :article)"),
                             {"tag": ids[row], "article": article_id})
            conn.execute(sa.text("INSERT INTO notes (article_id, text, updated_at) VALUES "
                                 "(3, ' \n\t', '2024-01-01 00:00:00')"))
    finally:
        engine.dispose()
    with Library.open(library_location) as library:
        # Merged into the oldest tag, under its tidied name, with the first colour set.
        assert _tags(library) == {"Café": {1, 2}, "Café/Paris": {3}, "news": {1, 3},
                                  "solo": {2}}
        assert {tag.name: tag.color for tag in library.tags()} == {
            "Café": "#aa0000", "Café/Paris": None, "news": "#00aa00", "solo": None}
        assert library.search("has:note") == []
        assert library.counts().annotated == 0
        library.add_tags([3], ["Cafe\u0301"])
        assert _tags(library)["Café"] == {1, 2, 3}
