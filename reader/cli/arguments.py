"""What the ``broadsheet`` commands share in reading their arguments: the types of an id and
a count, a command's parser with its handler, ``--json``, and the usage error that argparse
reports for arguments that parse but make no sense together.

Numbers are ASCII digits only: ``int`` alone would take ``٣``, ``1_0``, `` 1`` and ``+1``,
and a number past SQLite's 64-bit integers would reach the database and fail there.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from reader.library import Library
from reader.text_checks import shortened

Handler = Callable[[Library, argparse.Namespace], int]

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_SHOWN = 40


def shown(text: str) -> str:
    """``text`` quoted for a message, cut when long (a number of 5,000 digits...)."""
    return repr(shortened(text, _SHOWN))


def _number(text: str, what: str) -> int | None:
    """The value of ``text`` (None when past ``MAX_ID``); ArgumentTypeError if no number."""
    if _DIGITS.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{what}: {shown(text)}")
    digits = text.lstrip("0") or "0"
    # Only short runs of digits go through int(): Python refuses to convert 4,300 or more.
    if len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        return None
    return int(digits)


def article_id(text: str) -> int:
    """An article id: a whole number from 1 to 2^63 - 1."""
    value = _number(text, "not an article id")
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"not an article id: {shown(text)}")
    return value


def limit(text: str) -> int:
    """A count of 1 or more; any count past 2^63 - 1 means "all of them"."""
    value = _number(text, "not a whole number")
    if value is None:
        return MAX_ID
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {shown(text)}")
    return value


class UsageError(Exception):
    """Arguments that parse but make no sense together; reported like argparse's errors."""


def command(
    commands: Any, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    parser.set_defaults(handler=handler, command_parser=parser)
    return parser


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
