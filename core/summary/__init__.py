"""The summary room: results in words and verdicts for a reader.

The headline, each KPI's status (good, watch, act), the direction of a change against
the baseline, the top risks and the labels of key inputs with their units and sources.
"""

__all__ = ["direction", "headline", "input_labels", "risks", "status"]
