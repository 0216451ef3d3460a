"""Feeds: subscriptions to RSS, Atom and JSON Feed, each entry kept as an article.

``parsing`` reads a feed's bytes into plain entries (``json_feed`` for JSON Feed), ``entry_text``
turns an entry's HTML into the body text articles are stored in, ``entries`` makes articles
and identities of entries, ``discovery`` finds a site's feed from its home page, ``catalog``
keeps subscriptions and known entries, ``refresh`` fetches and stores, ``opml`` reads and
writes subscription lists, and ``service`` is the front door (``Library.feeds``).
"""
