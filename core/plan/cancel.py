"""Cancel between HiGHS calls: a plan's long runs stop before their next solve, not step.

One HiGHS call cannot be interrupted (scipy's linprog and milp take no callback), and a
run's progress steps can be several solves apart: a robust plan over 2,000 draws solves
its program five times (4-5 s each) before its first step after the start. Inside
`stoppable(stop)`, every solve first asks `stop()` and raises Cancelled when it says so,
so an abandoned run ends within one solve. The check is per thread (a context variable):
a run cancelled in one worker never stops another.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from core.analysis.montecarlo import Cancelled

_STOP: ContextVar[Callable[[], bool] | None] = ContextVar("plan_stop", default=None)


@contextmanager
def stoppable(stop: Callable[[], bool]) -> Iterator[None]:
    """Solves made inside raise Cancelled, before they start, once `stop()` is true."""
    token = _STOP.set(stop)
    try:
        yield
    finally:
        _STOP.reset(token)


def checkpoint() -> None:
    """Cancelled if the run this thread is in was asked to stop (`stoppable`); else nothing."""
    stop = _STOP.get()
    if stop is not None and stop():
        raise Cancelled
