"""WCAG contrast ratio of two colours, for the tests that keep text readable in both themes."""

from PySide6.QtGui import QColor


def contrast(a: str, b: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05) of the relative luminances, lighter over darker."""

    def luminance(name: str) -> float:
        channels = [QColor(name).redF(), QColor(name).greenF(), QColor(name).blueF()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
