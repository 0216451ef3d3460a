"""Every edit of a library undone and redone through ``Library.apply``, without any GUI.

Each test reads what a user would see through the front door, applies an edit, applies the
reverse it gave back (undo), then the reverse of that (redo), and checks the library after
each step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reader import ArticleQuery, Changes, Library, LibraryUnavailable, NotFound, View
from reader.edits import (
    AddHighlight,
    AddTags,
    AppendNote,
    DeleteSavedSearch,
    DeleteTag,
    Done,
    Edit,
    EditDetails,
    EditHighlight,
    MergeTag,
    RemoveHighlight,
    RemoveTags,
    RenameSavedSearch,
    RenameTag,
    SaveSearch,
    SetFlag,
    SetNote,
    SetTagColor,
    Trash,
    Untrash,
)

Seen = Callable[[], Any]


BOTH_ENGINES = True


def _every_article(library: Library) -> list[int]:
    return sorted(library.article_ids() + library.article_ids(ArticleQuery(view=View.TRASH)))


def _articles(library: Library) -> Seen:
    """Everything a reader sees of every article, the Trash included."""

    def seen() -> Any:
        return [
            (a.id, a.title, a.published, a.source, a.read, a.starred, a.in_trash, a.tags,
             a.note.text, tuple((h.id, h.start, h.end, h.color, h.comment, h.created_at)
                                for h in a.highlights))
            for a in map(library.article, _every_article(library))
        ] + [(t.name, t.color, t.count) for t in library.tags()]

    return seen


def _undo_redo(library: Library, edit: Edit[Any], seen: Seen) -> Done[Any]:
    """Apply ``edit``, undo it and redo it, checking what ``seen`` reads after each."""
    before = seen()
    done = library.apply(edit)
    after = seen()
    assert after != before, f"{edit} changed nothing"
    assert done.reverse is not None
    undone = library.apply(done.reverse)
    assert seen() == before
    assert undone.reverse is not None
    redone = library.apply(undone.reverse)
    assert seen() == after
    # And once more: the redo's own reverse undoes again.
    assert redone.reverse is not None
    library.apply(redone.reverse)
    assert seen() == before
    return done


@pytest.fixture()
def ids(seeded_library: Library) -> list[int]:
    return sorted(seeded_library.article_ids())


def test_flags(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    library.set_read([ids[0]])
    done = _undo_redo(library, SetFlag(tuple(ids[:3]), "read", True), _articles(library))
    assert done.label == "Mark 3 articles read"
    assert done.changes.articles == frozenset(ids[:3])
    done = _undo_redo(library, SetFlag((ids[4],), "starred", True), _articles(library))
    assert done.label == "Star article"
    library.set_starred(ids[:2])
    _undo_redo(library, SetFlag(tuple(ids[:3]), "starred", False), _articles(library))


def test_marking_read_what_is_read_leaves_nothing_to_undo(
    seeded_library: Library, ids: list[int]
) -> None:
    seeded_library.set_read(ids)
    assert seeded_library.apply(SetFlag(tuple(ids), "read", True)).reverse is None


def test_undo_of_mark_read_keeps_those_read_before(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    library.set_read([ids[0]])
    done = library.apply(SetFlag(tuple(ids[:3]), "read", True))
    assert done.reverse is not None
    library.apply(done.reverse)
    assert [s.read for s in library.summaries(ids[:3])] == [True, False, False]


def test_tags_added_and_removed(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    library.add_tags([ids[0]], ["Asia"])
    seen = _articles(library)
    done = _undo_redo(library, AddTags(tuple(ids[:3]), ("asia", "fresh")), seen)
    assert done.label == "Add tag “asia”, “fresh” to 3 articles"
    assert "fresh" not in {t.name for t in library.tags()}  # undone: the new tag went too
    assert {t.name for t in library.article_tags(ids[0])} == {"Asia"}
    library.add_tags(ids[:2], ["Asia", "Europe"])
    done = _undo_redo(library, RemoveTags(tuple(ids[:3]), ("asia", "europe")), seen)
    assert done.label == "Remove tag “asia”, “europe” from 3 articles"


def test_adding_tags_every_article_has_leaves_nothing_to_undo(
    seeded_library: Library, ids: list[int]
) -> None:
    seeded_library.add_tags(ids[:2], ["Asia"])
    assert seeded_library.apply(AddTags(tuple(ids[:2]), ("ASIA",))).reverse is None


@pytest.fixture()
def tagged(seeded_library: Library, ids: list[int]) -> Library:
    library = seeded_library
    library.add_tags([ids[0], ids[1], ids[5]], ["Asia/Korea"])
    library.add_tags([ids[2]], ["asia/korea/seoul"])
    library.add_tags([ids[1], ids[3]], ["East"])
    library.set_tag_color("Asia/Korea", "#cc0000")
    library.delete_articles([ids[5]])
    return library


@pytest.mark.parametrize(
    ("edit", "label"),
    [
        (RenameTag("Asia/Korea", "Orient"), "Rename tag “Asia/Korea” to “Orient”"),
        (RenameTag("Asia/Korea", "east"), "Rename tag “Asia/Korea” to “east”"),
        (MergeTag("Asia/Korea", "East"), "Merge tag “Asia/Korea” into “East”"),
        (DeleteTag("Asia/Korea"), "Delete tag “Asia/Korea”"),
        (SetTagColor("Asia/Korea", "#3366CC"), "Change colour of tag “Asia/Korea”"),
        (SetTagColor("East", "#00aa00"), "Change colour of tag “East”"),
    ],
)
def test_tags_of_the_library(tagged: Library, edit: Edit[Any], label: str) -> None:
    done = _undo_redo(tagged, edit, _articles(tagged))
    assert done.label == label


def test_a_tag_undo_keeps_the_links_to_trashed_articles(tagged: Library, ids: list[int]) -> None:
    done = tagged.apply(DeleteTag("Asia/Korea"))
    assert done.value == 3
    assert done.reverse is not None
    tagged.apply(done.reverse)
    tagged.restore_articles([ids[5]])
    assert {t.name for t in tagged.article_tags(ids[5])} == {"Asia/Korea"}


def test_redoing_a_rename_keeps_tags_given_since(tagged: Library, ids: list[int]) -> None:
    done = tagged.apply(RenameTag("Asia/Korea", "Korea"))
    assert done.reverse is not None and done.reverse.moves == ("Korea", "Asia/Korea")
    undone = tagged.apply(done.reverse)
    tagged.add_tags([ids[4]], ["Asia/Korea"])  # tagged between the undo and the redo
    assert undone.reverse is not None and undone.reverse.moves == ("Asia/Korea", "Korea")
    tagged.apply(undone.reverse)
    assert ids[4] in tagged.article_ids(ArticleQuery(tag="Korea"))


def test_trash_and_back(seeded_library: Library, ids: list[int]) -> None:
    done = _undo_redo(seeded_library, Trash(tuple(ids[:2])), _articles(seeded_library))
    assert (done.label, done.value) == ("Move 2 articles to the Trash", 2)
    seeded_library.delete_articles([ids[3]])
    done = _undo_redo(seeded_library, Untrash((ids[3],)), _articles(seeded_library))
    assert done.label == "Restore article from the Trash"


def test_highlights(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    seen = _articles(library)
    done = _undo_redo(library, AddHighlight(ids[0], 0, 5, "yellow", "why"), seen)
    assert done.label == "Highlight" and done.value.text
    mark = library.add_highlight(ids[0], 2, 9, "yellow", "first")
    _undo_redo(library, EditHighlight(mark.id, color="green"), seen)
    _undo_redo(library, EditHighlight(mark.id, comment="second"), seen)
    # A removed highlight comes back under its own id, so later steps that name it apply.
    _undo_redo(library, RemoveHighlight(mark.id), seen)
    assert [h.id for h in library.highlights(ids[0])] == [mark.id]


def test_a_highlight_whose_id_was_taken_comes_back_under_a_new_one(
    seeded_library: Library, ids: list[int]
) -> None:
    library = seeded_library
    mark = library.add_highlight(ids[0], 0, 5)
    done = library.apply(RemoveHighlight(mark.id))
    # Another highlight takes the id meanwhile (SQLite gives the newest id out again; on
    # PostgreSQL a sequence never does, so it is taken on purpose).
    taker = library.apply(AddHighlight(ids[1], 0, 3, highlight_id=mark.id)).value
    assert taker.id == mark.id
    assert done.reverse is not None
    back = library.apply(done.reverse).value
    assert back.id != mark.id and (back.start, back.end) == (0, 5)
    assert {h.id for h in library.highlights(ids[1])} == {taker.id}


def test_notes(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    seen = _articles(library)
    done = _undo_redo(library, SetNote(ids[0], "first thoughts"), seen)
    assert done.label == "Edit note"
    library.set_note(ids[0], "one")
    _undo_redo(library, AppendNote(ids[0], "two"), seen)
    _undo_redo(library, SetNote(ids[0], ""), seen)


def test_details(seeded_library: Library, ids: list[int]) -> None:
    library = seeded_library
    seen = _articles(library)
    edit = EditDetails(ids[0], title="  A  new title ", published=date(2020, 2, 3),
                       source="The Paper")
    done = _undo_redo(library, edit, seen)
    assert done.label == "Edit details"
    _undo_redo(library, EditDetails(ids[1], published=None), seen)
    _undo_redo(library, EditDetails(ids[1], source="Wire"), seen)
    # Saving the details unchanged leaves nothing to undo.
    article = library.article(ids[2])
    same = EditDetails(ids[2], article.title, article.published, article.source)
    assert library.apply(same).reverse is None


def test_saved_searches(library: Library) -> None:
    def seen() -> Any:
        return library.saved_searches()

    library.save_search("Later", "is:unread")
    first = library.save_search("Korea", "korea")
    _undo_redo(library, SaveSearch("News", "tag:news"), seen)
    _undo_redo(library, SaveSearch("korea", "korea seoul"), seen)
    _undo_redo(library, RenameSavedSearch(first.id, "Peninsula"), seen)
    _undo_redo(library, DeleteSavedSearch(first.id), seen)  # back under its id, in its place


def test_listeners_hear_the_undo(seeded_library: Library, ids: list[int]) -> None:
    heard: list[Changes] = []
    seeded_library.subscribe(heard.append)
    done = seeded_library.apply(SetNote(ids[0], "text"))
    assert done.reverse is not None
    seeded_library.apply(done.reverse)
    assert [c.articles for c in heard] == [frozenset({ids[0]})] * 2


def test_a_refused_undo_changes_nothing_and_can_be_tried_again(
    seeded_library: Library, ids: list[int], tmp_path: Path
) -> None:
    library = seeded_library
    done = library.apply(AddTags(tuple(ids[:2]), ("later",)))
    assert done.reverse is not None
    with Library.open(library.location, read_only=True) as reading, \
            pytest.raises(LibraryUnavailable):
        reading.apply(done.reverse)
    assert ids[0] in library.article_ids(ArticleQuery(tag="later"))
    library.apply(done.reverse)  # tried again where it can be written
    assert "later" not in {t.name for t in library.tags()}


def test_an_undo_whose_articles_are_gone_for_good_is_refused(
    seeded_library: Library, ids: list[int]
) -> None:
    done = seeded_library.apply(Trash((ids[0],)))
    seeded_library.empty_trash()
    assert done.reverse is not None
    with pytest.raises(NotFound):
        seeded_library.apply(done.reverse)
