"""Reading statistics: reading recorded as events (:mod:`reader.stats.events`) and the
figures made of them and of the library (:mod:`reader.stats.figures`)."""
