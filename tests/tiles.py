"""Finding a KPI tile by objectName in a test, with the name in the failure."""

from gui.views.kpi_tiles import KpiTile


def tile(window, name: str) -> KpiTile:
    """The tile `name` of `window` (kpiCapex, kpiGpus, ...)."""
    found = window.findChild(KpiTile, name)
    assert found is not None, name
    return found
