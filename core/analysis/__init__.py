"""The analysis room: many evaluations of one scenario.

Recommended routing (`optimize`), the tornado (`sensitivity`), Monte Carlo draws
(`montecarlo`) and scenarios side by side (`compare`).
"""

__all__ = ["compare", "fill", "montecarlo", "optimize", "sensitivity"]
