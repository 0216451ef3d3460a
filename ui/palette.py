"""A palette made by hand for a dark theme often sets the main roles (window, base, text,
button, highlight) and leaves the rest at Qt's light defaults: chips and splitters drawn in
``midlight`` come out light under light text, and secondary text drawn in
``placeholderText`` dark on a dark page, and disabled buttons whose text is as bright as an
enabled one's. :func:`complete_application_palette` fills those roles in from the palette's
own colours, as Qt itself derives them from the button colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ui.contrast import contrast, mix, over

Role = QPalette.ColorRole
# Secondary text (dates, section headings, the month strip's years) at least this far from
# the page: WCAG's 3 for large text and marks, which these are beside the body text.
SECONDARY = 3.0
_BEVELS = (Role.Light, Role.Midlight, Role.Mid, Role.Dark, Role.Shadow)
# A text role and the ground it is drawn on; disabled, the text goes this far to the ground
# (Fusion's own light palette dims it about as much).
_TEXTS = ((Role.WindowText, Role.Window), (Role.ButtonText, Role.Button), (Role.Text, Role.Base))
DIMMED = 0.55


def _bevels(button: QColor) -> dict[Role, QColor]:
    """Light, midlight, mid, dark and shadow from ``button``, as ``QPalette(button)`` does."""
    light = button.lighter(150)
    return {Role.Light: light, Role.Midlight: mix(button, light, 0.5),
            Role.Mid: button.darker(150), Role.Dark: button.darker(200),
            Role.Shadow: QColor(0, 0, 0)}


def completed(palette: QPalette) -> QPalette | None:
    """``palette`` with its derived roles made to follow its colours; None when they do."""
    fixed = QPalette(palette)
    changed = False
    window = palette.color(Role.Window)
    dark = window.lightness() < 128
    if dark and palette.color(Role.Midlight).lightness() > window.lightness() + 60:
        for role, color in _bevels(palette.color(Role.Button)).items():
            fixed.setColor(role, color)
        changed = True
    changed = _dim_disabled(palette, fixed) or changed
    base, text = palette.color(Role.Base), palette.color(Role.Text)
    if contrast(over(base, palette.color(Role.PlaceholderText)), base) < SECONDARY:
        fixed.setColor(Role.PlaceholderText, mix(base, text, 0.6))
        changed = True
    return fixed if changed else None


def _dim_disabled(palette: QPalette, fixed: QPalette) -> bool:
    """Disabled text drawn as bright as enabled text (a palette whose colours were set for
    every group at once) is dimmed towards its ground, so a greyed button looks greyed."""
    dimmed = False
    disabled, active = QPalette.ColorGroup.Disabled, QPalette.ColorGroup.Active
    for text, ground in _TEXTS:
        if palette.color(disabled, text) == palette.color(active, text):
            fixed.setColor(disabled, text, mix(palette.color(active, text),
                                               palette.color(disabled, ground), DIMMED))
            dimmed = True
    return dimmed


def complete_application_palette() -> bool:
    """Fill in the application's palette (:func:`completed`); True if it needed it. Called
    when a window opens and whenever the palette changes (a theme switched): completing it
    changes it once more, and then it needs nothing."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    fixed = completed(app.palette())
    if fixed is None:
        return False
    QApplication.setPalette(fixed)
    return True
