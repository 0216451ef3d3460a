"""The Library front door: queries, edits, tags, notes, highlights and the search index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reader import (
    UNSET,
    ArticleQuery,
    Changes,
    Counts,
    InvalidValue,
    Library,
    NotFound,
    SortKey,
    View,
)

BOTH_ENGINES = True


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def lib(tmp_path: Path, library_location: str) -> Iterator[Library]:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", " date 2024-03-20 Zebra crossings were repainted across the city "
           "centre this week.\n\nLocal reaction\n\nResidents said the new paint was bright.\n")
    _write(folder, "b.txt", "Apples and pears\n\nThe harvest this autumn was the largest in a "
           "decade, growers said.\n")
    _write(folder, "c.txt", " date 2023-01-05 Monsoon rains arrived early over the southern "
           "coast, flooding several villages.\n")
    library = Library.open(library_location)
    report = library.import_paths([folder])
    assert len(report.imported) == 3
    yield library
    library.close()


def _ids_by_title(lib: Library) -> dict[str, int]:
    return {row.title.split()[0]: row.id for row in lib.list_articles()}


def _fts(lib: Library, match: str) -> list[int]:
    """What the full-text index finds for ``match`` (the trash is never in it)."""
    query = match.replace("highlights:", "highlight:")
    return sorted(lib.article_ids(ArticleQuery(search=query, view=View.ALL)))


def test_sort_orders_run_in_sql(lib: Library) -> None:
    by_title = [r.title[:5] for r in lib.list_articles(ArticleQuery(sort=SortKey.TITLE,
                                                                     descending=False))]
    assert by_title == ["Apple", "Monso", "Zebra"]
    newest = [r.title[:5] for r in lib.list_articles(ArticleQuery(sort=SortKey.PUBLISHED))]
    # Undated articles sort after dated ones when newest come first.
    assert newest == ["Zebra", "Monso", "Apple"]
    assert lib.article_ids(ArticleQuery(sort=SortKey.IMPORTED, descending=False)) == sorted(
        lib.article_ids()
    )


def test_counts_leave_the_trash_out_of_every_view(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.set_read([ids["Zebra"]])
    lib.set_starred([ids["Zebra"], ids["Apples"]])
    lib.add_highlight(ids["Zebra"], 0, 5)  # a highlight alone makes an article annotated
    lib.set_note(ids["Monsoon"], "rainfall")
    assert lib.counts() == Counts(total=3, unread=2, starred=2, annotated=2, trash=0)
    lib.delete_articles([ids["Zebra"]])
    assert lib.counts() == Counts(total=2, unread=2, starred=1, annotated=1, trash=1)


def test_summaries_keep_the_order_asked_and_skip_missing(lib: Library) -> None:
    ids = lib.article_ids()
    wanted = [ids[2], 999, ids[0]]
    assert [s.id for s in lib.summaries(wanted)] == [ids[2], ids[0]]


def test_views_and_counts(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.set_read([ids["Zebra"]])
    lib.set_starred([ids["Apples"]])
    lib.set_note(ids["Monsoon"], "check the rainfall figures")
    counts = lib.counts()
    assert (counts.total, counts.unread, counts.starred, counts.annotated) == (3, 2, 1, 1)
    assert set(lib.article_ids(ArticleQuery(view=View.UNREAD))) == {ids["Apples"],
                                                                    ids["Monsoon"]}
    assert lib.article_ids(ArticleQuery(view=View.STARRED)) == [ids["Apples"]]
    assert lib.article_ids(ArticleQuery(view=View.ANNOTATED)) == [ids["Monsoon"]]
    assert lib.count(ArticleQuery(view=View.UNREAD)) == 2


def test_edit_title_date_source_and_index_follows(lib: Library) -> None:
    article_id = _ids_by_title(lib)["Zebra"]
    lib.update_article(article_id, title="Road markings renewed", published=None,
                       source="City Gazette")
    article = lib.article(article_id)
    assert (article.title, article.published, article.source) == (
        "Road markings renewed", None, "City Gazette")
    assert _fts(lib, "title:markings") == [article_id]
    assert _fts(lib, "title:zebra") == []
    lib.update_article(article_id, published=date(2024, 1, 2), source=UNSET)
    assert lib.article(article_id).source == "City Gazette"
    with pytest.raises(InvalidValue):
        lib.update_article(article_id, title="   ")
    with pytest.raises(NotFound):
        lib.update_article(12345, title="x")


def test_tags_are_one_whatever_the_case(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"]], ["Korea"])
    lib.add_tags([ids["Apples"], ids["Zebra"]], ["korea", " KOREA "])
    tags = lib.tags()
    assert [(t.name, t.count) for t in tags] == [("Korea", 2)]
    lib.remove_tags([ids["Zebra"]], ["kOrEa"])
    assert [(t.name, t.count) for t in lib.tags()] == [("Korea", 1)]
    with pytest.raises(InvalidValue):
        lib.add_tags([ids["Zebra"]], ["a//b"])


def test_tag_hierarchy_filter_includes_descendants(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"]], ["asia/korea"])
    lib.add_tags([ids["Monsoon"]], ["asia / india"])
    lib.add_tags([ids["Apples"]], ["asian-food"])
    assert set(lib.article_ids(ArticleQuery(tag="Asia"))) == {ids["Zebra"], ids["Monsoon"]}
    assert lib.article_ids(ArticleQuery(tag="asia/korea")) == [ids["Zebra"]]
    assert lib.article_ids(ArticleQuery(tag="nothing")) == []


def test_rename_moves_descendants_and_merges_on_collision(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"]], ["asia/korea"])
    lib.add_tags([ids["Monsoon"]], ["asia"])
    lib.add_tags([ids["Apples"]], ["east/korea"])
    lib.rename_tag("asia", "East")
    names = {t.name: t.count for t in lib.tags()}
    assert names == {"East": 1, "east/korea": 2}


def test_merge_delete_and_colour(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"], ids["Apples"]], ["roads"])
    lib.add_tags([ids["Apples"], ids["Monsoon"]], ["transport"])
    lib.merge_tags("roads", "transport")
    assert {t.name: t.count for t in lib.tags()} == {"transport": 3}
    lib.set_tag_color("transport", "#FFAA00")
    assert lib.tags()[0].color == "#ffaa00"
    with pytest.raises(InvalidValue):
        lib.set_tag_color("transport", "orange")
    assert lib.tag_usage("transport") == 3
    assert lib.delete_tag("transport") == 3
    assert lib.tags() == []
    assert lib.article(ids["Zebra"]).tags == ()
    with pytest.raises(NotFound):
        lib.delete_tag("transport")


def test_notes_flag_the_row_and_reach_the_index(lib: Library) -> None:
    article_id = _ids_by_title(lib)["Apples"]
    assert lib.note(article_id).text == ""
    lib.set_note(article_id, "Compare with the 2019 harvest")
    lib.append_note(article_id, "Ask the growers' union")
    assert lib.note(article_id).text == "Compare with the 2019 harvest\n\nAsk the growers' union"
    assert lib.summaries([article_id])[0].has_note
    assert _fts(lib, "note:union") == [article_id]
    lib.set_note(article_id, "  ")
    assert not lib.summaries([article_id])[0].has_note
    assert _fts(lib, "note:union") == []
    with pytest.raises(NotFound):
        lib.set_note(999, "x")


def test_highlights_store_range_and_quote(lib: Library) -> None:
    article_id = _ids_by_title(lib)["Monsoon"]
    body = lib.article(article_id).body
    start = body.index("flooding")
    mark = lib.add_highlight(article_id, start, start + len("flooding several villages"),
                             "red", "source?")
    assert mark.text == "flooding several villages"
    assert lib.summaries([article_id])[0].highlight_count == 1
    assert _fts(lib, "highlights:villages") == [article_id]
    assert _fts(lib, "highlights:source") == [article_id]
    edited = lib.update_highlight(mark.id, color="blue", comment="confirmed by the agency")
    assert (edited.color, edited.comment) == ("blue", "confirmed by the agency")
    assert _fts(lib, "highlights:agency") == [article_id]
    assert [h.id for h in lib.article(article_id).highlights] == [mark.id]
    lib.remove_highlight(mark.id)
    assert lib.highlights(article_id) == []
    assert lib.summaries([article_id])[0].highlight_count == 0
    assert _fts(lib, "highlights:agency") == []
    with pytest.raises(InvalidValue):
        lib.add_highlight(article_id, 5, len(body) + 1)
    with pytest.raises(InvalidValue):
        lib.add_highlight(article_id, 7, 7)
    with pytest.raises(NotFound):
        lib.remove_highlight(mark.id)


def test_delete_moves_to_the_trash_and_back(lib: Library) -> None:
    ids = _ids_by_title(lib)
    zebra = ids["Zebra"]
    lib.add_tags([zebra], ["city"])
    lib.set_note(zebra, "pedestrian safety")
    lib.add_highlight(zebra, 0, 5, comment="kerb")
    assert lib.delete_articles([zebra]) == 1
    assert lib.delete_articles([zebra]) == 0  # already there
    assert zebra not in lib.article_ids()
    assert lib.article_ids(ArticleQuery(view=View.TRASH)) == [zebra]
    assert lib.article_ids(ArticleQuery(search="zebra")) == []
    assert lib.article_ids(ArticleQuery(tag="city")) == []
    assert [(t.name, t.count) for t in lib.tags()] == [("city", 0)]
    counts = lib.counts()
    assert (counts.total, counts.unread, counts.trash) == (2, 2, 1)
    assert _fts(lib, "zebra") == []
    assert lib.article(zebra).note.text == "pedestrian safety"  # still readable in the trash

    assert lib.restore_articles([zebra]) == 1
    assert zebra in lib.article_ids()
    assert _fts(lib, "zebra") == [zebra]
    assert _fts(lib, "note:pedestrian") == [zebra]
    assert _fts(lib, "highlights:kerb") == [zebra]
    assert lib.counts().trash == 0


def test_emptying_the_trash_removes_everything_of_the_article(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"]], ["city"])
    lib.set_note(ids["Zebra"], "note")
    lib.add_highlight(ids["Zebra"], 0, 5)
    lib.delete_articles([ids["Zebra"], ids["Apples"]])
    assert lib.empty_trash([ids["Apples"]]) == 1
    assert lib.empty_trash() == 1
    assert lib.counts().trash == 0
    assert lib.article_ids(ArticleQuery(view=View.TRASH)) == []
    with pytest.raises(NotFound):
        lib.article(ids["Zebra"])
    with pytest.raises(NotFound):
        lib.delete_articles([ids["Zebra"]])


def test_month_counts_follow_the_query(lib: Library) -> None:
    assert lib.month_counts() == [("2023-01", 1), ("2024-03", 1)]
    assert lib.month_counts(ArticleQuery(search="monsoon")) == [("2023-01", 1)]


def test_every_write_reports_what_changed(lib: Library) -> None:
    seen: list[Changes] = []
    unsubscribe = lib.subscribe(seen.append)
    article_id = _ids_by_title(lib)["Apples"]
    lib.set_starred([article_id])
    lib.add_tags([article_id], ["fruit"])
    (fruit,) = lib.tags()
    lib.add_tags([article_id], ["fruit"])  # had it already: no tag made
    lib.set_tag_color("fruit", "#aa0000")
    lib.update_article(article_id, title="Green apples")
    lib.delete_articles([article_id])
    lib.restore_articles([article_id])
    lib.rename_tag("fruit", "food")
    unsubscribe()
    lib.set_read([article_id])
    one = frozenset({article_id})
    assert seen == [
        Changes(articles=one, counts=True),
        Changes(articles=one, tags=frozenset({fruit.id}), tag_set=True),
        Changes(articles=one, tags=frozenset({fruit.id})),
        Changes(articles=one, tags=frozenset({fruit.id})),
        Changes(articles=one),
        Changes(articles=one, added=one, removed=one, counts=True),
        Changes(articles=one, added=one, removed=one, counts=True),
        Changes(articles=one, tags=frozenset({fruit.id}), tag_set=True),
    ]


def test_imports_purges_and_restores_say_which_articles_came_and_went(
    lib: Library, tmp_path: Path
) -> None:
    seen: list[Changes] = []
    lib.subscribe(seen.append)
    (tmp_path / "new.txt").write_text("A new one\n\nWith a body of text.\n")
    (made,) = lib.import_paths([tmp_path / "new.txt"]).imported
    lib.delete_articles([made.id])
    lib.empty_trash()
    lib.backups.revert_to(lib.backups.make())
    gone = frozenset({made.id})
    assert seen[0] == Changes(added=gone, counts=True)
    assert seen[2] == Changes(removed=gone, counts=True)
    assert seen[-1].everything


def test_a_failed_write_leaves_nothing_behind(lib: Library) -> None:
    ids = _ids_by_title(lib)
    with pytest.raises(NotFound):
        lib.add_tags([ids["Zebra"], 4242], ["never"])
    assert lib.tags() == []


def test_saved_searches_are_named_queries(lib: Library) -> None:
    seen: list[Changes] = []
    lib.subscribe(seen.append)
    first = lib.save_search("Korea", "tag:asia/korea")
    lib.save_search("Disputed", "color:red")
    assert [(s.name, s.query) for s in lib.saved_searches()] == [
        ("Korea", "tag:asia/korea"), ("Disputed", "color:red")]
    replaced = lib.save_search("korea", "tag:korea is:unread")
    assert replaced.id == first.id
    lib.rename_saved_search(first.id, "Peninsula")
    with pytest.raises(InvalidValue):
        lib.rename_saved_search(first.id, "disputed")
    with pytest.raises(InvalidValue):
        lib.save_search("  ", "x")
    lib.delete_saved_search(first.id)
    assert [s.name for s in lib.saved_searches()] == ["Disputed"]
    with pytest.raises(NotFound):
        lib.delete_saved_search(first.id)
    assert seen and all(change.searches for change in seen)


def test_parent_paths_count_their_subtree_once(lib: Library) -> None:
    ids = _ids_by_title(lib)
    lib.add_tags([ids["Zebra"], ids["Monsoon"]], ["asia/korea"])
    lib.add_tags([ids["Zebra"]], ["Asia/Korea/Seoul", "asia/japan"])
    lib.add_tags([ids["Apples"]], ["fruit"])
    assert lib.tag_subtree_counts() == {"asia": 2, "asia/korea": 2}
    lib.delete_articles([ids["Monsoon"]])
    assert lib.tag_subtree_counts() == {"asia": 1, "asia/korea": 1}
