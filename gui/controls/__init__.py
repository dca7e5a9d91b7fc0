"""Controls: the widgets that edit the scenario (sliders, scenario bar); they write to it."""
