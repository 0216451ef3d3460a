"""Subscription lists in OPML 1.0/2.0, the format every feed reader imports and exports.

Reading uses defusedxml: an OPML file comes from anywhere (another reader, a web page), and
it refuses entity declarations and DTDs outright, so an entity bomb or an external entity is
a one-line error whatever the expat the interpreter links. Each ``outline`` with an
``xmlUrl`` is a feed; the titles of the outlines around it (folders) become its tags, as do
the names in its ``category`` attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from msgspec import Struct

from reader.addresses import web_url
from reader.errors import InvalidValue
from reader.feeds.records import Feed

# An OPML file of ten thousand feeds is a few MB.
MAX_OPML_BYTES = 20 * 1024 * 1024


class Outline(Struct, frozen=True):
    url: str
    title: str | None
    site_url: str | None
    tags: tuple[str, ...]


def read_opml(path: Path) -> list[Outline]:
    """The feeds an OPML file lists, each once, in its order. InvalidValue with the reason
    when the file cannot be read or is not OPML."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_OPML_BYTES:
        raise InvalidValue(f"{path} is too large to be a list of feeds")
    return parse_opml(data, str(path))


def parse_opml(data: bytes, name: str = "the file") -> list[Outline]:
    import defusedxml.ElementTree as SafeTree
    from defusedxml import DefusedXmlException

    try:
        root = SafeTree.fromstring(data)
    except DefusedXmlException as exc:
        raise InvalidValue(f"{name} is refused: it declares XML entities or a DTD "
                           f"({type(exc).__name__})") from exc
    except ElementTree.ParseError as exc:
        raise InvalidValue(f"{name} is not OPML: the XML cannot be read ({exc})") from exc
    if _local(root.tag) != "opml":
        raise InvalidValue(f"{name} is not OPML (it has no <opml> element)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise InvalidValue(f"{name} is not OPML (it has no <body>)")
    found: dict[str, Outline] = {}
    _collect(body, (), found)
    return list(found.values())


def _collect(parent: ElementTree.Element, folders: tuple[str, ...],
             found: dict[str, Outline]) -> None:
    for outline in parent:
        if _local(outline.tag) != "outline":
            continue
        title = _attribute(outline, "title") or _attribute(outline, "text")
        url = web_url(_attribute(outline, "xmlUrl") or "")
        if url is not None:
            categories = [part.strip() for value in (_attribute(outline, "category") or "")
                          .split(",") for part in [value.strip().strip("/")] if part.strip()]
            tags = tuple(dict.fromkeys([*folders, *categories]))
            site = web_url(_attribute(outline, "htmlUrl") or "")
            found.setdefault(url, Outline(url, title, site, tags))
        _collect(outline, (*folders, title) if title and url is None else folders, found)


def write_opml(feeds: list[Feed], path: Path) -> None:
    """Write ``feeds`` as OPML 2.0, each under an outline of its first tag (a folder)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = "Broadsheet subscriptions"
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {}
    for feed in feeds:
        parent = body
        if feed.tags:
            folder = feed.tags[0]
            if folder not in folders:
                folders[folder] = ElementTree.SubElement(body, "outline", text=folder,
                                                         title=folder)
            parent = folders[folder]
        attributes = {"type": "rss", "text": feed.title, "title": feed.title,
                      "xmlUrl": feed.url}
        if feed.site_url:
            attributes["htmlUrl"] = feed.site_url
        if len(feed.tags) > 1:
            attributes["category"] = ",".join(feed.tags[1:])
        ElementTree.SubElement(parent, "outline", attributes)
    ElementTree.indent(root)
    temporary = path.with_name(path.name + ".tmp")
    try:
        ElementTree.ElementTree(root).write(temporary, encoding="utf-8", xml_declaration=True)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidValue(f"cannot write {path}: {exc.strerror or exc}") from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    value = element.get(name)
    if value is None:  # some writers lower-case attribute names
        value = element.get(name.lower())
    value = " ".join(value.split()) if value else ""
    return value or None
