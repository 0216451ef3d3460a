"""The search language parsed: what each query means, and the one-line errors for what does
not parse."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from reader import InvalidValue
from reader.search.syntax import (
    And,
    Color,
    DateRange,
    Flag,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Source,
    TagFilter,
    Text,
    parse,
)

NOW = datetime(2024, 5, 1, 12, 0, 0)

PARSED: list[tuple[str, Node | None]] = [
    ("", None),
    ("   ", None),
    ("budget", Text("budget")),
    ("Budget vote", And((Text("Budget"), Text("vote")))),
    ("budget AND vote", And((Text("budget"), Text("vote")))),
    ('"city council"', Text("city council")),
    ("bud*", Text("bud", prefix=True)),
    ('"city coun"*', Text("city coun", prefix=True)),
    ("a OR b", Or((Text("a"), Text("b")))),
    ("a b OR c", Or((And((Text("a"), Text("b"))), Text("c")))),
    ("a (b OR c)", And((Text("a"), Or((Text("b"), Text("c")))))),
    ("-storm", Not(Text("storm"))),
    ('-"heavy rain"', Not(Text("heavy rain"))),
    ("-(a OR b)", Not(Or((Text("a"), Text("b"))))),
    ("--a", Text("a")),
    ("title:vote", Text("vote", column="title")),
    ('body:"two words"', Text("two words", column="body")),
    ("note:foll*", Text("foll", prefix=True, column="note")),
    ("highlight:quote", Text("quote", column="highlights")),
    ("TITLE:vote", Text("vote", column="title")),
    ("source:Reuters", Source("Reuters")),
    ('source:"AP News"', Source("AP News")),
    ("tag:asia", TagFilter("asia")),
    ("tag:asia/", TagFilter("asia")),
    ('tag:"south korea"', TagFilter("south korea")),
    ("-tag:asia", Not(TagFilter("asia"))),
    ("is:unread", Flag("unread")),
    ("is:read", Flag("read")),
    ("is:starred", Flag("starred")),
    ("is:annotated", Flag("annotated")),
    ("has:note", Flag("note")),
    ("has:highlight", Flag("highlight")),
    ("color:yellow", Color("yellow")),
    ("date:2024", DateRange("published", date(2024, 1, 1), date(2025, 1, 1))),
    ("date:2024-02", DateRange("published", date(2024, 2, 1), date(2024, 3, 1))),
    ("date:2024-12", DateRange("published", date(2024, 12, 1), date(2025, 1, 1))),
    ("date:2024-03-20", DateRange("published", date(2024, 3, 20), date(2024, 3, 21))),
    ("after:2024-03-01", DateRange("published", date(2024, 3, 1), None)),
    ("before:2024-04-01", DateRange("published", None, date(2024, 4, 1))),
    ("imported:7d", DateRange("imported", NOW - timedelta(days=7), None)),
    ("imported:24h", DateRange("imported", NOW - timedelta(hours=24), None)),
    ("imported:2w", DateRange("imported", NOW - timedelta(days=14), None)),
    ("imported:3m", DateRange("imported", datetime(2024, 2, 1, 12), None)),
    ("imported:2024-03", DateRange("imported", datetime(2024, 3, 1), datetime(2024, 4, 1))),
    # Punctuation beside words is no word: ignored, as the tokenizer would.
    ("budget - vote", And((Text("budget"), Text("vote")))),
    ("()", None),
    ("e-mail", Text("e-mail")),
    ("10:30", Text("10:30")),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse(text: str, expected: Node | None) -> None:
    assert parse(text, NOW) == expected


ERRORS = [
    ('"abc', "unclosed quote"),
    ('title:"abc', "unclosed quote"),
    ("(a b", "unclosed '('"),
    ("a b)", "unmatched ')'"),
    ("foo:bar", "unknown field 'foo:'"),
    ("date:2024-13", "bad date 'date:2024-13'"),
    ("date:2024-02-30", "bad date 'date:2024-02-30'"),
    ("after:yesterday", "bad date 'after:yesterday'"),
    ("imported:7y", "bad date 'imported:7y'"),
    ("is:sleepy", "unknown value 'is:sleepy'"),
    ("has:tags", "unknown value 'has:tags'"),
    ("+++", "no letters or digits to search for in '+++'"),
    ('"-"', """no letters or digits to search for in '"-"'"""),
    ("a OR", "OR needs a term on each side"),
    ("OR a", "OR needs a term on each side"),
    ("title:", "nothing after 'title:'"),
    ("tag:/", "bad tag 'tag:/'"),
    ("(" * 30 + "a" + ")" * 30, "too many nested parentheses"),
    (" ".join(["w"] * 70), "more than 64 terms"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text, NOW)
    assert str(caught.value) == message
    assert isinstance(caught.value, InvalidValue)
