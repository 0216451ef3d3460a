"""Every command of the main window as a QAction, declared once, plus menus and toolbar.

Single-key shortcuts (j, k, n, s, m, t, e, h, /, Space) are window shortcuts; a
:class:`ShortcutGuard` on the application hands such keys to the focused widget instead when it
takes text (a line edit, an editable text area, a spin box...), so typing "s" in the search box
types an "s" rather than starring the article.
"""

from __future__ import annotations

from msgspec import Struct
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

from ui.resources import icon

Key = QKeySequence.StandardKey


class Command(Struct, frozen=True):
    name: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: str | None = None
    tip: str = ""


COMMANDS: tuple[Command, ...] = (
    Command("open_library", "&Open Library…", ("Ctrl+O",), None,
            "Open a library file or a team library on a PostgreSQL server"),
    Command("import_files", "&Import Files…", ("Ctrl+I",), "import", "Import article files"),
    Command("import_folder", "Import &Folder…", ("Ctrl+Shift+I",), None,
            "Import every article file in a folder"),
    Command("import_links", "Import &Links…", ("Ctrl+L",), None,
            "Import web pages by their addresses, with tags"),
    Command("add_feed", "Add F&eed…", (), None,
            "Subscribe to a feed, or to the feed of a site's home page"),
    Command("refresh_feeds", "Refres&h Feeds", ("F5",), None,
            "Fetch the new entries of every feed"),
    Command("export", "&Export…", (), None, "Export the library, its notes or the list"),
    Command("restore_export", "&Restore from Export…", (), None,
            "Fill an empty library from a JSON export"),
    Command("backups", "&Backups…", (), None, "Back up the library or restore a backup"),
    Command("empty_trash", "Empty &Trash…", (), None,
            "Delete every article in the Trash permanently"),
    Command("quit", "&Quit", (Key.Quit, "Ctrl+Q"), None, "Quit Broadsheet"),
    Command("undo", "&Undo", (Key.Undo, "Ctrl+Z"), None, "Undo the last change"),
    Command("redo", "&Redo", ("Ctrl+Shift+Z", Key.Redo), None, "Redo the change undone"),
    Command("paste_link", "&Paste Link", (Key.Paste,), None,
            "Import the web page whose link is on the clipboard"),
    Command("select_all", "Select &All", (Key.SelectAll,), None, "Select every listed article"),
    Command("find", "&Find…", (Key.Find, "/"), "search", "Search articles"),
    Command("next_match", "Next &Match", ("F3",), None,
            "Go to the next search match in the article"),
    Command("previous_match", "Previous Matc&h", ("Shift+F3",), None,
            "Go to the previous search match in the article"),
    Command("save_search", "Sa&ve Search…", (), None, "Save the search to the sidebar"),
    Command("preferences", "Pre&ferences…", (Key.Preferences, "Ctrl+,"), None,
            "Reading, highlight colour names and backups"),
    Command("zoom_in", "Zoom &In", (Key.ZoomIn, "Ctrl+="), None, "Larger article text"),
    Command("zoom_out", "Zoom &Out", (Key.ZoomOut,), None, "Smaller article text"),
    Command("zoom_reset", "&Actual Size", ("Ctrl+0",), None, "Article text at its normal size"),
    Command("article_below", "Article &Below List", (), None,
            "Show the article under the list instead of beside it"),
    Command("reading_mode", "&Reading Mode", ("F11",), "read",
            "Show the article alone; Esc returns"),
    Command("statistics", "&Statistics…", (), None,
            "Articles added and read, the reading streak, reading by tag and source"),
    Command("star", "&Star", ("S",), "star", "Star or unstar the selected articles"),
    Command("toggle_read", "Mark &Read", ("M",), "read",
            "Mark the selected articles read or unread"),
    Command("add_tag", "Add &Tag…", ("T",), "tag", "Add a tag to the article"),
    Command("edit_note", "Edit &Note", ("E",), "note", "Write a note on the article"),
    Command("highlight", "&Highlight Selection", ("H",), "highlight",
            "Highlight the selected text of the article"),
    Command("open_original", "Open &Original", ("Ctrl+Shift+O",), None,
            "Open the article's web address in your browser"),
    Command("fetch_text", "&Fetch Text", (), None,
            "Download the page of an article saved with only its address"),
    Command("page_down", "Scroll Article &Down", ("Space",), None,
            "Scroll the article down a page; at its end, go to the next unread article"),
    Command("next_article", "&Next Article", ("J",), None, "Go to the next article"),
    Command("previous_article", "&Previous Article", ("K",), None,
            "Go to the previous article"),
    Command("next_unread", "Next &Unread", ("N",), None,
            "Go to the next unread article of the list"),
    Command("previous_unread", "Pre&vious Unread", ("Shift+N",), None,
            "Go to the previous unread article of the list"),
    Command("restore", "Res&tore from Trash", (), "restore",
            "Put the selected articles back from the Trash"),
    Command("delete", "&Move to Trash", (Key.Delete,), "delete",
            "Move the selected articles to the Trash"),
    Command("shortcuts", "&Keyboard Shortcuts", (Key.HelpContents,), None,
            "List every keyboard shortcut"),
    Command("about", "&About Broadsheet", (), None, "About Broadsheet"),
)

MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    ("&File", ("open_library", None, "import_files", "import_folder", "import_links", None,
               "add_feed",
               "refresh_feeds", None, "export", "restore_export", "backups", None, "empty_trash",
               None, "quit")),
    ("&Edit", ("undo", "redo", None, "paste_link", "select_all", None, "find", "next_match",
               "previous_match", "save_search", None, "preferences")),
    ("&View", ("reading_mode", None, "zoom_in", "zoom_out", "zoom_reset", None,
               "article_below", None, "statistics")),
    ("&Article", ("star", "toggle_read", "add_tag", "edit_note", "highlight", None,
                  "open_original", "fetch_text", None, "next_article", "previous_article",
                  "next_unread", "previous_unread", "page_down", None, "restore", "delete")),
    ("&Help", ("shortcuts", None, "about")),
)
TOOLBAR: tuple[str, ...] = ("import_files", "star", "toggle_read", "restore", "delete")
ARTICLE_COMMANDS: tuple[str, ...] = (
    "star", "toggle_read", "add_tag", "edit_note", "highlight", "delete",
)
LIST_MENU: tuple[str | None, ...] = ("star", "toggle_read", "add_tag", None, "open_original",
                                     "fetch_text", None, "restore", "delete")


def plain_text(text: str) -> str:
    return text.replace("&", "").rstrip("…")


class ActionRegistry:
    """The window's QActions by command name: ``registry["star"]``."""

    def __init__(self, window: QMainWindow) -> None:
        self._actions: dict[str, QAction] = {}
        self.commands = {command.name: command for command in COMMANDS}
        for command in COMMANDS:
            action = QAction(command.text, window)
            action.setObjectName(f"action_{command.name}")
            sequences = [QKeySequence(s) for s in command.shortcuts]
            unique: list[QKeySequence] = []
            for sequence in sequences:
                if not sequence.isEmpty() and sequence not in unique:
                    unique.append(sequence)
            action.setShortcuts(unique)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if command.icon:
                action.setIcon(icon(command.icon))
            tip = command.tip or plain_text(command.text)
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in unique)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
            action.setStatusTip(tip)
            action.setWhatsThis(tip)
            self._actions[command.name] = action
            window.addAction(action)  # shortcuts work even for commands not in a menu
        self["article_below"].setCheckable(True)
        self.set_accessible("star", "Star")
        self.set_accessible("toggle_read", "Mark read")

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._actions.values())

    def names(self) -> list[str]:
        return list(self._actions)

    def set_accessible(self, name: str, text: str) -> None:
        """Change what a command says (``Star``/``Unstar``) on menus, toolbar and to readers."""
        action = self._actions[name]
        action.setText(text)
        action.setIconText(text)

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        bar.setAccessibleName("Menu bar")
        for title, names in MENUS:
            menu = bar.addMenu(title)
            menu.setAccessibleName(plain_text(title))
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self._actions[name])

    def build_toolbar(self, window: QMainWindow, search: QLineEdit) -> QToolBar:
        toolbar = QToolBar("Main toolbar", window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.toggleViewAction().setText("Show Main Toolbar")
        for name in TOOLBAR:
            toolbar.addAction(self._actions[name])
        self["import_files"].setIconText("Import")
        self["delete"].setIconText("Delete")
        spacer = QWidget(toolbar)
        spacer.setAccessibleName("Toolbar spacer")
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer).setText("Spacer")
        toolbar.addWidget(search).setText("Search")
        for button in toolbar.findChildren(QAbstractButton):
            action = button.defaultAction() if hasattr(button, "defaultAction") else None
            if action is not None:
                button.setAccessibleName(plain_text(action.text()))
        window.addToolBar(toolbar)
        return toolbar

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what it does, keys) for the shortcuts dialog, in menu order."""
        rows: list[tuple[str, str]] = []
        for _title, names in MENUS:
            for name in names:
                if name is None:
                    continue
                action = self._actions[name]
                keys = [
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                ]
                if keys:
                    rows.append((plain_text(self.commands[name].text), "  or  ".join(keys)))
        return rows


class SearchField(QLineEdit):
    """The toolbar's search box; Escape hands focus back to the article list."""

    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchField")
        self.setPlaceholderText("Search")
        self.setAccessibleName("Search articles")
        self.setToolTip("Search articles (/ or Ctrl+F)")
        self.setClearButtonEnabled(True)
        glass = self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        glass.setText("Search")
        for action in self.findChildren(QAction):
            if not action.text():
                action.setText("Clear search")
        for button in self.findChildren(QToolButton):
            action = button.defaultAction()
            button.setAccessibleName(action.text() if action else "Clear search")
        self.setMaximumWidth(320)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


