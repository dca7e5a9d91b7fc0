"""The engine room: a scenario in, results out (docs/model.md, the formulas).

`compiled` turns a scenario into arrays once per structure (`fixed` derives what depends
on the structure alone); `serving` (the step time), `deployment` (the search) and `routes`
find each in-house deployment;
`cohorts`, `money` and `training` cost the fleet; `kernel` evaluates every year at once;
`results` and `result_tables` give the figures by name;
`evaluate` is the entry point (also re-exported as `core.evaluate`).
"""

__all__ = ["compiled", "kernel", "result_tables", "results", "risk", "routes"]
