"""Turning the bytes of a file into clean text, or saying precisely why they are not text."""

from __future__ import annotations

import codecs
import errno
import re
import stat
import unicodedata
from pathlib import Path

from reader.errors import NotAnArticle
from reader.importing.legacy_encodings import iso2022_reading, plausible_reading

# UTF-32 first: its little-endian mark starts with the UTF-16 little-endian one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Codecs whose high half is (nearly) cp1252's; for these cp1252 is simply the better reading.
_WESTERN = frozenset({"ascii", "cp1252", "latin_1", "iso8859_1", "iso8859_15", "windows_1252"})

# Above this share of control or undecodable characters the content is not prose.
_MAX_BAD_SHARE = 0.10

# Non-ASCII letters make up this share of letters only in non-Latin scripts; there the
# detector has plenty of evidence and its answer is trustworthy.
_DENSE_NON_ASCII = 0.30

_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Characters that legitimately sit between two letters ("don’t", "well–known").
_IN_WORD_PUNCTUATION = frozenset("'’‘`´")
_SANDWICHED = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")
_ASCII_BYTES = bytes(range(0x80))
_ASCII_LETTER_BYTES = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes to text with LF line endings and no stray control characters.

    Raises NotAnArticle when the bytes are binary or not text in any plausible encoding.
    """
    text = _decode(data)
    _reject_non_text(text)
    return clean_text(text)


def clean_text(text: str) -> str:
    """Normalise line endings to LF and drop invisible control characters (tabs stay)."""
    if _NEEDS_CLEANING.search(text) is None:
        return text  # the common case, and parse_text cleans again: one scan decides
    text = text.removeprefix("\ufeff")
    text = text.replace("\u2029", "\n\n")
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROLS.sub("", text)


def read_text_file(path: Path, max_bytes: int) -> str:
    """Read and decode a text file, refusing anything that cannot be an article."""
    return decode_bytes(read_file_bytes(path, max_bytes))


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """A regular, non-empty file's bytes, refusing one larger than ``max_bytes``.

    The size is checked before reading, so an oversized file is never loaded into memory.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise NotAnArticle(_unreadable(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise NotAnArticle("not a regular file")
    if info.st_size == 0:
        raise NotAnArticle("empty file")
    if info.st_size > max_bytes:
        raise NotAnArticle(too_large(max_bytes, info.st_size))
    try:
        with path.open("rb") as handle:
            # One byte more than allowed tells a file that grew since stat() from one that fits.
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise NotAnArticle(_unreadable(exc)) from exc
    if not data:
        raise NotAnArticle("empty file")
    if len(data) > max_bytes:
        raise NotAnArticle(too_large(max_bytes, len(data)))
    return data


def format_size(size: int) -> str:
    """A byte count as people read it: "512 bytes", "4.5 KB", "12.3 MB"."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


# --- decoding ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A damaged file with a mark is still that encoding; the share check judges it.
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        return _decode_utf16_without_bom(data)
    seven_bit = iso2022_reading(data)  # ASCII to a UTF-8 decoder, escape sequences and all
    if seven_bit is not None:
        return seven_bit
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    dense = _non_ascii_density(data) >= _DENSE_NON_ASCII
    # Before the repair of damaged UTF-8: legacy CJK and Thai bytes form valid UTF-8
    # sequences often enough to pass for it, while damaged UTF-8 reads as nothing plausible.
    legacy = plausible_reading(data) if dense else None
    if legacy is not None:
        return legacy
    repaired = _damaged_utf8(data)
    return repaired if repaired is not None else _decode_legacy(data, dense)


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated file, a stray byte), decoded as UTF-8.

    Legacy single-byte text almost never forms a valid multi-byte UTF-8 sequence by chance,
    so even one is strong evidence; the broken bytes become U+FFFD rather than turning every
    accented letter of the file into mojibake.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - broken
    if valid >= 1 and broken <= 4 * valid + 4:
        return text
    return None


def _decode_utf16_without_bom(data: bytes) -> str:
    encoding = _utf16_byte_order(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            if _bad_share(text) <= _MAX_BAD_SHARE:
                return text
    raise NotAnArticle("binary file (contains NUL bytes)")


def _utf16_byte_order(data: bytes) -> str | None:
    """Which UTF-16 the bytes are, judged by NULs clustering on one side of each pair."""
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    # Mostly-ASCII UTF-16 has a NUL in nearly every pair, always on the same side.
    if odd_nuls >= 0.4 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.4 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, dense: bool) -> str:
    """Decode bytes that are not UTF-8, preferring cp1252 unless the evidence says otherwise.

    On short Western text the detector often names a neighbouring code page (cp1250 turns
    "£" into "Ł"), so its answer is taken only when the text is dense in non-ASCII letters
    (Cyrillic, Greek, CJK...) or when cp1252 would put symbols in the middle of words.
    """
    western = _try_decode(data, "cp1252")
    if western is not None and not dense and not _broken_words(western):
        # Nothing the detector could say would win over cp1252 here; skip its cost (~3 ms).
        return western
    guess = _detector_guess(data)
    if guess is not None and guess not in _WESTERN:
        candidate = _try_decode(data, guess)
        if candidate is not None and not _BAD_CHARS.search(candidate):
            if western is None or dense:
                return candidate
            if _broken_words(candidate) < _broken_words(western):
                return candidate
    if western is not None:
        return western
    return data.decode("latin-1")


def _detector_guess(data: bytes) -> str | None:
    # Imported here: most files never need the detector, and it costs ~30 ms to load.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return codecs.lookup(best.encoding).name.replace("-", "_")


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _non_ascii_density(data: bytes) -> float:
    high = len(data.translate(None, _ASCII_BYTES))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTER_BYTES))
    return high / (high + ascii_letters) if high else 0.0


def _broken_words(text: str) -> int:
    """Count non-ASCII symbols sandwiched between letters: the mark of a wrong code page."""
    return sum(
        1
        for match in _SANDWICHED.finditer(text)
        if not match.group().isalpha()
        and match.group() not in _IN_WORD_PUNCTUATION
        and unicodedata.category(match.group()) != "Pd"
    )


def _bad_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_BAD_CHARS.findall(text)) / len(text)


def _reject_non_text(text: str) -> None:
    share = _bad_share(text)
    if share > _MAX_BAD_SHARE:
        raise NotAnArticle(f"not text ({share:.0%} control or undecodable characters)")


# --- messages ---------------------------------------------------------------------------------


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return "unreadable: permission denied"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"unreadable: {reason[:1].lower()}{reason[1:]}"


def too_large(max_bytes: int, size: int) -> str:
    """The reason given for refusing ``size`` bytes over a ``max_bytes`` limit."""
    limit, actual = format_size(max_bytes), format_size(size)
    if actual == limit:
        # Rounding would make "larger than 5 MB (5 MB)"; exact bytes say it plainly.
        actual = f"{size:,} bytes"
    return f"larger than the {limit} limit ({actual})"
