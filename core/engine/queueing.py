"""Waiting for a slot at the busy hour: the p95 queueing delay of an in-house route.

A replica decodes up to `batch` requests at once, and a request holds its slot for its
whole duration. A load balancer sends each request to any free slot of the route's
replicas, so the route is one pool of N slots: N = slots per GPU x the route's GPUs at the
busy hour, and never fewer than one replica's. Requests arrive at random (Poisson) and
last a varied time: an M/G/N queue, approximated as in docs/model.md#F-queueing.
Halfin-Whitt gives the chance to wait, P = 1 / (1 + b Phi(b) / phi(b)) with
b = (1 - rho) sqrt(N); the wait beyond t decays as exp(-N (1 - rho) t / S); Allen-Cunneen's
(1 + cv^2) / 2 scales it for durations that are not exponential. A big pool runs hot with
short waits; a small one queues early.
"""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
PERCENTILE_TAIL = 0.05  # p95: the wait 5% of requests exceed
SERVICE_CV2 = 1.0  # squared coefficient of variation of a request's duration (output lengths)
ALLEN_CUNNEEN = (1.0 + SERVICE_CV2) / 2.0
# A fleet short at the busy hour runs full and sends the rest to cloud burst; its queue is
# taken as that of a fleet this busy (the queue of a fleet at 100% has no bound).
BUSIEST = 0.99
HALF_LOG_2PI = float(0.5 * np.log(2.0 * np.pi))
LOG_ODDS_TAIL = float(-np.log(PERCENTILE_TAIL))  # ln(1 / 0.05): P(wait) past 5%, in logs
# Abramowitz & Stegun 7.1.26 for erf(x / sqrt 2), its polynomial halved (exactly: powers of 2)
# so that Phi = 1 - poly exp(-x^2 / 2) without the 0.5 (1 + erf) step.
AS_P_OVER_SQRT_2 = float(0.3275911 / np.sqrt(2.0))
AS_HALF_POLYNOMIAL = tuple(
    0.5 * a for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)  # a5 first, for Horner's rule


def wait_probability(slots: FloatArray, rho: FloatArray) -> FloatArray:
    """The chance an arriving request finds every slot busy (Halfin-Whitt's Erlang C)."""
    beta = (1.0 - np.asarray(rho, dtype=float)) * np.sqrt(np.maximum(slots, 1.0))
    result: FloatArray = np.exp(-_log_odds_of_no_wait(beta))
    return result


def _log_odds_of_no_wait(beta: FloatArray) -> FloatArray:
    """ln(1 + b Phi(b) / phi(b)) = -ln P(wait), in logs: phi(b) underflows long before P is 0."""
    log_ratio = np.log(np.maximum(beta * normal_cdf(beta), 1e-300))
    log_ratio += beta * beta * 0.5
    log_ratio += HALF_LOG_2PI
    result: FloatArray = np.logaddexp(0.0, log_ratio)
    return result


def normal_cdf(x: FloatArray) -> FloatArray:
    """Phi(x) for x >= 0 from Abramowitz & Stegun 7.1.26 (error < 1.5e-7), numpy only.

    scipy would do it too, but the engine runs in the first window, which must start
    without scipy (it costs a cold start a tenth of a second). Horner's steps in place:
    the queue runs it on every route at every evaluation, a few microseconds a step.
    """
    x = np.asarray(x, dtype=float)
    t = 1.0 / (1.0 + AS_P_OVER_SQRT_2 * x)
    poly = t * AS_HALF_POLYNOMIAL[0]
    for coefficient in AS_HALF_POLYNOMIAL[1:]:
        poly += coefficient
        poly *= t
    poly *= np.exp(x * x * -0.5)
    result: FloatArray = 1.0 - poly
    return result


def p95_wait_s(slots: FloatArray, request_s: FloatArray, rho: FloatArray) -> FloatArray:
    """The wait for a slot that 5% of requests exceed, in seconds; 0 without slots.

    P(wait > t) = P exp(-N (1 - rho) t / S): zero while fewer than 5% wait at all, so
    ln(max(P, 0.05) / 0.05) = ln 20 - min(-ln P, ln 20).
    """
    n = np.asarray(slots, dtype=float)
    spare = 1.0 - np.minimum(rho, BUSIEST)
    room = np.maximum(n, 1.0)
    odds = _log_odds_of_no_wait(spare * np.sqrt(room))
    drain_per_s = room * spare / np.maximum(request_s, 1e-12)
    tail = (LOG_ODDS_TAIL - np.minimum(odds, LOG_ODDS_TAIL)) / drain_per_s
    result: FloatArray = np.where(n > 0.0, tail * ALLEN_CUNNEEN, 0.0)
    return result


def route_waits_s(
    slots: FloatArray, replica_slots: FloatArray, request_s: FloatArray, utilization: FloatArray
) -> FloatArray:
    """(..., T, P, M) p95 wait of every route: its pool of `slots`, the fleet's busy-hour load.

    `slots` (..., T, P, M) is each route's pool at the busy hour, `utilization` (..., T)
    the fleet's (taken at `BUSIEST` when it is full); routes without slots (partners) or
    without traffic wait nothing. No route has fewer slots than one replica decodes at
    once (`replica_slots`): a route of little traffic holds a whole replica, at the load
    its traffic brings it (a pool of a tenth of a slot at the fleet's load waited minutes
    on an idle fleet).
    """
    pool = np.maximum(slots, replica_slots)
    load = np.minimum(utilization, BUSIEST)[..., None, None] * slots
    load /= np.where(pool > 0.0, pool, 1.0)
    return p95_wait_s(np.where(slots > 0.0, pool, 0.0), request_s, load)
