"""The article list's columns, and what each cell of a row says: its text, its tooltip and
what a screen reader reads out."""

from __future__ import annotations

from enum import IntEnum

from reader import ArticleSummary, SortKey
from reader.addresses import site_of
from reader.text_direction import contained


class Column(IntEnum):
    TITLE = 0
    DATE = 1
    SOURCE = 2
    TAGS = 3
    STAR = 4
    MARKS = 5


COLUMN_COUNT = len(Column)

HEADERS = {
    Column.TITLE: "Title",
    Column.DATE: "Date",
    Column.SOURCE: "Source",
    Column.TAGS: "Tags",
    Column.STAR: "★",
    Column.MARKS: "Notes",
}
HEADER_TIPS = {
    Column.STAR: "Starred",
    Column.MARKS: "Has a note or highlights",
}
SORT_KEYS: dict[Column, SortKey] = {
    Column.TITLE: SortKey.TITLE,
    Column.DATE: SortKey.PUBLISHED,
    Column.SOURCE: SortKey.SOURCE,
}
NOT_FETCHED = "(text not fetched)"  # after an entry's title: its address came, not its text
# Scrolled less than the first, an article is hardly begun; past the second, it is finished.
PART_WAY = (0.02, 0.98)


def column_for_sort(key: SortKey) -> Column | None:
    for column, sort_key in SORT_KEYS.items():
        if sort_key is key:
            return column
    return None


def read_part_way(summary: ArticleSummary) -> bool:
    """Whether the article is begun and not finished: the list marks how far."""
    return PART_WAY[0] <= summary.progress < PART_WAY[1]


def marker_text(summary: ArticleSummary) -> str:
    parts = []
    if summary.has_note:
        parts.append("✎")
    if summary.highlight_count:
        parts.append(f"▌{summary.highlight_count}")
    return " ".join(parts)


def display_text(summary: ArticleSummary, column: Column) -> str:
    if column is Column.TITLE:
        title = contained(summary.title)
        return title if summary.text_fetched else f"{title} {NOT_FETCHED}"
    if column is Column.DATE:
        return summary.published.isoformat() if summary.published else ""
    if column is Column.SOURCE:  # the site: a saved page's name for it, else its host
        return summary.source or site_of(summary.url) or ""
    if column is Column.TAGS:
        return ", ".join(tag.name for tag in summary.tags)
    if column is Column.STAR:
        return "★" if summary.starred else "☆"
    return marker_text(summary)


def tooltip_text(summary: ArticleSummary, column: Column) -> str | None:
    if column is Column.TITLE:
        return display_text(summary, column)
    if column is Column.SOURCE and summary.url:
        return summary.url
    if column is Column.MARKS:
        bits = []
        if summary.has_note:
            bits.append("has a note")
        if summary.highlight_count:
            plural = "s" if summary.highlight_count != 1 else ""
            bits.append(f"{summary.highlight_count} highlight{plural}")
        return ", ".join(bits).capitalize() or None
    if column is Column.TAGS and summary.tags:
        return ", ".join(tag.name for tag in summary.tags)
    return None


def accessible_text(summary: ArticleSummary, column: Column) -> str:
    if column is Column.STAR:
        return "Starred" if summary.starred else "Not starred"
    if column is Column.MARKS:
        return tooltip_text(summary, column) or "No annotations"
    text = display_text(summary, column)
    if column is not Column.TITLE:
        return text
    if read_part_way(summary):
        text = f"{text} (read {summary.progress:.0%})"  # the bar under the title, said
    return text if summary.read else f"{text} (unread)"
