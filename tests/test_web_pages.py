"""Saved web pages: each saver's format, encodings, size rules and refusals, through
``load_document`` as the importer will call it."""

from __future__ import annotations

import quopri
import socket
from datetime import date
from pathlib import Path

import pytest

from reader.errors import NotAnArticle
from reader.importing.formats import IMPORTABLE_SUFFIXES, load_document
from reader.importing.parsing import content_hash, split_blocks
from reader.importing.web_page import NO_ARTICLE, WEB_PAGE_MAX_BYTES

PAGES = Path(__file__).resolve().parent / "data" / "pages"
FERRY_URL = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
FERRY_TITLE = "Harbour ferry returns after two winters in dry dock"
EXPECTED = (PAGES / "ferry.expected.txt").read_text(encoding="utf-8").strip()

PROSE = (
    "The council met on Tuesday evening to discuss the new bridge over the river. "
    "Residents spoke for and against the plan for more than two hours before the vote."
)


def page(body: str, head: str = "") -> str:
    head = f"<head>{head}<title>A test page</title></head>"
    return f"<!DOCTYPE html><html>{head}<body>{body}</body></html>"


def article(*paragraphs: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("name", ["complete.html", "singlefile.html", "archive.mhtml"])
def test_each_saved_kind_keeps_the_article_and_its_metadata(name: str) -> None:
    parsed = load_document(PAGES / name)
    assert parsed.body == EXPECTED
    assert parsed.title == FERRY_TITLE
    assert parsed.published == date(2024, 3, 14)
    assert parsed.author == "Fiona Sinclair"
    assert parsed.source == "The Kettleness Herald"
    assert parsed.url is not None and parsed.url.startswith(FERRY_URL)
    assert parsed.content_hash == content_hash(EXPECTED)


def test_the_page_chrome_stays_out_of_the_body() -> None:
    body = load_document(PAGES / "complete.html").body
    for chrome in ("cookies", "Share on", "Related stories", "Council approves",
                   "About time too", "Privacy policy", "Subscribe", "Photo: Herald staff"):
        assert chrome not in body


def test_script_content_is_never_in_the_body(tmp_path: Path) -> None:
    inline = "<script>document.write('SCRIPT_TEXT_NEVER_IN_BODY')</script>"
    path = write(tmp_path, "p.html", page(article(PROSE, inline + PROSE.upper())))
    assert "SCRIPT_TEXT" not in load_document(path).body
    assert "SCRIPT_TEXT" not in load_document(PAGES / "singlefile.html").body


def test_the_body_has_the_block_shape_of_text_files() -> None:
    blocks = split_blocks(load_document(PAGES / "complete.html").body)
    headings = [block.text for block in blocks if block.kind == "heading"]
    assert headings == ["A new timetable", "Questions about the delay"]


def test_the_url_comes_from_the_canonical_link_before_the_savers_note() -> None:
    # The SingleFile sample has no canonical link: its note's address (with the tracking
    # parameter it was read at) is all there is.
    assert load_document(PAGES / "complete.html").url == FERRY_URL
    assert load_document(PAGES / "singlefile.html").url == FERRY_URL + "?utm_source=feed"


def test_an_undeclared_cp1252_page_is_detected(tmp_path: Path) -> None:
    text = "Café owners in Düsseldorf said the “new rules” cost them €300 a month — too much."
    html = page(article(text, PROSE))
    path = write(tmp_path, "p.htm", html.encode("cp1252"))
    assert load_document(path).body.startswith(text)


def test_the_charset_declared_in_a_meta_tag_is_used(tmp_path: Path) -> None:
    text = "Городской совет обсудил новый мост через реку во вторник вечером, и жители спорили."
    head = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    path = write(tmp_path, "p.html", page(article(text, PROSE), head).encode("koi8-r"))
    assert load_document(path).body.startswith(text)


def test_a_utf16_page_with_a_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", page(article(PROSE)).encode("utf-16"))
    assert load_document(path).body == PROSE


def test_an_xhtml_page_with_an_xml_declaration_is_read(tmp_path: Path) -> None:
    xhtml = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
        f"<body>{article('Zoë’s café reopened on Monday. ' + PROSE)}</body></html>"
    )
    path = write(tmp_path, "p.xhtml", xhtml.encode("cp1252"))
    assert load_document(path).body.startswith("Zoë’s café reopened")


def mhtml(html: bytes, charset: str | None, url: str = "https://news.example/a") -> bytes:
    content_type = "text/html" + (f'; charset="{charset}"' if charset else "")
    encoded = quopri.encodestring(html).replace(b"\n", b"\r\n")
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {url}\r\n"
        "Subject: =?utf-8?Q?A_saved_page?=\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
        f"--B\r\nContent-Type: {content_type}\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {url}\r\n\r\n"
    ).encode("ascii")
    return head + encoded + b"\r\n--B--\r\n"


