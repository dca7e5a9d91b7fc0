"""The plan window's charts with no plan on screen, as after a run that found none.

A run that finds no plan must not leave the plan before it drawn: it answered other
inputs, and read beside "No plan" it looked like the answer to the limits just typed.
"""

import numpy as np

from gui.dialogs.plan.charts import BuildChart, PlanFrontier


def clear_build(chart: BuildChart) -> None:
    """The build chart as before any run: no bars, no legend, no hover, "no plan" said."""
    empty = np.zeros(0)
    for layer in chart.layers:
        layer.set_values(x=empty, height=empty, y0=empty)
    chart._name([])  # the legend names what a plan buys: nothing now, as BuildChart starts
    chart.set_title("GPUS ADDED BY GENERATION · NO PLAN")
    chart.fit_y(1.0)
    chart.describe = lambda _x, _y: None


def clear_frontier(chart: PlanFrontier) -> None:
    """No plan, no star, no knee: nothing to click."""
    chart.show_none()
    chart.knee.setData(x=[], y=[])
