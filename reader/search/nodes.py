"""The tree a query parses into (``reader.search.syntax``), which ``reader.search.sql``
turns into SQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias

from msgspec import Struct


class Text(Struct, frozen=True):
    """Words to find in the full-text index: one word, a phrase, or a prefix.

    ``column`` is an indexed field (``title``, ``body``, ``note``, ``highlights``) or None
    for any of them.
    """

    text: str
    prefix: bool = False
    column: str | None = None


class Source(Struct, frozen=True):
    """``source:``, ``url:`` or ``author:``: ``column`` contains ``text`` (case ignored)."""

    text: str
    column: str = "source"


class Site(Struct, frozen=True):
    """``site:``: the address's host is ``host`` or a subdomain of it."""

    host: str


class TagFilter(Struct, frozen=True):
    name: str


class FeedFilter(Struct, frozen=True):
    """``feed:ID``: the articles that feed brought."""

    feed_id: int


class Flag(Struct, frozen=True):
    """``is:``/``has:`` states: unread, read, starred, annotated, note, highlight."""

    name: str


class Color(Struct, frozen=True):
    name: str


class DateRange(Struct, frozen=True):
    """``start <= column < end``; either bound may be open. ``column`` is ``published``
    (compared as dates) or ``imported`` (compared as date-times)."""

    column: str
    start: date | datetime | None
    end: date | datetime | None


class And(Struct, frozen=True):
    items: tuple[Node, ...]


class Or(Struct, frozen=True):
    items: tuple[Node, ...]


class Not(Struct, frozen=True):
    item: Node


Node: TypeAlias = (Text | Source | Site | TagFilter | FeedFilter | Flag | Color | DateRange | And
                   | Or | Not)
