"""The search box's language, parsed into a small tree; ``reader.search.sql`` turns it into SQL.

One parser serves the GUI and the command line. It never touches the database, so the GUI can
check a query on every keystroke (``parse`` raising ``QuerySyntaxError`` is the inline hint).

    budget vote            both words (implicit AND; an explicit AND is accepted too)
    "city council"         the exact phrase            bud*    a prefix
    budget OR vote         either (OR binds looser than AND)   ( )  grouping
    -storm  -"heavy rain"  -tag:draft  -(a OR b)       exclusion
    title: body: note: highlight:   one full-text column
    source:NAME  url:TEXT  author:NAME  site:HOST  tag:NAME  color:NAME  feed:ID
    is:unread|read|starred|annotated|unfetched  has:note|highlight
    date:2024[-03[-20]]  after:DATE  before:DATE  imported:7d|24h|2w|3m  imported:2024-03
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TypeAlias

from msgspec import Struct

from reader.addresses import site_range
from reader.dates import period, shift_months
from reader.errors import InvalidValue
from reader.search.nodes import (
    And as And,
)
from reader.search.nodes import (
    Color as Color,
)
from reader.search.nodes import (
    DateRange as DateRange,
)
from reader.search.nodes import (
    FeedFilter as FeedFilter,
)
from reader.search.nodes import (
    Flag as Flag,
)
from reader.search.nodes import (
    Node as Node,
)
from reader.search.nodes import (
    Not as Not,
)
from reader.search.nodes import (
    Or as Or,
)
from reader.search.nodes import (
    Site as Site,
)
from reader.search.nodes import (
    Source as Source,
)
from reader.search.nodes import (
    TagFilter as TagFilter,
)
from reader.search.nodes import (
    Text as Text,
)
from reader.search.tokens import query_terms
from reader.text_checks import shortened


class QuerySyntaxError(InvalidValue):
    """The query cannot be read; the message is short enough for an inline hint."""


# --- the tree (reader.search.nodes) ----------------------------------------------------------

TEXT_FIELDS = {"title": "title", "body": "body", "note": "note", "highlight": "highlights"}
FLAG_VALUES = {
    "is": {"unread": "unread", "read": "read", "starred": "starred", "annotated": "annotated",
           "unfetched": "unfetched"},
    "has": {"note": "note", "notes": "note", "highlight": "highlight", "highlights": "highlight"},
}
FIELDS = frozenset(
    {*TEXT_FIELDS, *FLAG_VALUES, "source", "url", "author", "site", "tag", "color", "colour",
     "feed", "date", "after", "before", "imported"}
)
MAX_QUERY = 2000
# SQLite refuses expressions nested deeper than 1000; these keep every query well inside it.
MAX_DEPTH = 20
MAX_TERMS = 64


# --- tokens ---------------------------------------------------------------------------------


class _Term(Struct, frozen=True):
    """A word, prefix or phrase, with the field in front of it if any."""

    field: str | None
    value: str
    quoted: bool
    prefix: bool


class _Op(Struct, frozen=True):
    kind: str  # "(", ")", "-", "OR", "AND"


_Token: TypeAlias = _Term | _Op
_BREAK = frozenset('()"') | frozenset(" \t\r\n\f\v")
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Op(char))
            i += 1
        elif char == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")":
            tokens.append(_Op("-"))
            i += 1
        elif char == '"':
            value, i = _quoted(text, i)
            prefix, i = _star(text, i)
            tokens.append(_Term(None, value, True, prefix))
        else:
            token, i = _bare(text, i)
            tokens.append(token)
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    end = text.find('"', start + 1)
    if end < 0:
        raise QuerySyntaxError("unclosed quote")
    return text[start + 1 : end], end + 1


def _star(text: str, i: int) -> tuple[bool, int]:
    if i < len(text) and text[i] == "*":
        return True, i + 1
    return False, i


def _bare(text: str, start: int) -> tuple[_Token, int]:
    i = start
    while i < len(text) and text[i] not in _BREAK:
        i += 1
    run = text[start:i]
    if run in ("OR", "AND"):
        return _Op(run), i
    field = _FIELD.fullmatch(run)
    if field is None:
        return _word(None, run), i
    name, rest = field.group(1).lower(), field.group(2)
    if name not in FIELDS:
        raise QuerySyntaxError(f"unknown field '{field.group(1)}:'")
    if rest:
        return _word(name, rest), i
    if i < len(text) and text[i] == '"':
        value, i = _quoted(text, i)
        prefix, i = _star(text, i)
        return _Term(name, value, True, prefix), i
    raise QuerySyntaxError(f"nothing after '{name}:'")


def _word(field: str | None, run: str) -> _Term:
    stripped = run.rstrip("*")
    return _Term(field, stripped, False, len(stripped) < len(run))


# --- grammar: or_expr := and_expr (OR and_expr)*; and_expr := unary+; unary := -unary | atom --


class _Parser:
    def __init__(self, tokens: list[_Token], today: date, now: datetime) -> None:
        self._tokens = tokens
        self._at = 0
        self._depth = 0
        self._terms = 0
        self._wordless: str | None = None  # the first term dropped for having no word
        self._today = today
        self._now = now

    def _peek(self) -> _Token | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _is_op(self, kind: str) -> bool:
        token = self._peek()
        return isinstance(token, _Op) and token.kind == kind

    def parse(self) -> Node | None:
        node = self._or()
        if self._peek() is not None:
            # Only a ")" can stop the grammar early.
            raise QuerySyntaxError("unmatched ')'")
        if node is None and self._wordless is not None:
            # Symbols and punctuation are no words: beside words they separate them, but a
            # query of nothing else ("🔥", "-") would otherwise find every article.
            raise QuerySyntaxError(f"no letters or digits to search for in '{self._wordless}'")
        return node

    def _or(self) -> Node | None:
        branches = [self._and()]
        while self._is_op("OR"):
            self._at += 1
            branches.append(self._and())
        if len(branches) > 1 and any(b is _EMPTY for b in branches):
            raise QuerySyntaxError("OR needs a term on each side")
        kept = [b for b in branches if b is not None and not isinstance(b, _Empty)]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def _and(self) -> Node | _Empty | None:
        items: list[Node] = []
        seen = False
        while (token := self._peek()) is not None and not (
            isinstance(token, _Op) and token.kind in ("OR", ")")
        ):
            if isinstance(token, _Op) and token.kind == "AND":
                self._at += 1
                continue
            seen = True
            node = self._unary()
            if node is not None:
                items.append(node)
        if not seen:
            return _EMPTY
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def _unary(self) -> Node | None:
        # A loop, not recursion: "------x" must not exhaust the stack.
        negations = 0
        while self._is_op("-"):
            self._at += 1
            negations += 1
        if negations and (self._peek() is None or self._is_op("OR") or self._is_op(")")):
            return None  # a dangling "-" is punctuation
        node = self._atom()
        if node is None or negations % 2 == 0:
            return node
        return Not(node)

    def _atom(self) -> Node | None:
        token = self._peek()
        self._at += 1
        if isinstance(token, _Term):
            self._terms += 1
            if self._terms > MAX_TERMS:
                raise QuerySyntaxError(f"more than {MAX_TERMS} terms")
            node = _term_node(token, self._today, self._now)
            if node is None and self._wordless is None and _is_text(token):
                self._wordless = _shown(token)
            return node
        assert isinstance(token, _Op)
        if token.kind != "(":
            return None
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise QuerySyntaxError("too many nested parentheses")
        inner = self._or()
        self._depth -= 1
        if not self._is_op(")"):
            raise QuerySyntaxError("unclosed '('")
        self._at += 1
        return inner


class _Empty:
    """An OR branch with nothing in it at all ("a OR", "OR b")."""


_EMPTY = _Empty()


# --- terms ----------------------------------------------------------------------------------


def _is_text(term: _Term) -> bool:
    return term.field is None or term.field in TEXT_FIELDS


def _shown(term: _Term) -> str:
    value = f'"{term.value}"' if term.quoted else term.value
    shown = f"{term.field}:{value}" if term.field else value
    return shortened(shown, 40)


def has_words(text: str) -> bool:
    """Whether ``text`` has a token for the full-text index to look for
    (``reader.search.tokens``): a phrase with none would match nothing."""
    return query_terms(text) is not None


def _term_node(term: _Term, today: date, now: datetime) -> Node | None:
    field = term.field
    if field is None or field in TEXT_FIELDS:
        if not has_words(term.value):
            return None
        return Text(term.value, term.prefix, TEXT_FIELDS.get(field) if field else None)
    shown = f"{field}:{term.value}"
    if field in ("source", "url", "author"):
        return Source(term.value.strip(), field) if term.value.strip() else None
    if field == "site":
        if site_range(term.value) is None:
            raise QuerySyntaxError(f"bad site '{shown}'")
        return Site(term.value.strip())
    if field == "tag":
        return _tag(term.value, shown)
    if field == "feed":
        if not term.value.strip().isdigit() or len(term.value.strip()) > 18:
            raise QuerySyntaxError(f"bad feed '{shown}' (feed:ID, the number feeds list shows)")
        return FeedFilter(int(term.value.strip()))
    if field in FLAG_VALUES:
        value = FLAG_VALUES[field].get(term.value.lower())
        if value is None:
            raise QuerySyntaxError(f"unknown value '{shown}'")
        return Flag(value)
    if field in ("color", "colour"):
        if not term.value.strip():
            raise QuerySyntaxError(f"nothing after '{field}:'")
        return Color(term.value.strip())
    if field == "imported":
        return _imported(term.value, shown, now)
    return _published(field, term.value, shown)


def _tag(value: str, shown: str) -> TagFilter:
    # "tag:asia/" asks for the subtree explicitly; every tag filter includes it anyway.
    name = value.strip().rstrip("/").strip()
    if not name or len(name) > 200 or any(not part.strip() for part in name.split("/")):
        raise QuerySyntaxError(f"bad tag '{shown}'")
    return TagFilter(name)


# --- dates ----------------------------------------------------------------------------------

_RELATIVE = re.compile(r"([0-9]+)([hdwm])")


def _published(field: str, value: str, shown: str) -> DateRange:
    bounds = period(value)
    if bounds is None:
        raise QuerySyntaxError(f"bad date '{shown}'")
    start, end = bounds
    if field == "after":  # on or after the first day of the period
        return DateRange("published", start, None)
    if field == "before":  # strictly before the first day of the period
        return DateRange("published", None, start)
    return DateRange("published", start, end)


def _imported(value: str, shown: str, now: datetime) -> DateRange:
    relative = _RELATIVE.fullmatch(value.strip().lower())
    if relative is not None:
        digits, unit = relative.group(1).lstrip("0") or "0", relative.group(2)
        if len(digits) > 6:  # more than a million hours, days, weeks or months ago
            raise QuerySyntaxError(f"bad period '{shown}'")
        amount = int(digits)
        try:
            if unit == "m":
                since = datetime.combine(shift_months(now.date(), -amount), now.time())
            else:
                hours = {"h": 1, "d": 24, "w": 24 * 7}[unit] * amount
                since = now - timedelta(hours=hours)
        except (ValueError, OverflowError) as exc:
            raise QuerySyntaxError(f"bad period '{shown}'") from exc
        return DateRange("imported", since, None)
    bounds = period(value)
    if bounds is None:
        raise QuerySyntaxError(f"bad date '{shown}'")
    start, end = bounds
    midnight = datetime.min.time()
    return DateRange("imported", datetime.combine(start, midnight),
                     None if end is None else datetime.combine(end, midnight))


# --- entry point ----------------------------------------------------------------------------


def parse(text: str, now: datetime | None = None) -> Node | None:
    """The query's tree, or None when it asks for nothing (every article matches).

    ``now`` anchors ``imported:7d``; tests pass it, everyone else gets the current time.
    """
    if len(text) > MAX_QUERY:
        raise QuerySyntaxError(f"query longer than {MAX_QUERY} characters")
    current = now or datetime.now().replace(microsecond=0)
    # NUL and lone surrogates cannot travel to SQLite as text; they are no use in a query.
    cleaned = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    return _Parser(_tokens(cleaned), current.date(), current).parse()
