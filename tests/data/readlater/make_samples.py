"""Builds the read-later export samples beside this file, each in its service's layout.

Run from the repository root: ``python tests/data/readlater/make_samples.py``. The shapes
follow what each service documents and writes: Pocket's CSV parts (2024 on) and its older
``ril_export.html``, Instapaper's CSV, Omnivore's ZIP (metadata JSON, content HTML,
highlights Markdown) and wallabag's JSON. Entries, articles and highlights are written for
these samples.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Fixed member times keep the archives byte-identical from run to run.
ZIP_TIME = (2024, 11, 2, 9, 30, 0)

TRAM = [
    "The city's first tram line in sixty years opened to passengers on Saturday, with free "
    "rides all weekend and queues at every stop from the cathedral to the university campus.",
    "The seven-kilometre line cost 412 million euros, a third more than planned, and opened "
    "fourteen months late after the discovery of a medieval cemetery under the market square.",
    "Trams will run every six minutes at peak times. The operator expects 40,000 journeys a "
    "day by the end of next year, most of them by people who now take the bus.",
    "Shopkeepers on the route, who endured three years of closed streets, said the opening "
    "was overdue. \u201cWe lost half our customers during the works,\u201d said Ana Ferreira, who "
    "runs a bakery near the station. \u201cNow we need them back.\u201d",
]
ORCHARD = [
    "Volunteers have replanted the old community orchard behind the library with ninety "
    "apple and pear trees, most of them varieties that had vanished from local gardens.",
    "The project began when a retired teacher found a list of the trees planted there in "
    "1921 in the parish archive. Grafts were taken from the last survivors and from "
    "collections in two botanic gardens.",
    "The first fruit is expected in three years. Until then, the group will hold pruning "
    "workshops every second Saturday, and anyone may come and help with the watering.",
]
FLOOD = [
    "Engineers have finished the new flood wall along the river's east bank, two years "
    "after the storm that put three hundred homes under water.",
    "The wall is 1.8 metres high and can be raised by another half metre with steel panels "
    "that are kept in a depot beside the bridge. Residents were shown how to fit them.",
    "Insurers said premiums on the protected streets should fall once the environment "
    "agency updates its flood map, which it expects to do in the spring.",
]


def _html(paragraphs: list[str], heading: str | None = None) -> str:
    parts = [f"<h2>{heading}</h2>"] if heading else []
    parts += [f"<p>{text}</p>" for text in paragraphs]
    return "<div class=\"page\" id=\"readability-page-1\">" + "".join(parts) + "</div>"


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _zip(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"))


POCKET_HEADER = ["title", "url", "time_added", "cursor", "tags", "status"]
POCKET_PARTS = [
    [
        ["Tram line opens after sixty years",
         "https://www.citynews.example/2024/10/tram-opens?utm_source=pocket_saves",
         "1729411200", "7187623980", "transport|city", "archive"],
        ["", "https://blog.example.org/posts/orchard-replanted", "1729497600", "7187623981",
         "", "unread"],
        ["A flood wall, at last, for the east bank",
         "https://www.rivertimes.example/news/flood-wall", "1729584000", "7187623982",
         "weather|local news", "unread"],
    ],
    [
        ["Tram line opens (again, saved twice)",
         "http://citynews.example/2024/10/tram-opens/", "1729670400", "7187623983", "",
         "unread"],
        ["Not a web address", "javascript:alert(1)", "1729756800", "7187623984", "", "unread"],
    ],
]

RIL_UNREAD = [
    ("https://www.rivertimes.example/news/flood-wall", "1584000000", "weather,local news",
     "A flood wall, at last, for the east bank"),
    ("https://blog.example.org/posts/orchard-replanted", "1584100000", "",
     "https://blog.example.org/posts/orchard-replanted"),
]
RIL_ARCHIVE = [
    ("https://www.citynews.example/2024/10/tram-opens", "1583000000", "transport",
     "Tram line opens after sixty years"),
]


def _ril_export() -> str:
    """Pocket's page: the links under their headings, one ``<li>`` a line."""

    def items(links: list[tuple[str, str, str, str]]) -> str:
        return "".join(f'<li><a href="{url}" time_added="{added}" tags="{tags}">{title}</a></li>\n'
                       for url, added, tags, title in links)

    return (
        "<!DOCTYPE html>\n<html>\n<!--So long and thanks for all the fish-->\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
        "<title>Pocket Export</title>\n</head>\n<body>\n<h1>Unread</h1>\n<ul>\n"
        f"{items(RIL_UNREAD)}</ul>\n\n<h1>Read Archive</h1>\n<ul>\n{items(RIL_ARCHIVE)}"
        "</ul>\n</body>\n</html>\n"
    )

