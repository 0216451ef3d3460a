"""Fetching from the web: one careful HTTP client for links and feeds (``fetcher``), the plain
values it answers with (``results``) and the one-line reasons it gives (``reasons``)."""
