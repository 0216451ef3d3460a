"""Writes each article of this folder in its legacy encodings beside the UTF-8 original.

Run from the repository root: ``python tests/data/languages/make_samples.py``. The UTF-8
files (``NAME.txt``) are the originals; ``NAME.ENCODING.txt`` is the same text in the
encodings its language was (and often still is) written in. Each one is checked to decode
back to the original exactly.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# The legacy encodings of each article, as Python names them.
LEGACY: dict[str, tuple[str, ...]] = {
    "zh_hans": ("gb2312",),
    "zh_hant": ("big5",),
    "ja": ("shift_jis", "euc_jp", "iso2022_jp"),
    "ko": ("euc_kr",),
    "ar": ("cp1256", "iso8859_6"),
    "he": ("cp1255", "iso8859_8"),
    "th": ("cp874",),
    "ru": ("cp1251",),
    "el": ("cp1253", "iso8859_7"),
}


def legacy_files() -> list[tuple[Path, str, Path]]:
    """(legacy file, its encoding, the UTF-8 original) for every legacy file."""
    return [
        (HERE / f"{name}.{encoding}.txt", encoding, HERE / f"{name}.txt")
        for name, encodings in LEGACY.items()
        for encoding in encodings
    ]


def main() -> None:
    for path, encoding, original in legacy_files():
        text = original.read_text(encoding="utf-8")
        data = text.encode(encoding)
        assert data.decode(encoding) == text, path
        path.write_bytes(data)
        print(f"{path.name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
