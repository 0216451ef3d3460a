"""The search box's text, read and edited as a query: the words to mark in an article, and
the date terms the month histogram writes.

Parsing is ``reader.search.syntax``'s; this module only walks its tree and edits the text.
"""

from __future__ import annotations

import re
from datetime import date

from msgspec import Struct

from reader.search.syntax import And, Node, Not, Or, QuerySyntaxError, Text, parse
from reader.search.tokens import QueryTerms, query_terms

# date:, after: and before: terms, negated or quoted or not, where a term can start.
_DATE_TERM = re.compile(r'(?<![^\s(])-?(?:date|after|before):(?:"[^"]*"|[^\s()"]+)',
                        re.IGNORECASE)
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_BOUND = re.compile(r'(?<![^\s(])(after|before|date):"?(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?"?'
                    r"(?=[\s)]|$)", re.IGNORECASE)


class SearchTerm(Struct, frozen=True):
    """A word, phrase or prefix to find: the tokens the index looks for, in order
    (``reader.search.tokens``: folded words, pairs of CJK characters); ``prefix`` when the
    last one only has to start a token."""

    words: tuple[str, ...]
    prefix: bool = False

    def query_terms(self) -> QueryTerms:
        return QueryTerms(self.words, self.prefix)


def search_terms(text: str) -> tuple[SearchTerm, ...]:
    """The positive words, phrases and prefixes of the query ``text`` (nothing under a ``-``);
    none when it cannot be read."""
    try:
        tree = parse(text)
    except QuerySyntaxError:
        return ()
    found: list[SearchTerm] = []
    _collect(tree, found)
    unique: dict[SearchTerm, None] = dict.fromkeys(found)
    return tuple(unique)


def _collect(node: Node | None, found: list[SearchTerm]) -> None:
    if isinstance(node, And | Or):
        for item in node.items:
            _collect(item, found)
    elif isinstance(node, Text):
        terms = query_terms(node.text, node.prefix)
        if terms is not None:
            found.append(SearchTerm(terms.tokens, terms.prefix))
    elif isinstance(node, Not):
        return


def has_words(text: str) -> bool:
    """Whether the query has words to rank its results by."""
    return bool(search_terms(text))


# --- date terms -----------------------------------------------------------------------------


def without_dates(text: str) -> str:
    """``text`` without its ``date:``, ``after:`` and ``before:`` terms."""
    left = " ".join(_DATE_TERM.sub(" ", text).split())
    return re.sub(r"\(\s*\)", "", left.replace("( ", "(").replace(" )", ")")).strip()


def _month_after(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def with_months(text: str, first: str, last: str) -> str:
    """``text`` with its date terms replaced by ones for the months ``first``…``last``
    ("YYYY-MM", inclusive)."""
    terms = f"after:{first}-01 before:{_month_after(last)}-01"
    rest = without_dates(text)
    if _has_top_level_or(rest):  # "a OR b" + dates must not read "a OR (b and dates)"
        rest = f"({rest})"
    return f"{rest} {terms}" if rest else terms


def _has_top_level_or(text: str) -> bool:
    depth = 0
    for token in _TOKEN.findall(text):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif token == "OR" and depth == 0:
            return True
    return False


def chosen_months(text: str) -> tuple[str, str] | None:
    """The first and last month ("YYYY-MM") the date terms of ``text`` ask for, when they
    give a closed range; ``after:`` without ``before:`` (or the reverse) gives None."""
    start: date | None = None
    end: date | None = None  # exclusive
    for match in _BOUND.finditer(without_negations(text)):
        field, year, month = match.group(1).lower(), int(match.group(2)), match.group(3)
        try:
            first = date(year, int(month) if month else 1, 1)
        except ValueError:
            return None
        if field == "after":
            start = first
        elif field == "before":
            end = first
        else:
            start = first
            end = date(year + 1, 1, 1) if not month else date.fromisoformat(
                _month_after(f"{year:04d}-{int(month):02d}") + "-01")
    if start is None or end is None or end <= start:
        return None
    last = date(end.year - (end.month == 1), (end.month - 2) % 12 + 1, 1)
    return f"{start:%Y-%m}", f"{last:%Y-%m}"


def without_negations(text: str) -> str:
    """``text`` without ``-term`` exclusions (they never choose a range)."""
    return re.sub(r'(?<![^\s(])-(?:[A-Za-z]+:)?(?:"[^"]*"|[^\s()"]+)', " ", text)
