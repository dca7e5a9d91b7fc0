"""The ScaleDeck dashboard (PySide6 + pyqtgraph)."""
