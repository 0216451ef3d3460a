"""The sidebar: views with counts, saved searches and the tag tree."""
