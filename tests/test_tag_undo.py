"""Tag snapshots: a rename, merge, recolour or delete of a tag taken back exactly.

Each test reads the library's tags through the front door before and after: names as written,
colours, and the articles carrying each tag, those in the Trash too.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from reader import ArticleQuery, Changes, Library, View

TagsSeen = dict[str, tuple[str | None, frozenset[int]]]


BOTH_ENGINES = True


def _every_article(library: Library) -> list[int]:
    return library.article_ids() + library.article_ids(ArticleQuery(view=View.TRASH))


def _tags_seen(library: Library) -> TagsSeen:
    """Every tag by name (as written): its colour and the articles carrying it."""
    carrying: dict[str, set[int]] = defaultdict(set)
    for article_id in _every_article(library):
        for ref in library.article_tags(article_id):
            carrying[ref.name].add(article_id)
    return {tag.name: (tag.color, frozenset(carrying[tag.name])) for tag in library.tags()}


@pytest.fixture()
def tagged(seeded_library: Library) -> tuple[Library, list[int]]:
    """Six articles under ``Asia``, ``Asia/Korea``, ``asia/japan``, ``East`` and ``east/korea``;
    the last article, in the Trash, carries ``Asia/Korea`` and ``East``."""
    library = seeded_library
    ids = sorted(library.article_ids())
    a, b, c, d, e, f = ids
    library.add_tags([a], ["Asia"])
    library.add_tags([a, b, f], ["Asia/Korea"])
    library.add_tags([c], ["asia/japan"])
    library.add_tags([d, f], ["East"])
    library.add_tags([a, e], ["east/korea"])
    library.set_tag_color("Asia", "#AA0000")
    library.set_tag_color("East", "#00bb00")
    library.delete_articles([f])
    return library, ids


def test_a_rename_and_its_descendants_come_back(tagged: tuple[Library, list[int]]) -> None:
    library, ids = tagged
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["Asia", "Orient"])
    library.rename_tag("Asia", "Orient")
    renamed = _tags_seen(library)
    assert {"Orient", "Orient/Korea", "Orient/japan"} <= set(renamed)
    assert not {"Asia", "Asia/Korea", "asia/japan"} & set(renamed)

    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    assert before["Asia/Korea"][1] == {ids[0], ids[1], ids[5]}  # the trashed one too


def test_a_rename_onto_an_existing_tag_is_unmerged(tagged: tuple[Library, list[int]]) -> None:
    library, ids = tagged
    a, b, _c, d, e, f = ids
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["Asia", "east"])
    library.rename_tag("Asia", "east")
    merged = _tags_seen(library)
    assert merged["East"][1] == {a, d, f}
    assert merged["east/korea"][1] == {a, b, e, f}
    assert "east/japan" in merged

    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    # Articles that only carried the renamed tags lose the target again; ``a`` had both.
    assert before["east/korea"][1] == {a, e}
    assert {t.name for t in library.article_tags(b)} == {"Asia/Korea"}
    assert {t.name for t in library.article_tags(a)} == {"Asia", "Asia/Korea", "east/korea"}


def test_a_merge_gives_back_the_source_and_the_targets_own_articles(
    tagged: tuple[Library, list[int]],
) -> None:
    library, ids = tagged
    a, b, _c, _d, e, f = ids
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["Asia/Korea", "east/korea"], subtrees=False)
    library.merge_tags("Asia/Korea", "east/korea")
    merged = _tags_seen(library)
    assert "Asia/Korea" not in merged
    assert merged["east/korea"][1] == {a, b, e, f}

    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    assert {t.name for t in library.article_tags(f)} == {"Asia/Korea", "East"}


def test_a_colour_comes_back(tagged: tuple[Library, list[int]]) -> None:
    library, _ids = tagged
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["asia", "east"], subtrees=False)
    library.set_tag_color("Asia", "#123456")
    library.set_tag_color("East", None)
    assert _tags_seen(library) != before

    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    assert {t.name: t.color for t in library.tags()}["Asia"] == "#aa0000"


def test_a_deleted_tag_comes_back_with_its_trashed_articles(
    tagged: tuple[Library, list[int]],
) -> None:
    library, ids = tagged
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["ASIA/KOREA"], subtrees=False)
    assert library.delete_tag("Asia/Korea") == 3
    assert "Asia/Korea" not in _tags_seen(library)

    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    library.restore_articles([ids[5]])  # out of the Trash, it still carries the tag
    assert set(library.article_ids(ArticleQuery(tag="asia/korea"))) == {ids[0], ids[1], ids[5]}


def test_a_subtree_snapshot_leaves_tags_outside_it_alone(
    tagged: tuple[Library, list[int]],
) -> None:
    library, ids = tagged
    snapshot = library.tag_snapshot(["Asia"], subtrees=False)
    assert [state.name for state in snapshot.tags] == ["Asia"]
    library.add_tags([ids[4]], ["Asia", "Asia/Korea"])
    library.restore_tag_snapshot(snapshot)
    seen = _tags_seen(library)
    assert ids[4] not in seen["Asia"][1]  # covered: back as it was
    assert ids[4] in seen["Asia/Korea"][1]  # not covered: kept


def test_a_name_with_no_tag_yet_is_covered(tagged: tuple[Library, list[int]]) -> None:
    library, ids = tagged
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["fresh"])
    assert snapshot.tags == ()
    library.add_tags([ids[0]], ["Fresh", "fresh/sub"])
    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before


def test_articles_emptied_from_the_trash_are_not_linked_again(
    tagged: tuple[Library, list[int]],
) -> None:
    library, ids = tagged
    snapshot = library.tag_snapshot(["Asia/Korea"], subtrees=False)
    library.delete_tag("Asia/Korea")
    library.empty_trash()
    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library)["Asia/Korea"] == (None, frozenset(ids[:2]))


def test_tag_changes_name_the_articles_whose_tags_they_change(
    tagged: tuple[Library, list[int]],
) -> None:
    library, ids = tagged
    a, b, c, d, e, f = ids
    heard: list[Changes] = []
    library.subscribe(heard.append)
    snapshot = library.tag_snapshot(["Asia", "east"])

    library.rename_tag("Asia", "east")
    library.restore_tag_snapshot(snapshot)
    library.set_tag_color("east/korea", "#0000ff")
    library.merge_tags("asia/japan", "East")
    library.delete_tag("East")

    assert all(change.tags or change.tag_set for change in heard)
    assert [set(change.articles) for change in heard] == [
        {a, b, c, f},  # carried a renamed tag
        {a, b, c, f},  # got them back (``d`` and ``e`` only kept the tags they had)
        {a, e},
        {c},
        {c, d, f},
    ]


def test_a_rename_of_the_newest_tag_comes_back_with_its_articles(
    seeded_library: Library,
) -> None:
    """SQLite gives a new tag the id of the newest tag deleted just before: the tag made
    again under the old name must not be taken for the one the rename made."""
    library = seeded_library
    ids = sorted(library.article_ids())
    library.add_tags(ids[:4], ["longread"])  # the only tag: the newest id
    before = _tags_seen(library)
    snapshot = library.tag_snapshot(["longread", "long read"])
    library.rename_tag("longread", "long read")
    library.restore_tag_snapshot(snapshot)
    assert _tags_seen(library) == before
    assert [(tag.name, tag.count) for tag in library.tags()] == [("longread", 4)]