INSTAPAPER = [
    ["URL", "Title", "Selection", "Folder", "Timestamp", "Tags"],
    ["https://www.citynews.example/2024/10/tram-opens", "Tram line opens after sixty years",
     "Trams will run every six minutes at peak times.", "Archive", "1729411200",
     '["transport"]'],
    ["https://blog.example.org/posts/orchard-replanted", "Orchard replanted", "", "Starred",
     "1729497600", "[]"],
    ["https://www.rivertimes.example/news/flood-wall", "A flood wall, at last", "",
     "Local stories", "1729584000", '["weather", "Local News"]'],
    ["https://www.rivertimes.example/news/bridge-reopens", "Bridge reopens", "", "Unread",
     "1729670400", "[]"],
]

OMNIVORE_ITEMS = [
    {"id": "3f1c0e52-7a1b-4d44-9a0e-5b3f6c2a9d10", "slug": "tram-line-opens-after-sixty-years",
     "title": "Tram line opens after sixty years",
     "description": "The city's first tram line in sixty years opened on Saturday.",
     "author": "Marta Oliveira", "url": "https://www.citynews.example/2024/10/tram-opens",
     "state": "ARCHIVED", "readingProgress": 100,
     "thumbnail": "https://www.citynews.example/img/tram.jpg",
     "labels": ["transport", "Newsletter"], "savedAt": "2024-10-20T08:00:00.000Z",
     "updatedAt": "2024-10-21T10:00:00.000Z", "publishedAt": "2024-10-19T06:30:00.000Z"},
    {"id": "9b2d4f60-1c3e-4a55-8b7f-0d1e2f3a4b5c", "slug": "orchard-replanted-1920c",
     "title": "Orchard replanted with forgotten apples", "description": "",
     "author": None, "url": "https://blog.example.org/posts/orchard-replanted",
     "state": "SUCCEEDED", "readingProgress": 0, "thumbnail": None, "labels": [],
     "savedAt": "2024-10-21T08:00:00.000Z", "updatedAt": "2024-10-21T08:00:00.000Z",
     "publishedAt": None},
    {"id": "c4d5e6f7-0a1b-4c2d-9e3f-4a5b6c7d8e9f", "slug": "bridge-reopens-18f2a",
     "title": "Bridge reopens", "description": "", "author": None,
     "url": "https://www.rivertimes.example/news/bridge-reopens", "state": "SUCCEEDED",
     "readingProgress": 0, "thumbnail": None, "labels": ["local news"],
     "savedAt": "2024-10-22T08:00:00.000Z", "updatedAt": "2024-10-22T08:00:00.000Z",
     "publishedAt": None},
]
OMNIVORE_HIGHLIGHTS = {
    "tram-line-opens-after-sixty-years": "\n\n".join([
        "> The seven-kilometre line cost 412 million euros, a third more than planned "
        "[⤴️](https://omnivore.app/me/tram-line-opens-after-sixty-years#3a4b)",
        "> \u201cWe lost half our customers during the works,\u201d said Ana Ferreira \n\n"
        "#quotes\n\nThe bakery is on Rua Nova.",
        "> A sentence that the article never had. ",
    ]),
    "orchard-replanted-1920c": "> Grafts were taken from the last survivors \n\nAsk about the "
                               "pear varieties.",
}

