"""The analysis room: many evaluations of one scenario.

The tornado (`sensitivity`), Monte Carlo draws (`montecarlo`), scenarios side by side
(`compare`) and filling the fleet (`fill`). The recommended routing is the plan with the
fleet kept (`core.plan.routing`).
"""

__all__ = ["compare", "fill", "montecarlo", "sensitivity"]
