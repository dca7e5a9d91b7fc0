"""The plan room: how many GPUs of which generation to add each year, and where to route.

`data` gathers the linear program's figures from a scenario, `lp` states the program
(variables, objective, rows), `moves` prices moved traffic, `locks` keeps the user's
decisions, `optimum` solves it in whole GPUs (`highs`: the LP and MILP calls; `cancel`
stops a run before its next one), `solve` recommends the plan and applies the answer,
`words` and `nearest` say which limits bind or break (and how far), `explain` says why,
`routing` is the plan with the fleet as it is, `frontier` and `robust` solve it many times.
"""

__all__ = ["cancel", "explain", "frontier", "locks", "lp", "robust", "routing", "solve"]