_EDITING_KEYS = frozenset(
    {
        Qt.Key.Key_Space,
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
    }
)
_PLAIN_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def takes_text(widget: QWidget | None) -> bool:
    """Whether ``widget`` is somewhere the user types text."""
    if widget is None:
        return False
    if isinstance(widget, QLineEdit | QKeySequenceEdit | QAbstractSpinBox):
        return not (isinstance(widget, QLineEdit) and widget.isReadOnly())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    # Custom editors (and the viewport of a text area) enable input methods.
    return widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def undoes_typing(widget: QWidget | None) -> bool:
    """Whether Ctrl+Z in ``widget`` undoes its own typing. Item views take text only to
    search as you type (an item being edited has an editor of its own), so not them."""
    return takes_text(widget) and not isinstance(widget, QAbstractItemView)


def is_plain_key(event: QKeyEvent) -> bool:
    """A key without Ctrl/Alt/Meta that types a character or edits text."""
    if event.modifiers() & ~_PLAIN_MODIFIERS:
        return False
    if event.key() in _EDITING_KEYS:
        return True
    text = event.text()
    return bool(text) and text.isprintable()


def is_text_undo(event: QKeyEvent) -> bool:
    """Ctrl+Z / Ctrl+Shift+Z (or the platform's keys): a text field's own undo and redo."""
    control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return event.matches(Key.Undo) or event.matches(Key.Redo) or (
        control and event.key() == Qt.Key.Key_Z
    )


class ShortcutGuard(QObject):
    """Lets text fields keep the single keys that are window shortcuts elsewhere, and their
    own undo and redo: Ctrl+Z in the note undoes typing, not the last library change."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        if is_text_undo(event) and undoes_typing(focus):
            event.accept()  # the text field undoes its own typing
            return True
        if not is_plain_key(event):
            return False
        if takes_text(focus) or (
            isinstance(focus, QAbstractButton) and event.key() == Qt.Key.Key_Space
        ):
            event.accept()  # the focused widget takes the key; no shortcut fires
            return True
        return False


def name_unnamed_controls(root: QWidget) -> None:
    """Give Qt's own helper buttons (corner, toolbar extension...) a name readers can say."""
    for button in root.findChildren(QAbstractButton):
        if button.accessibleName():
            continue
        action = button.defaultAction() if isinstance(button, QToolButton) else None
        label = plain_text(action.text()) if action is not None else ""
        label = label or button.text().replace("&", "") or button.toolTip()
        if not label and button.objectName() == "qt_toolbar_ext_button":
            label = "More toolbar commands"
        if not label and button.metaObject().className() == "QTableCornerButton":
            label = "Select all articles"
        button.setAccessibleName(label or "Button")
