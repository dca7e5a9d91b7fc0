"""The analysis room: many evaluations of one scenario.

The tornado (`sensitivity`), Monte Carlo draws (`montecarlo`), scenarios side by side
(`compare`), filling the fleet (`fill`) and making a product in-house only (`in_house`).
The recommended routing is the plan with the fleet kept (`core.plan.routing`).
"""

__all__ = ["compare", "fill", "in_house", "montecarlo", "sensitivity"]