def test_mhtml_quoted_printable_with_the_parts_charset(tmp_path: Path) -> None:
    text = "Ελληνικά νέα: το δημοτικό συμβούλιο ενέκρινε τη νέα γέφυρα την Τρίτη το βράδυ."
    data = mhtml(page(article(text, PROSE)).encode("iso-8859-7"), "iso-8859-7")
    assert b"=" in data and "Ελ".encode("iso-8859-7") not in data  # really quoted-printable
    parsed = load_document(write(tmp_path, "p.mht", data))
    assert parsed.body.startswith(text)
    assert parsed.url == "https://news.example/a"


def test_an_mhtml_without_a_mime_structure_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "p.mhtml", page(article(PROSE)))
    with pytest.raises(NotAnArticle, match="not an MHTML archive"):
        load_document(path)


def test_an_mhtml_saved_as_html_is_read_as_an_archive(tmp_path: Path) -> None:
    path = write(tmp_path, "p.html", mhtml(page(article(PROSE)).encode("utf-8"), "utf-8"))
    assert load_document(path).body == PROSE


def test_a_text_file_named_html_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.html", PROSE + "\n\n" + PROSE)
    with pytest.raises(NotAnArticle, match=r"not a web page \(no HTML markup\)"):
        load_document(path)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav><footer>© 2024</footer>",
        "<script>var a = 'only a script, no words for a reader at all here';</script>",
    ],
)
def test_a_page_without_article_text_is_refused(tmp_path: Path, body: str) -> None:
    path = write(tmp_path, "p.html", page(body))
    with pytest.raises(NotAnArticle, match=NO_ARTICLE):
        load_document(path)


def test_megabytes_of_inline_images_do_not_refuse_a_page(tmp_path: Path) -> None:
    image = "data:image/png;base64," + "QUJD" * (2 * 1024 * 1024)  # 8 MB of image
    html = page(f'<img src="{image}">' + article(PROSE), f"<style>{'a{b:c}' * 200000}</style>")
    path = write(tmp_path, "big.html", html)
    assert path.stat().st_size > 8 * 1024 * 1024
    assert load_document(path, max_bytes=5 * 1024 * 1024).body == PROSE


def test_a_page_over_the_web_page_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(WEB_PAGE_MAX_BYTES + 1)
    with pytest.raises(NotAnArticle, match="larger than the 50 MB limit"):
        load_document(path)


def test_the_text_limit_applies_to_the_article_kept(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {n} of the report. {PROSE}" for n in range(40)]
    path = write(tmp_path, "p.html", page(article(*paragraphs)))
    assert load_document(path, max_bytes=100_000).body.startswith(paragraphs[0])
    with pytest.raises(NotAnArticle, match="article text larger than the 1 KB limit"):
        load_document(path, max_bytes=1024)


def test_nothing_is_fetched_while_reading_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during import")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    remote = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        '<html><head><link rel="canonical" href="https://news.example/story">'
        '<link rel="stylesheet" href="https://cdn.example/site.css">'
        '<script src="https://cdn.example/app.js"></script></head>'
        f'<body><img src="https://cdn.example/a.jpg">{article(PROSE)}'
        '<iframe src="https://ads.example/frame"></iframe></body></html>'
    )
    parsed = load_document(write(tmp_path, "p.html", remote))
    assert parsed.body == PROSE and parsed.url == "https://news.example/story"
    for name in ("complete.html", "singlefile.html", "archive.mhtml"):
        load_document(PAGES / name)
    assert attempts == []


def test_web_pages_and_clips_are_importable_suffixes() -> None:
    assert {".html", ".htm", ".xhtml", ".mhtml", ".mht", ".md", ".txt"} <= IMPORTABLE_SUFFIXES


def test_text_files_read_as_before(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", f"A title line\n\n{PROSE}\n")
    parsed = load_document(path)
    assert (parsed.title, parsed.body) == ("A title line", PROSE)
    assert (parsed.url, parsed.author, parsed.source, parsed.tags) == (None, None, None, ())


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("noise.html", bytes(range(256)) * 20, "binary file"),
        ("empty.html", b"  \n ", "empty file"),
        (
            "images.mhtml",
            b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="X"\r\n\r\n'
            b"--X\r\nContent-Type: image/png\r\n\r\nxx\r\n--X--\r\n",
            "no web page in the MHTML archive",
        ),
    ],
)
def test_hostile_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        load_document(write(tmp_path, name, data))
