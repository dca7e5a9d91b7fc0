"""The plan room: how many GPUs of which generation to add each year, and where to route.

`data` gathers the linear program's figures from a scenario, `lp` states the program
(variables, objective, rows), `solve` solves it and applies the answer, `words` says
which limits bind or break, `frontier` and `robust` solve it many times.
"""

__all__ = ["frontier", "lp", "robust", "solve"]
