"""Notes and highlights as Markdown: escaping, file names, and one article's section.

Everything taken from an article (title, source, tags, note, quoted text, comments) is
escaped line by line, so that a ``#``, ``*`` or ``<script>`` in it shows as written instead
of becoming a heading, emphasis or HTML: the document's structure is only what we write.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reader.settings import HighlightColor

# Characters with a meaning anywhere in a line (CommonMark plus the common GitHub extensions:
# tables, strikethrough, math). Backslash-escaping any ASCII punctuation is always allowed.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&|~#$])")
# Meaningful only at the start of a line: list bullets, setext underlines, ordered lists.
_BULLET = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_WORDS = re.compile(r"\w+")
SLUG_LENGTH = 60
# Bytes, in UTF-8: with "-<id>.md" and the temporary ".part" name an export writes first, a
# file name stays far below the 255 bytes file systems allow.
SLUG_BYTES = 120


def escape_line(line: str) -> str:
    """One line of plain text made inert. Leading blanks go: four would start a code block."""
    text = _ANYWHERE.sub(r"\\\1", line.strip())
    text = _BULLET.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def _one_line(text: str) -> str:
    return escape_line(" ".join(text.split()))


def text_block(text: str) -> list[str]:
    """Plain text as Markdown lines: blank lines still part paragraphs, and each line break
    inside a paragraph stays one (a trailing backslash), so a note reads as it was typed."""
    paragraphs: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = escape_line(raw)
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    lines: list[str] = []
    for paragraph in (p for p in paragraphs if p):
        if lines:
            lines.append("")
        lines += [line + "\\" for line in paragraph[:-1]] + [paragraph[-1]]
    return lines


def quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text_block(text)]


def _fits(text: str) -> bool:
    return len(text) <= SLUG_LENGTH and len(text.encode("utf-8")) <= SLUG_BYTES


def slug(title: str) -> str:
    """Lower-case words joined by hyphens: letters and digits only (any script), so the name
    is valid on Windows, macOS and Linux alike, and short in bytes as well as in characters
    (file systems count bytes: 60 letters of a four-byte script are 240)."""
    words = _WORDS.findall(unicodedata.normalize("NFKC", title).lower().replace("_", " "))
    joined = ""
    for word in words:
        candidate = f"{joined}-{word}" if joined else word
        if not _fits(candidate):
            break
        joined = candidate
    if joined or not words:
        return joined or "article"
    cut = words[0][:SLUG_LENGTH]
    while not _fits(cut):
        cut = cut[:-1]
    return cut or "article"


def file_name(title: str, article_id: int) -> str:
    # The id keeps names unique, also where file names ignore case, and never a reserved name.
    return f"{slug(title)}-{article_id}.md"


def digest_header(count: int, when: datetime) -> str:
    noun = "article" if count == 1 else "articles"
    return f"# Notes and highlights\n\n{count} {noun}, exported {when:%Y-%m-%d %H:%M}.\n"


def _grouped(
    marks: Sequence[dict[str, Any]], palette: Sequence[HighlightColor]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Highlights by colour, in the palette's order; colours it does not know come last."""
    order = {color.key: index for index, color in enumerate(palette)}
    names = {color.key: color.name for color in palette}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mark in marks:
        groups[mark["color"]].append(mark)
    keys = sorted(groups, key=lambda key: (order.get(key, len(order)), key))
    return [(names.get(key) or key, groups[key]) for key in keys]


def _metadata(record: dict[str, Any]) -> list[str]:
    lines = []
    if record["published"]:
        lines.append(f"- Date: {record['published']}")
    if record["source"]:
        lines.append(f"- Source: {_one_line(record['source'])}")
    if record.get("author"):
        lines.append(f"- Author: {_one_line(record['author'])}")
    if record.get("url"):
        lines.append(f"- URL: {_address(record['url'])}")
    if record.get("text_fetched") is False:
        lines.append("- Text: not fetched")
    if record["tags"]:
        lines.append(f"- Tags: {', '.join(_one_line(name) for name in record['tags'])}")
    return [*lines, ""] if lines else []


def _address(url: str) -> str:
    """An autolink, which shows the address as written and links it; an address with
    characters an autolink cannot hold is escaped text instead."""
    if any(char in url for char in "<> \t\n") or any(ord(char) < 32 for char in url):
        return _one_line(url)
    return f"<{url}>"


def _highlight_lines(
    marks: Sequence[dict[str, Any]], palette: Sequence[HighlightColor], level: int
) -> list[str]:
    if not marks:
        return []
    lines = ["#" * (level + 1) + " Highlights", ""]
    for name, group in _grouped(marks, palette):
        lines += ["#" * (level + 2) + f" {_one_line(name)}", ""]
        for mark in group:
            # The blank line keeps the comment out of the quote (lazy continuation).
            lines += [*quote(mark["text"]), ""]
            if mark["comment"].strip():
                lines += [*text_block(mark["comment"]), ""]
    return lines


def render_article(
    record: dict[str, Any], palette: Sequence[HighlightColor], level: int = 1
) -> str:
    """One article's title (a heading of ``level``), details, note and highlights."""
    title = _one_line(record["title"]) or "Untitled"
    lines = ["#" * level + f" {title}", "", *_metadata(record)]
    note = record["note"]
    if note is not None and note["text"].strip():
        lines += ["#" * (level + 1) + " Note", "", *text_block(note["text"]), ""]
    lines += _highlight_lines(record["highlights"], palette, level)
    return "\n".join(lines).rstrip("\n") + "\n"
