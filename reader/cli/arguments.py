"""What the ``broadsheet`` commands share in reading their arguments: the types of an id and
a count, a command's parser with its handler, ``--json``, and the usage error that argparse
reports for arguments that parse but make no sense together.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from reader.library import Library

Handler = Callable[[Library, argparse.Namespace], int]


class UsageError(Exception):
    """Arguments that parse but make no sense together; reported like argparse's errors."""


def from_one(text: str, not_number: str, too_small: str) -> int:
    """``text`` as a whole number of 1 or more; otherwise argparse reports the message."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{not_number}: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{too_small}: {text!r}")
    return value


def article_id(text: str) -> int:
    return from_one(text, "not an article id", "not an article id")


def positive(text: str) -> int:
    return from_one(text, "not a whole number", "must be 1 or more")


def command(
    commands: Any, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
    parser.set_defaults(handler=handler, command_parser=parser)
    return parser


def json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
