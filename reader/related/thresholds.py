"""When tags are suggested at all: kept apart from :mod:`reader.related.suggesting` so that
the command line can name them in its help without loading numpy (the window's start-up
builds that help too)."""

from __future__ import annotations

# Nothing is suggested while fewer articles than this carry a tag.
MIN_TAGGED = 20
# Only tags on at least this many articles are offered.
MIN_USES = 3
