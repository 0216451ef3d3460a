"""The tree a query parses into (``reader.search.syntax``), which ``reader.search.sql``
turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Text:
    """Words to find in the full-text index: one word, a phrase, or a prefix.

    ``column`` is an indexed field (``title``, ``body``, ``note``, ``highlights``) or None
    for any of them.
    """

    text: str
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """``source:``, ``url:`` or ``author:``: ``column`` contains ``text`` (case ignored)."""

    text: str
    column: str = "source"


@dataclass(frozen=True, slots=True)
class Site:
    """``site:``: the address's host is ``host`` or a subdomain of it."""

    host: str


@dataclass(frozen=True, slots=True)
class TagFilter:
    name: str


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """``feed:ID``: the articles that feed brought."""

    feed_id: int


@dataclass(frozen=True, slots=True)
class Flag:
    """``is:``/``has:`` states: unread, read, starred, annotated, note, highlight."""

    name: str


@dataclass(frozen=True, slots=True)
class Color:
    name: str


@dataclass(frozen=True, slots=True)
class DateRange:
    """``start <= column < end``; either bound may be open. ``column`` is ``published``
    (compared as dates) or ``imported`` (compared as date-times)."""

    column: str
    start: date | datetime | None
    end: date | datetime | None


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node: TypeAlias = (Text | Source | Site | TagFilter | FeedFilter | Flag | Color | DateRange | And
                   | Or | Not)
