"""Decoding a saved web page: its byte-order mark, the charset it declares, or a guess.

Browsers read a page by the same precedence: a BOM wins, then what the transport said (for
an MHTML part, its Content-Type), then ``<meta charset>`` or the XML declaration near the top,
and only then a guess. The guess is the one text files get (UTF-8, else cp1252 unless the
detector has strong evidence for another code page).
"""

from __future__ import annotations

import codecs
import re

from reader.importing.decoding import decode_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers look for the declaration in the first 1024 bytes; saved pages sometimes put a
# comment or a long <title> first, so a little more is searched.
_PRESCAN_BYTES = 16 * 1024
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(
    rb"""<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE
)

# The web reads these labels as windows-1252 (the WHATWG Encoding Standard): pages that say
# latin-1 routinely contain cp1252's curly quotes and dashes.
_AS_CP1252 = frozenset({"ascii", "latin_1", "iso8859_1", "cp1252"})
# A page whose bytes are ASCII-compatible cannot really be UTF-16 whatever it declares
# (the declaration was copied from a page saved in another form); browsers take UTF-8.
_UTF16 = frozenset({"utf_16", "utf_16_le", "utf_16_be"})


def decode_html(data: bytes, transport_charset: str | None = None) -> str:
    """A web page's bytes as text; undecodable bytes become U+FFFD rather than failing.

    Raises NotAnArticle when undeclared bytes are binary, as for a text file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _usable(transport_charset) or declared_charset(data)
    if declared is None:
        return decode_bytes(data)
    return data.decode(declared, errors="replace")


def declared_charset(data: bytes) -> str | None:
    """The codec the page declares in a meta tag or XML declaration, if Python knows it."""
    head = data[:_PRESCAN_BYTES]
    for pattern in (_XML_DECLARATION, _META_CHARSET):
        match = pattern.search(head)
        if match is not None:
            encoding = _usable(match.group(1).decode("ascii"))
            if encoding is not None:
                return encoding
    return None


def _usable(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name in _UTF16:
        return "utf-8"
    return name
