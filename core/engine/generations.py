"""Each generation its own physics: a mixed fleet's hours for the year's work.

docs/model.md#F-generations. Every GPU in service time-shares the year's work, so each
route's tokens per GPU-second mix the generations' own rates (`core.engine.routes`, per
product, model and generation) by their GPUs in service, and training mixes their peak
FLOP/s. A ramp and a build plan holding the same GPUs get the same figures, and the plan
optimizer (`core.plan`) reads these functions rather than a copy of them.
"""

from dataclasses import dataclass

import numpy as np

from core.engine.compiled import FloatArray, Structure

SECONDS_PER_HOUR = 3600.0


def generation_gpus(s: Structure, count: FloatArray) -> FloatArray:
    """(B, T, G) GPUs in service of each generation, from GPUs per cohort (B, C).

    A refreshed cohort counts as the generation it is re-bought as.
    """
    result: FloatArray = (count @ s.generation_in_service).reshape(
        len(count), len(s.years), len(s.generation_names)
    )
    return result


def hours_per_token(rate: FloatArray) -> FloatArray:
    """GPU-hours per token at `rate` tokens per GPU-second; 0 where nothing is served."""
    result: FloatArray = np.divide(
        1.0 / SECONDS_PER_HOUR, rate, out=np.zeros_like(rate), where=rate > 0
    )
    return result


def reference_hours_per_token(s: Structure) -> FloatArray:
    """(P, M) reference-GPU hours per token of each route (0 for partner routes)."""
    return hours_per_token(s.generation_rate[0])


def route_hours(s: Structure, share: FloatArray, held: FloatArray | None) -> FloatArray:
    """(B, T, P, M) fleet GPU-hours per token of each route on a fleet of `share` (B, T, G).

    The route's rate is the GPU-weighted mean of its generations' rates: every GPU that
    keeps its promise time-shares its work (0 hours where no generation in service
    serves it). `held` is `held_share`'s, None where every route runs on every GPU.
    """
    if held is None:  # every route on every GPU: the default's case, without the held axis
        return hours_per_token(np.einsum("btg,gpm->btpm", share, s.generation_rate))
    return hours_per_token(np.einsum("btgpm,gpm->btpm", held, s.generation_rate))


def held_share(s: Structure, share: FloatArray) -> FloatArray:
    """(B, T, G, P, M) each generation's part of each route's tokens on a fleet of `share`.

    A route runs on the generations in service that keep its promise, by their GPUs; where
    none does, on every GPU (and its tokens are late: `kept_share`). docs/model.md#F-slo.
    """
    kept = share[..., None, None] * s.generation_keeps
    on_keepers = kept.sum(axis=2, keepdims=True)
    result: FloatArray = np.where(
        on_keepers > 0, kept / np.where(on_keepers > 0, on_keepers, 1.0), share[..., None, None]
    )
    return result


def mix(gpus: FloatArray) -> FloatArray:
    """(B, T, G) each generation's share of the GPUs in service.

    A year with none counts as all reference GPUs (the plan may start from no fleet).
    """
    total = gpus.sum(axis=-1, keepdims=True)
    if (total > 0).all():  # every year holds GPUs: the drag's case, without the masks
        shares: FloatArray = gpus / total
        return shares
    reference = (np.arange(gpus.shape[-1]) == 0).astype(float)
    result: FloatArray = np.divide(
        gpus, total, out=np.broadcast_to(reference, gpus.shape).copy(), where=total > 0
    )
    return result


def peak_factor(s: Structure, share: FloatArray) -> FloatArray:
    """(B, T) the mean peak FLOP/s of a fleet of `share` (B, T, G) over the reference GPU's.

    Training's speed.
    """
    result: FloatArray = share @ s.generation_peak_ratio
    return result


@dataclass(frozen=True)
class Work:
    """The year's in-house work on a mixed fleet, in hours of the fleet's own GPUs."""

    hours_per_token: FloatArray  # (B, T, P, M) of each route on this fleet
    inference_gpu_hours: FloatArray  # (B, T, P, M) the average hour's
    training_gpu_hours: FloatArray  # (B, T, M)
    speed: FloatArray  # (B, T, G) reference-GPU hours per hour of each generation on it
    reference_per_hour: FloatArray  # (B, T) reference-GPU hours per fleet GPU-hour on it
    mix: FloatArray  # (B, T, G) each generation's share of the GPUs in service
    latency: "Served"  # each route's latency and slots on the GPUs serving it


