"""Waiting for a slot at the busy hour: the p95 queueing delay of an in-house route.

A replica decodes up to `batch` requests at once, and a request holds its slot for its
whole duration. A load balancer sends each request to any free slot of the route's
replicas, so the route is one pool of N slots: N = slots per GPU x the route's GPUs at the
busy hour. Requests arrive at random (Poisson) and last a varied time: an M/G/N queue,
approximated as in docs/model.md#F-queueing. Halfin-Whitt gives the chance to wait,
P = 1 / (1 + b Phi(b) / phi(b)) with b = (1 - rho) sqrt(N); the wait beyond t decays as
exp(-N (1 - rho) t / S); Allen-Cunneen's (1 + cv^2) / 2 scales it for durations that are not
exponential. A big pool runs hot with short waits; a small one queues early.
"""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
PERCENTILE_TAIL = 0.05  # p95: the wait 5% of requests exceed
SERVICE_CV2 = 1.0  # squared coefficient of variation of a request's duration (output lengths)
# A fleet short at the busy hour runs full and sends the rest to cloud burst; its queue is
# taken as that of a fleet this busy (the queue of a fleet at 100% has no bound).
BUSIEST = 0.99
LOG_2PI = float(np.log(2.0 * np.pi))
SQRT_2 = float(np.sqrt(2.0))


def wait_probability(slots: FloatArray, rho: FloatArray) -> FloatArray:
    """The chance an arriving request finds every slot busy (Halfin-Whitt's Erlang C)."""
    beta = (1.0 - np.asarray(rho, dtype=float)) * np.sqrt(np.maximum(slots, 1.0))
    # 1 / (1 + b Phi(b) / phi(b)) in logs: phi(b) underflows long before the chance is 0
    log_ratio = np.log(np.maximum(beta * normal_cdf(beta), 1e-300)) + 0.5 * (beta**2 + LOG_2PI)
    result: FloatArray = np.exp(-np.logaddexp(0.0, log_ratio))
    return result


def normal_cdf(x: FloatArray) -> FloatArray:
    """Phi(x) for x >= 0 from Abramowitz & Stegun 7.1.26 (error < 1.5e-7), numpy only.

    scipy would do it too, but the engine runs in the first window, which must start
    without scipy (it costs a cold start a tenth of a second).
    """
    z = np.asarray(x, dtype=float) / SQRT_2
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-(z**2))
    result: FloatArray = 0.5 * (1.0 + erf)
    return result


def p95_wait_s(slots: FloatArray, request_s: FloatArray, rho: FloatArray) -> FloatArray:
    """The wait for a slot that 5% of requests exceed, in seconds; 0 without slots.

    P(wait > t) = P exp(-N (1 - rho) t / S): zero while fewer than 5% wait at all.
    """
    n = np.asarray(slots, dtype=float)
    rho = np.minimum(np.asarray(rho, dtype=float), BUSIEST)
    chance = wait_probability(n, rho)
    drain_per_s = np.maximum(n, 1.0) * (1.0 - rho) / np.maximum(request_s, 1e-12)
    tail = np.log(np.maximum(chance, PERCENTILE_TAIL) / PERCENTILE_TAIL) / drain_per_s
    result: FloatArray = np.where(n > 0.0, tail * (1.0 + SERVICE_CV2) / 2.0, 0.0)
    return result


def busy_hour_load(utilization: FloatArray) -> FloatArray:
    """The load the queue sees: the busy hour's utilization, a full fleet's at `BUSIEST`."""
    result: FloatArray = np.minimum(np.asarray(utilization, dtype=float), BUSIEST)
    return result


def route_waits_s(
    slots_per_gpu: FloatArray,
    request_s: FloatArray,
    busy_hour_gpus: FloatArray,
    utilization: FloatArray,
) -> FloatArray:
    """(..., T, P, M) p95 wait of every route: its pool at its GPUs, the fleet's busy-hour load.

    `busy_hour_gpus` (..., T, P, M) is what each route holds at the busy hour, `utilization`
    (..., T) the fleet's; routes without slots (partners) or without traffic wait nothing.
    """
    slots = slots_per_gpu * busy_hour_gpus
    load = busy_hour_load(utilization)[..., None, None]
    return p95_wait_s(slots, request_s, load)
