"""Builds the saved-page samples beside this file, each in the byte layout its saver writes.

Run from the repository root: ``python tests/data/pages/make_samples.py``. The article text
is written for these samples; the page chrome around it (navigation, cookie banner, share
buttons, related links, comments, footer, inline scripts and images) is what news sites
carry. The expected bodies are the ``*.expected.txt`` files.
"""

from __future__ import annotations

import base64
import quopri
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

FERRY_TITLE = "Harbour ferry returns after two winters in dry dock"
FERRY = [
    ("p", "The blue-and-white ferry that links Kettleness to the island of Inchmore will carry "
          "passengers again from Monday, after two winters in which islanders made the crossing "
          "in a borrowed fishing boat or not at all."),
    ("p", "The Marigold, built in 1987, was lifted out of the water in November 2022 when "
          "inspectors found corrosion in her hull plates. Repairs were expected to take four "
          "months. They took nineteen, and cost the harbour trust £1.4 million — almost three "
          "times the first estimate."),
    ("p", "“We had people missing hospital appointments, children staying with relatives on the "
          "mainland during the week,” said Morag Leask, who chairs the island’s community council. "
          "“Nobody here will take the ferry for granted again.”"),
    ("h2", "A new timetable"),
    ("p", "The trust says the repaired vessel will run six crossings a day in summer and four in "
          "winter, one more each way than before the breakdown. Fares stay at £4.50 for adults, "
          "with islanders travelling free on the first sailing of the day."),
    ("p", "Engineers replaced forty square metres of steel below the waterline and fitted new "
          "propeller shafts. The trust has also bought a spare gearbox, which it says will halve "
          "the time the ferry is out of service if the old one fails."),
    ("h2", "Questions about the delay"),
    ("p", "Not everyone is satisfied. Councillor Ewan Tait has asked the trust to publish the "
          "inspection reports, saying islanders deserve to know why the work took so long. The "
          "trust’s chief executive, Alison Reid, said the yard had struggled to source steel of "
          "the right grade and that a full account would be given at the trust’s annual meeting "
          "in June."),
    ("p", "The first sailing leaves Kettleness pier at 7.15 on Monday morning."),
]

CHROME_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('config','G-TRACKER');var secret='SCRIPT_TEXT_NEVER_IN_BODY';"
    "document.querySelectorAll('.share').forEach(function(b){b.onclick=function(){}});"
)


def article_html(blocks: list[tuple[str, str]]) -> str:
    return "\n".join(f"<{tag}>{text}</{tag}>" for tag, text in blocks)


def expected_body(blocks: list[tuple[str, str]]) -> str:
    return "\n\n".join(text for _, text in blocks) + "\n"


def fake_png(size: int, seed: int) -> str:
    rng = random.Random(seed)
    data = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(size))
    return base64.b64encode(data).decode("ascii")


