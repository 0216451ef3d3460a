"""Web addresses: which ones an article may carry, the site they name, and the key that tells
two addresses of one page apart from two pages.

The key is what duplicate detection and ``site:`` searches compare. Two addresses of the same
page differ in ways that do not matter: ``http`` or ``https``, ``www.``, the host's case, a
trailing slash, a ``#fragment``, the order of the query's parameters, and the tracking
parameters that newsletters and social sites append (``utm_source``, ``fbclid``...). The key
drops all of those. Its host is written with its labels reversed (``news.example.com`` is
``com.example.news``), so a site and every subdomain of it are one contiguous range of keys,
which an index answers without reading other rows (see :func:`site_range`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

# Parameters that say how a reader arrived, never which page: newsletter and ad campaigns,
# click ids of social networks and ad platforms, mail tools' ids.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "_hs", "oly_")
_TRACKING = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "mkt_tok", "_ga", "_gl", "ref_src",
        "ref_url", "cmpid", "ocid", "smid", "sr_share",
    }
)
# Characters just after ``.`` and ``/`` in code point order: keys of a site and its
# subdomains lie in [prefix + ".", prefix + "0").
_RANGE_START, _RANGE_END = ".", "0"


def web_url(text: str) -> str | None:
    """``text`` when it is an absolute http(s) address with a host, else None."""
    url = text.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if any(char.isspace() for char in url):
        return None
    return url


def site_of(url: str | None) -> str | None:
    """The host people know a site by: ``www.example.com`` reads as ``example.com``."""
    if url is None:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def url_key(url: str | None) -> str | None:
    """The address reduced to what names the page (see the module's docstring); None when
    ``url`` is not a web address."""
    if url is None or web_url(url) is None:
        return None
    parts = urlsplit(url.strip())
    host = _reversed_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        return None
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _tracking(name)
    )
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{host}{path}{query}"


def site_range(site: str) -> tuple[str, str] | None:
    """Keys from the first (inclusive) to the second (exclusive) are those of ``site`` and its
    subdomains. ``site`` may be a host (``example.com``) or a whole address. None when it
    names no host."""
    text = site.strip().lower()
    if "://" in text:
        text = site_of(text) or ""
    text = text.split("/", 1)[0].removeprefix("www.").strip(".")
    if not text or any(char.isspace() for char in text):
        return None
    prefix = _reversed_host(text)
    return prefix + _RANGE_START, prefix + _RANGE_END


def _reversed_host(host: str) -> str:
    labels = host.lower().rstrip(".").removeprefix("www.").split(".")
    return ".".join(reversed(labels))


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)
