"""The article list: a model over ids with rows paged in, its view and delegates, and the
commands that act on the selected articles."""
