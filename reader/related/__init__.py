"""Related articles and tag suggestions: vectors of the articles' words, kept beside the
library and compared all at once (see :mod:`reader.related.vectors`)."""
