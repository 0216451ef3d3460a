"""Small feeds in every format the reader takes, written out as their publishers write them,
for the feed tests to serve from the local server."""

from __future__ import annotations

import json

LEAD = "Harbour cranes were switched on again after a winter of repairs in the port."
SECOND = "Dock workers said the first ships would be unloaded before the end of the week."


def rss091(items: int = 2) -> bytes:
    entries = "".join(
        f"<item><title>Port story {n}</title><link>https://port.example/{n}</link>"
        f"<description>{LEAD} Number {n}.</description></item>" for n in range(1, items + 1))
    return (f'<?xml version="1.0"?><rss version="0.91"><channel><title>Port News 0.91</title>'
            f"<link>https://port.example/</link><description>d</description>"
            f"<language>en</language>{entries}</channel></rss>").encode()


def rss090(items: int = 2) -> bytes:
    """RSS 0.90: RDF with Netscape's namespace, items beside the channel, no dates."""
    entries = "".join(
        f"<item><title>Old story {n}</title><link>https://old.example/{n}</link></item>"
        for n in range(1, items + 1))
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old Wire</title>'
            "<link>https://old.example/</link><description>d</description></channel>"
            f"{entries}</rdf:RDF>").encode()


def rss092(items: int = 2) -> bytes:
    entries = "".join(
        f"<item><title>Canal story {n}</title><link>https://canal.example/{n}</link>"
        f"<description>&lt;p&gt;{LEAD} Canal {n}.&lt;/p&gt;</description></item>"
        for n in range(1, items + 1))
    return (f'<?xml version="1.0"?><rss version="0.92"><channel><title>Canal Notes</title>'
            f"<link>https://canal.example/</link><description>d</description>"
            f"{entries}</channel></rss>").encode()


def rss20(items: int = 2, prefix: str = "Story", guid: bool = True, extra: str = "") -> bytes:
    entries = "".join(
        f"<item><title>{prefix} {n}</title><link>https://port.example/{prefix.lower()}/{n}</link>"
        + (f"<guid isPermaLink=\"false\">{prefix}-{n}</guid>" if guid else "")
        + f"<pubDate>Tue, 0{n % 9 + 1} Jan 2024 10:00:00 GMT</pubDate>"
        f"<author>desk@port.example (Ana Lima)</author>"
        f"<description><![CDATA[<p>{LEAD} {prefix} {n}.</p><p>{SECOND}</p>]]></description>"
        f"</item>" for n in range(1, items + 1))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Port News</title><link>https://port.example/</link>"
            f"<description>The port</description>{entries}{extra}</channel></rss>").encode()


def rdf(items: int = 2) -> bytes:
    entries = "".join(
        f'<item rdf:about="https://rail.example/{n}"><title>Rail story {n}</title>'
        f"<link>https://rail.example/{n}</link><description>{LEAD} Rail {n}.</description>"
        f"<dc:date>2024-02-0{n}T08:00:00Z</dc:date><dc:creator>Jo Park</dc:creator></item>"
        for n in range(1, items + 1))
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<channel rdf:about="https://rail.example/"><title>Rail Weekly</title>'
            "<link>https://rail.example/</link><description>d</description></channel>"
            f"{entries}</rdf:RDF>").encode()


def atom(items: int = 2) -> bytes:
    entries = "".join(
        f"<entry><title>Air story {n}</title><id>tag:air.example,2024:{n}</id>"
        f'<link rel="alternate" href="https://air.example/{n}"/>'
        f"<updated>2024-03-0{n}T09:00:00Z</updated><author><name>Kim Berg</name></author>"
        f'<content type="html">&lt;h2&gt;Runway&lt;/h2&gt;&lt;p&gt;{LEAD} Air {n}.&lt;/p&gt;'
        f"</content></entry>" for n in range(1, items + 1))
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Air Desk</title><link href="https://air.example/"/>'
            f"<id>tag:air.example,2024:feed</id><updated>2024-03-01T00:00:00Z</updated>"
            f"{entries}</feed>").encode()


def json_feed(version: str = "1.1", items: int = 2) -> bytes:
    entries = []
    for n in range(1, items + 1):
        entry: dict[str, object] = {
            "id": f"sea-{n}", "url": f"https://sea.example/{n}", "title": f"Sea story {n}",
            "content_html": f"<p>{LEAD} Sea {n}.</p>",
            "date_published": f"2024-04-0{n}T07:00:00+02:00",
        }
        if version == "1.1":
            entry["authors"] = [{"name": "Lee Moss"}]
        else:
            entry["author"] = {"name": "Lee Moss"}
        entries.append(entry)
    suffix = "1.1" if version == "1.1" else "1"
    return json.dumps({"version": f"https://jsonfeed.org/version/{suffix}",
                       "title": f"Sea Notes {version}", "home_page_url": "https://sea.example/",
                       "items": entries}).encode()


def gb2312_feed() -> bytes:
    text = ('<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel>'
            "<title>港口新闻</title><link>https://gang.example/</link><description>d</description>"
            "<item><title>港口起重机重新启用</title><guid>gang-1</guid>"
            "<link>https://gang.example/1</link>"
            "<description>经过一个冬天的维修，港口起重机今天重新启用，工人们说第一批船只将在本周内卸货。"
            "</description></item></channel></rss>")
    return text.encode("gb2312")


def home_page(feed_href: str, kind: str = "application/rss+xml") -> bytes:
    return (f'<!DOCTYPE html><html><head><title>Port</title>'
            f'<link rel="stylesheet" href="/s.css">'
            f'<link rel="alternate" type="{kind}" title="Port News" href="{feed_href}">'
            f"</head><body><p>Welcome to the port.</p></body></html>").encode()