WALLABAG = [
    {"is_archived": 1, "is_starred": 1, "tags": ["flooding", "local news"], "is_public": False,
     "id": 7, "title": "A flood wall, at last, for the east bank",
     "url": "https://www.rivertimes.example/news/flood-wall?fbclid=IwAR0xyz",
     "hashed_url": "0b1e0f6c", "given_url": "https://www.rivertimes.example/news/flood-wall",
     "content": _html(FLOOD, None), "created_at": "2024-10-23T09:15:00+0200",
     "updated_at": "2024-10-24T18:00:00+0200", "published_at": "2024-10-22T07:00:00+0200",
     "published_by": ["Hannah Kerr", "Dev Patel"],
     "annotations": [{"user": "reader", "annotator_schema_version": "v1.0", "id": 3,
                      "text": "Ask the council about the depot.",
                      "created_at": "2024-10-23T09:20:00+0200",
                      "updated_at": "2024-10-23T09:20:00+0200",
                      "quote": "kept in a depot beside the bridge",
                      "ranges": [{"start": "/p[2]", "startOffset": "74", "end": "/p[2]",
                                  "endOffset": "108"}]}],
     "mimetype": "text/html; charset=utf-8", "language": "en", "reading_time": 1,
     "domain_name": "www.rivertimes.example", "preview_picture": None, "http_status": "200",
     "headers": {"content-type": "text/html; charset=utf-8"}},
    {"is_archived": 0, "is_starred": 0, "tags": [], "is_public": False, "id": 8,
     "title": "Council publishes budget papers",
     "url": "https://www.rivertimes.example/news/budget-papers",
     "content": "<p>wallabag can't retrieve contents for this article. Please "
                "<a href=\"http://doc.wallabag.org/en/user/errors_during_fetching.html#how-can-"
                "i-help-to-fix-that\">troubleshoot this issue</a>.</p>",
     "created_at": "2024-10-24T09:15:00+0200", "updated_at": "2024-10-24T09:15:00+0200",
     "published_at": None, "published_by": None, "annotations": [],
     "mimetype": None, "language": None, "reading_time": 0,
     "domain_name": "www.rivertimes.example", "preview_picture": None, "http_status": "403"},
    {"is_archived": 0, "is_starred": 0, "tags": ["gardens"], "is_public": False, "id": 9,
     "title": "Orchard replanted", "url": "https://blog.example.org/posts/orchard-replanted",
     "content": _html(ORCHARD), "created_at": "2024-10-25T09:15:00+0200",
     "updated_at": "2024-10-25T09:15:00+0200", "published_at": None, "published_by": [],
     "annotations": [], "mimetype": "text/html", "language": "en", "reading_time": 1,
     "domain_name": "blog.example.org", "preview_picture": None, "http_status": "200"},
]


def main() -> None:
    folder = HERE / "pocket"
    folder.mkdir(exist_ok=True)
    parts = {f"part_{n:06d}.csv": _csv([POCKET_HEADER, *rows])
             for n, rows in enumerate(POCKET_PARTS)}
    for name, text in parts.items():
        (folder / name).write_text(text, encoding="utf-8")
    _zip(HERE / "pocket.zip", parts)
    (HERE / "ril_export.html").write_text(_ril_export(), encoding="utf-8")
    (HERE / "instapaper-export.csv").write_text(_csv(INSTAPAPER), encoding="utf-8")
    contents = {
        "tram-line-opens-after-sixty-years": _html(TRAM, "Free rides all weekend"),
        "orchard-replanted-1920c": _html(ORCHARD),
    }
    members = {"metadata_0_to_3.json": json.dumps(OMNIVORE_ITEMS, indent=2)}
    members |= {f"content/{slug}.html": html for slug, html in contents.items()}
    members |= {f"highlights/{slug}.md": md for slug, md in OMNIVORE_HIGHLIGHTS.items()}
    _zip(HERE / "omnivore-export.zip", members)
    (HERE / "wallabag-export.json").write_text(
        json.dumps(WALLABAG, indent=4, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
