"""The formats room: outside file formats, read and written.

Readers: request traces (`trace`), usage history (`usage`), the partner price catalog
(`catalog`), each turned into scenario edits (`imports`, `catalog_edits`). Writers: the
result tables as CSV and XLSX (`export`), the finance workbook of live formulas (`finance`,
over `finance_parts`, the figures; `workbook_cells`, the cells; `calculations` and
`cohort_lines`, the formulas) and the PowerPoint deck (`deck`: its content from
`storyline`, the message titles, and `argument`, comparisons and recommendations;
`deck_charts`, the charts as data; `slides`, the drawing).
Only this room imports openpyxl, python-pptx or genai-prices.
"""

__all__ = [
    "argument",
    "catalog",
    "catalog_edits",
    "deck",
    "deck_charts",
    "export",
    "finance",
    "imports",
    "slides",
    "storyline",
    "tabular",
    "trace",
    "usage",
]
