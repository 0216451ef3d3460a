"""The main window and what it composes: actions and menus, window state, the banners and
notices, the empty-library panel."""
