"""The open article: the reading pane with highlights and search matches, and its side
column of tags, note and highlights."""
