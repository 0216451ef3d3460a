"""Colours that stay readable on light and dark palettes alike: relative luminance and
contrast as WCAG 2 defines them, and tints of a colour held to a contrast with the text."""

from __future__ import annotations

from PySide6.QtGui import QColor

# WCAG AA for body text; large text and marks need only 3.
READABLE = 4.5
# From the most colour towards the least, until the text on it reads.
_TINT_STEPS = (0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1)


def luminance(color: QColor) -> float:
    """Relative luminance, 0 (black) to 1 (white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(first: QColor, second: QColor) -> float:
    """The contrast ratio of two opaque colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0–1) of the way towards ``second``, opaque."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def over(background: QColor, color: QColor) -> QColor:
    """``color`` as it shows painted over ``background`` (its alpha taken into account)."""
    return mix(background, color, color.alphaF())


def readable_tint(base: QColor, tint: QColor, ink: QColor, most: float = 0.45) -> QColor:
    """``base`` tinted with as much of ``tint`` (up to ``most``) as leaves ``ink`` readable
    on it: a highlight or a chip keeps its colour on a dark page and its text its contrast."""
    for amount in (step for step in _TINT_STEPS if step <= most):
        tinted = mix(base, tint, amount)
        if contrast(tinted, ink) >= READABLE:
            return tinted
    return mix(base, tint, _TINT_STEPS[-1])


def readable_text_color(background: QColor) -> QColor:
    """Near-black or white, whichever reads better on ``background``."""
    dark, light = QColor("#111111"), QColor("#ffffff")
    return dark if contrast(background, dark) >= contrast(background, light) else light
