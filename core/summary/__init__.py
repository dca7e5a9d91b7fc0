"""The summary room: results in words and verdicts for a reader.

The headline, each KPI's status (good, watch, act), the direction of a change against
the baseline, the top risks, the labels of key inputs with their units and sources, and
every input field's label with its unit.
"""

__all__ = ["direction", "field_labels", "headline", "input_labels", "risks", "status"]