def fleet_work(
    s: Structure,
    gpus: FloatArray,
    routed: FloatArray,
    training_reference_hours: FloatArray,
    software: FloatArray,
) -> Work:
    """Hours of `routed` tokens (B, T, P, M) and of training on `gpus` (B, T, G) GPUs.

    A route's rate is the GPU-weighted mean of its generations' rates (its hours per
    token the harmonic mean) times the year's software factor `software` (B, T): the same
    GPUs serve more at the same promise (docs/model.md#F-software-drift). Training runs at
    the mean peak. Where the fleet serves a route on no generation (none in service can),
    it adds no hours, as before.
    """
    share = mix(gpus)
    held = None if s.keeps_alike else held_share(s, share)
    per_token = route_hours(s, share, held) / software[..., None, None]
    inference = routed * per_token
    peak = np.maximum(peak_factor(s, share), 1e-300)
    training = training_reference_hours / peak[..., None]
    speed = generation_speed(s, inference, training)
    latency = served(s, held)
    return Work(per_token, inference, training, speed, (share * speed).sum(axis=-1), share, latency)


@dataclass(frozen=True)
class Served:
    """Each route's latency and slots on the GPUs that serve it.

    (B, T, P, M) each, or (P, M) where every generation judges every route alike: read
    them through `full`.
    """

    ttft_s: FloatArray  # p95 time to first token
    tpot_s: FloatArray  # time per output token
    busy_hour_slots: FloatArray  # slots at the busy hour per GPU-hour of yearly work
    replica_slots: FloatArray  # one replica's slots: no route holds fewer (F-queueing)
    request_s: FloatArray  # how long a request holds its slot


def full(values: FloatArray, like: FloatArray) -> FloatArray:
    """`values` (a `Served` field, or `kept_share`'s) at the shape of `like` (B, T, P, M)."""
    return np.broadcast_to(values, like.shape)


def served(s: Structure, held: FloatArray | None) -> Served:
    """Each route on the generations serving it that year (`held`), docs/model.md#F-slo.

    The slowest of them sets its latency and how long a request holds a slot; its slots
    are each generation's per GPU-hour, weighted by the hours it spends there. Where every
    generation keeps or misses every promise alike, the selected generation's deployment,
    as reported.
    """
    if held is None:  # (P, M): the same every draw and year
        return Served(
            s.route_ttft_s,
            s.route_tpot_s,
            s.busy_hour_slots,
            s.route_replica_slots,
            s.route_request_s,
        )
    # Each figure's max over the generations serving the route (0 where none does).
    latency = np.where(held[..., None] > 0, s.generation_latency, 0.0).max(axis=2)
    slots = (held * s.generation_busy_hour_slots).sum(axis=2)
    replica = (held * s.generation_replica_slots).sum(axis=2)
    return Served(latency[..., 0], latency[..., 1], slots, replica, latency[..., 2])


def generation_speed(s: Structure, inference: FloatArray, training: FloatArray) -> FloatArray:
    """(B, T, G) reference-GPU hours one hour of each generation does of the year's work.

    Each generation's speed over the reference's on each route (and on training, its
    peak ratio), weighted by the hours the fleet spends on it. The fleet's reference
    hours are then sum_g GPUs_g x speed_g x hours: linear in the GPUs for a given mix,
    which is the plan's capacity row. With no work, `even_speed`.
    """
    by_route = inference.reshape(*inference.shape[:-2], -1)  # (B, T, P x M)
    training_hours = training.sum(axis=2)[..., None]
    weighted = by_route @ s.route_speed_ratio + training_hours * s.generation_peak_ratio
    hours = by_route.sum(axis=-1, keepdims=True) + training_hours
    if (hours > 0).all():  # work every year: the drag's case, without the masks
        speed: FloatArray = weighted / hours
        return speed
    result: FloatArray = np.where(
        hours > 0, weighted / np.where(hours > 0, hours, 1.0), s.even_speed
    )
    return result
