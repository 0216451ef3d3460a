"""Broadsheet's desktop GUI: a thin Qt client of :class:`reader.Library`."""
