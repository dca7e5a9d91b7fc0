"""Charts: pyqtgraph plots updated in place from the results."""
