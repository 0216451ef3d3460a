"""Getting articles out and back: exports as JSON, CSV and Markdown, and restoring a JSON
export into an empty library."""
