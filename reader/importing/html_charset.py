"""Decoding a saved web page: its byte-order mark, the charset it declares, or a guess.

Browsers read a page by the same precedence: a BOM wins, then what the transport said (for
an MHTML part, its Content-Type), then ``<meta charset>`` or the XML declaration near the top,
and only then a guess. The guess is the one text files get (UTF-8, else the most plausible
reading in the legacy encodings of CJK and non-Latin scripts, else cp1252 unless the detector
has strong evidence for another code page); the CJK reading is tried on every page here,
since markup makes any page look like mostly-ASCII text.
"""

from __future__ import annotations

import codecs
import re

from reader.importing.decoding import decode_bytes
from reader.importing.legacy_encodings import plausible_reading

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
# Labels the web reads as a superset of what Python's codec of that name holds (the WHATWG
# Encoding Standard): a page that says gb2312 routinely has GBK characters, one that says
# Shift_JIS has Windows' extensions. Python does not know some of these labels at all.
_WEB_LABELS = {
    **dict.fromkeys(
        ("gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "csgb2312", "chinese",
         "csiso58gb231280", "iso-ir-58", "gb18030"),
        "gb18030",
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "windows-31j",
         "csshiftjis"),
        "cp932",
    ),
    **dict.fromkeys(("euc-jp", "x-euc-jp", "cseucpkdfmtjapanese"), "euc_jp"),
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp"), "iso2022_jp_ext"),
    **dict.fromkeys(
        ("euc-kr", "cseuckr", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
         "ksc_5601", "csksc56011987", "iso-ir-149", "windows-949"),
        "cp949",
    ),
    **dict.fromkeys(
        ("tis-620", "windows-874", "dos-874", "iso-8859-11", "iso8859-11"), "cp874"
    ),
    **dict.fromkeys(("iso-8859-8-i", "csiso88598i", "logical"), "iso8859_8"),
}


def decode_html(data: bytes, transport_charset: str | None = None) -> str:
    """A web page's bytes as text; undecodable bytes become U+FFFD rather than failing.

    Raises NotAnArticle when undeclared bytes are binary, as for a text file.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _usable(transport_charset) or declared_charset(data)
    if declared is not None:
        return data.decode(declared, errors="replace")
    if not data.isascii() and not _is_utf8(data):
        legacy = plausible_reading(data)
        if legacy is not None:
            return legacy
    return decode_bytes(data)


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


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _usable(label: str | None) -> str | None:
    if not label:
        return None
    web = _WEB_LABELS.get(label.strip().lower())
    if web is not None:
        return web
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name in _UTF16:
        return "utf-8"
    return name