def news_page(head_extra: str, image_src: str, *, canonical: bool) -> str:
    links = (
        '<link rel="canonical" href="https://www.kettlenessherald.example/news/2024/03/ferry-returns">'
        '<meta property="og:url" content="https://www.kettlenessherald.example/news/2024/03/ferry-returns">'
        if canonical else ""
    )
    related = "".join(
        f'<li><a href="/news/2024/03/{i}">{title}</a></li>'
        for i, title in enumerate([
            "Council approves new car park at the pier",
            "Lifeboat crew called out twice in one night",
            "Island school celebrates its 150th year",
            "Storm warning issued for the weekend",
        ])
    )
    comments = "".join(
        f'<li class="comment"><span class="comment-author">{who}</span><p>{text}</p></li>'
        for who, text in [
            ("islandlass", "About time too. Two winters without a proper ferry was a disgrace."),
            ("K. Moar", "Will the bike racks be back on board? Nobody has said."),
        ]
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>{FERRY_TITLE} | The Kettleness Herald</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{FERRY_TITLE}">
<meta property="og:site_name" content="The Kettleness Herald">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-14T06:00:00+00:00">
<meta name="author" content="Fiona Sinclair">
{links}
{head_extra}
<script>{CHROME_SCRIPT}</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{FERRY_TITLE}","datePublished":"2024-03-14T06:00:00+00:00",
"author":{{"@type":"Person","name":"Fiona Sinclair"}},
"publisher":{{"@type":"Organization","name":"The Kettleness Herald"}}}}</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience and
to show you relevant advertising. By continuing you accept our use of cookies.</p>
<button>Accept all</button><button>Manage settings</button></div>
<header class="site-header"><a class="logo" href="/">The Kettleness Herald</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/business">Business</a></li><li><a href="/what-on">What's on</a></li>
<li><a href="/obituaries">Obituaries</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
</header>
<main>
<article class="story">
<h1 class="headline">{FERRY_TITLE}</h1>
<div class="byline">By <a rel="author" href="/staff/fiona-sinclair">Fiona Sinclair</a>,
<time datetime="2024-03-14T06:00:00+00:00">14 March 2024</time></div>
<ul class="share"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li>
<li><a href="#">Email this story</a></li><li><a href="#">Copy link</a></li></ul>
<figure><img src="{image_src}" alt="The Marigold at Kettleness pier">
<figcaption>The Marigold back at her berth. Photo: Herald staff</figcaption></figure>
<div class="story-body">
{article_html(FERRY)}
</div>
<ul class="share"><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li></ul>
</article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>
<section id="comments"><h3>2 comments</h3><ol>{comments}</ol>
<form><textarea placeholder="Join the discussion"></textarea><button>Post</button></form></section>
</main>
<footer class="site-footer"><ul><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/terms">Terms and conditions</a></li></ul>
<p>© 2024 Kettleness Herald Ltd. All rights reserved.</p></footer>
<script>{CHROME_SCRIPT * 3}</script>
</body></html>
"""


def complete_page() -> str:
    """Chrome's "Web Page, complete": the mark of the web, resources in a _files folder."""
    head = '<link rel="stylesheet" href="./ferry-returns_files/site.css">'
    page = news_page(head, "./ferry-returns_files/marigold.jpg", canonical=True)
    url = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
    mark = f"<!-- saved from url=({len(url):04d}){url} -->\n"
    return page.replace("<html", mark + "<html", 1)


def singlefile_page() -> str:
    """SingleFile: one file, every style and image inline, its header comment on top."""
    style = "<style>" + "".join(
        f".c{i}{{margin:{i}px;background:url(data:image/png;base64,{fake_png(300, i)})}}"
        for i in range(40)
    ) + "</style>"
    page = news_page(style, f"data:image/png;base64,{fake_png(400_000, 99)}", canonical=False)
    note = (
        "<!--\n Page saved with SingleFile \n"
        " url: https://www.kettlenessherald.example/news/2024/03/ferry-returns?utm_source=feed \n"
        " saved date: Thu Mar 14 2024 09:12:44 GMT+0000 (Greenwich Mean Time)\n-->"
    )
    return page.replace("<html lang=\"en-GB\">", f"<html lang=\"en-GB\">{note}", 1)


def mhtml_archive() -> bytes:
    """Chrome's "Webpage, Single File": Blink's MIME layout, the page quoted-printable."""
    boundary = "----MultipartBoundary--Qm9c1X2kQ6cYH8bvF1m9pJmJxWmW3zN0dA7vGQkR5t----"
    url = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
    page = news_page("", "https://static.kettlenessherald.example/img/marigold.jpg",
                     canonical=False).replace("<meta charset=\"utf-8\">", "")
    encoded = quopri.encodestring(page.encode("utf-8"), quotetabs=False).decode("ascii")
    encoded = encoded.replace("\n", "\r\n")
    image = base64.encodebytes(base64.b64decode(fake_png(20_000, 7))).decode("ascii")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        "Subject: =?utf-8?Q?Harbour_ferry_returns_after_two_winters_in_dry_dock_|_The_Ket?=",
        " =?utf-8?Q?tleness_Herald?=",
        "Date: Thu, 14 Mar 2024 09:15:02 -0000",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
        f"--{boundary}",
        "Content-Type: text/html",
        "Content-ID: <frame-8D3C1A2B5E7F9A0B1C2D3E4F5A6B7C8D@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        encoded,
        f"--{boundary}",
        "Content-Type: image/jpeg",
        "Content-Transfer-Encoding: base64",
        "Content-Location: https://static.kettlenessherald.example/img/marigold.jpg",
        "",
        image,
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(parts).replace("\r\n\r\n\r\n", "\r\n\r\n").encode("ascii")


def main() -> None:
    (HERE / "complete.html").write_text(complete_page(), encoding="utf-8")
    (HERE / "singlefile.html").write_text(singlefile_page(), encoding="utf-8")
    (HERE / "archive.mhtml").write_bytes(mhtml_archive())
    (HERE / "ferry.expected.txt").write_text(expected_body(FERRY), encoding="utf-8")


if __name__ == "__main__":
    main()
