"""The ``broadsheet`` command line: a thin client of :class:`reader.Library`."""
