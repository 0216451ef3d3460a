"""Dialogs that run on their own: import, export and restore, backups, preferences,
keyboard shortcuts, and the progress they show."""
