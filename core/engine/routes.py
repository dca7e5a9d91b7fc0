"""What each route (product, model) takes and gives: throughput per generation and latency.

In-house routes come from the fitted deployment (`core.engine.deployment`) on every generation
the fleet may hold (the reference, the baseline's, the selected one, a plan's); partner routes
from the latency observed at their API. A route meets its product's promise (SLO) when
both its p95 TTFT and its TPOT are within it (docs/model.md#F-slo).
"""

from typing import Any

import numpy as np

from core.engine.cohorts import serving_generations
from core.engine.deployment import (
    LIMITS,
    MEETS,
    MISSES_TPOT,
    MISSES_TTFT,
    NO_FIT,
    REASONS,
    deploy,
    largest_replica,
)
from core.engine.serving import (
    FITTED,
    FORMATS,
    LAYOUTS,
    FloatArray,
    GpuSpecs,
    ModelSpecs,
    Workloads,
    arithmetic_format,
    weights_format,
)
from core.numbers import past
from core.scenario.checks import weights_room
from core.scenario.schema import GpuSpec, InHouseModel, Product, Scenario


def route_arrays(s: Scenario) -> dict[str, Any]:
    """Structure fields of every route: rates and verdicts per generation (G, P, M), latency (P, M).

    Each generation the fleet may hold serves at its own deployment's rate and keeps or
    misses each promise by its own deployment (docs/model.md#F-generations, #F-slo); the
    route's latency shown is its deployment's on the selected generation (`fleet.gpu`).
    Replicas span NVLink domains as `fleet.wide_expert_parallel` allows (`deploy`).
    """
    in_house = [i for i, m in enumerate(s.models) if isinstance(m, InHouseModel)]
    models = [m for m in s.models if isinstance(m, InHouseModel)]
    names = serving_generations(s)
    generations = tuple(s.gpu_spec(n) for n in names)
    shape = (len(names), len(s.products), len(s.models))  # (G, P, M)
    rate, ttft, tpot, slots, replica_slots = (np.zeros(shape) for _ in range(5))
    reason = np.full(shape, MEETS)
    workloads = _workloads(s.products)
    if models:
        d = deploy(
            workloads,
            _model_specs(models),
            _gpu_specs(generations),
            span_domains=s.fleet.wide_expert_parallel,
        )
        rate[:, :, in_house] = np.moveaxis(1e6 / 3600.0 / d.gpu_hours_per_m_tokens, 2, 0)
        measured = _measured_rates(s, models, generations)  # (G, M_in), NaN where none
        has = ~np.isnan(measured)
        rate[:, :, in_house] = np.where(has[:, None, :], measured[:, None, :], rate[:, :, in_house])
        for field, value in ((ttft, d.ttft_s), (tpot, d.tpot_s), (reason, d.reason)):
            field[:, :, in_house] = np.moveaxis(value, 2, 0)
        slots[:, :, in_house] = np.moveaxis(_slots_per_gpu(d), 2, 0)
        replica_slots[:, :, in_house] = np.moveaxis(np.where(slots_fit(d), d.batch, 0.0), 2, 0)
    for j, m in enumerate(s.models):
        if not isinstance(m, InHouseModel):  # an API answers alike whatever the fleet holds
            ttft[:, :, j], tpot[:, :, j] = m.ttft_p95_s, m.tpot_p95_ms / 1000.0
            late = tpot[0, :, j] > workloads.tpot_slo_s
            slow = ttft[0, :, j] > workloads.ttft_slo_s
            reason[:, :, j] = np.where(late, MISSES_TPOT, np.where(slow, MISSES_TTFT, MEETS))
    # A request holds its slot from its arrival to its last token.
    request_s = np.where(slots > 0, ttft + workloads.output_tokens[:, None] * tpot, 0.0)
    selected = names.index(s.fleet.gpu)  # what a route reports: the generation bought
    return {
        "generation_rate": rate,
        "serving_rate": rate[[names.index(s.fleet.baseline_gpu), selected]],
        "route_ttft_s": ttft[selected],
        "route_tpot_s": tpot[selected],
        "route_slo_reason": reason[selected],
        "generation_slo_reason": reason,
        "generation_latency": np.stack([ttft, tpot, request_s], axis=-1),
        "generation_slots_per_gpu": slots,
        "route_slots_per_gpu": slots[selected],
        "generation_replica_slots": replica_slots,
        "route_replica_slots": replica_slots[selected],
        "route_request_s": request_s[selected],
        "ttft_slo_s": workloads.ttft_slo_s,
        "tpot_slo_s": workloads.tpot_slo_s,
        "peak_to_average": np.array([p.peak_to_average for p in s.products], dtype=float),
    }


def _slots_per_gpu(d: Any) -> FloatArray:
    """(P, M_in, G) requests in flight per GPU of a route's deployment (0 where nothing fits).

    A replica decodes `batch` requests at once on its decode GPUs plus, disaggregated, its
    own prefill pool: the route's pool of slots grows with the GPUs it holds
    (docs/model.md#F-queueing).
    """
    gpus = d.replica_gpus + np.where(d.disaggregated, d.prefill_gpus, 0.0)
    per_gpu = d.batch / np.maximum(gpus, 1e-12)
    result: FloatArray = np.where(slots_fit(d), per_gpu, 0.0)
    return result


def slots_fit(d: Any) -> Any:
    """(P, M_in, G) where a deployment fits: a route there has slots (docs/model.md#F-queueing)."""
    return d.reason != NO_FIT


def one_deployment(
    model: InHouseModel, product: Product, gpu: GpuSpec, span_domains: bool = False
) -> dict[str, Any]:
    """The deployment of `model` for `product` on `gpu`, in words and units (`scaledeck serve`).

    A promise no deployment keeps is an answer: `meets_slo` false and `reason` saying why.
    `tokens_per_gpu_s` counts prompt and output tokens over every GPU (prefill and decode
    pools together), as InferenceX does. `span_domains`: see `deploy`.
    """
    d = deploy(
        _workloads((product,)), _model_specs([model]), _gpu_specs((gpu,)), span_domains=span_domains
    )

    def at(values: np.ndarray) -> float | None:
        value = float(values[0, 0, 0])
        return value if np.isfinite(value) else None  # nothing fits: no figure

    reason = int(d.reason[0, 0, 0])
    tpot_s, ttft_s = float(d.tpot_s[0, 0, 0]), float(d.ttft_s[0, 0, 0])
    fits = np.isfinite(d.tpot_s[0, 0, 0])  # the weights fit: the figures exist
    replica = int(d.replica_gpus[0, 0, 0])
    deployment = {
        "tensor_parallel": int(d.tensor_parallel[0, 0, 0]),
        "expert_parallel": int(d.expert_parallel[0, 0, 0]),
        "replica_gpus": replica,
        "layout": LAYOUTS[int(d.layout[0, 0, 0])],
        "disaggregated": bool(d.disaggregated[0, 0, 0]),
        "prefill_gpus": round(float(d.prefill_gpus[0, 0, 0]), 2),
        "decode_gpus": replica,
        "draft_tokens": int(d.drafts[0, 0, 0]),
    }
    return {
        "tokens_per_gpu_s": at(d.tokens_per_gpu_s),
        "decode_tokens_per_gpu_s": at(d.decode_tokens_per_gpu_s) if fits else None,
        "prefill_tokens_per_gpu_s": at(d.prefill_tokens_per_gpu_s),
        "gpu_hours_per_m_tokens": at(d.gpu_hours_per_m_tokens),
        "deployment": deployment if fits else None,
        "replica_gpus": replica if fits else None,
        "batch": round(float(d.batch[0, 0, 0]), 1) if fits else None,
        "tpot_ms": tpot_s * 1000.0 if fits else None,
        "ttft_s": at(d.ttft_s),
        "limit": LIMITS[int(d.limit[0, 0, 0])] if fits else None,
        "meets_slo": reason == MEETS,
        "reason": _why_not(reason, model, product, gpu, tpot_s, ttft_s),
        "architecture": architecture(model),
        "weights_precision": weights_precision(model.bytes_per_param),
        "arithmetic_precision": arithmetic_precision(model.bytes_per_param, gpu),
    }


def architecture(model: InHouseModel) -> dict[str, int]:
    """The shape the step time reads: depth, width and experts (0 experts: dense)."""
    experts, per_token = model.routed_experts
    return {
        "layers": model.layers,
        "hidden_size": model.hidden_size,
        "experts": experts,
        "experts_per_token": per_token,
    }


def weights_precision(bytes_per_param: float) -> str:
    """The weights' format: 'fp4', 'fp8' or 'bf16'."""
    return FORMATS[int(weights_format(np.asarray(bytes_per_param)))]


def arithmetic_precision(bytes_per_param: float, gpu: GpuSpec) -> str:
    """The format the matrices compute in, as the step time reads it (docs/model.md#F-serving).

    The weights' own where the GPU computes in it, else BF16 (weight-only: gpt-oss's MXFP4
    weights on Hopper or MI300X multiply BF16 activations).
    """
    computed = arithmetic_format(np.asarray(bytes_per_param), _gpu_specs((gpu,)))
    return FORMATS[int(computed[0])]


def _why_not(
    reason: int, model: InHouseModel, product: Product, gpu: GpuSpec, tpot_s: float, ttft_s: float
) -> str:
    """Why no replica size keeps the promises, with the figures ('' when one does)."""
    if reason == NO_FIT:
        room = weights_room(model, gpu)
        if not room.fits:
            return f"weights do not fit: {room.refusal()}"
        largest = largest_replica(room.mixture)
        context = product.prompt_tokens + product.output_tokens / 2.0
        kv_gb = context * model.kv_bytes_per_token_per_layer * model.layers / 1e9
        return (
            f"memory: one request's KV cache ({kv_gb:,.0f} GB) does not fit beside the "
            f"weights ({room.weights_gb:,.0f} GB) on up to {largest:.0f} x {gpu.name}"
        )
    if reason == MISSES_TPOT:
        took = past(tpot_s * 1000, product.tpot_slo_ms, 1)
        return (
            f"TPOT: even one request at a time takes {took} ms per token "
            f"against the {product.tpot_slo_ms:g} ms promise"
        )
    if reason == MISSES_TTFT:
        took = past(ttft_s, product.ttft_slo_s, 2)
        return (
            f"TTFT: the quickest replica gives the p95 first token in {took} s "
            f"against the {product.ttft_slo_s:g} s promise"
        )
    return REASONS[reason]


def _workloads(products: tuple[Product, ...]) -> Workloads:
    def column(field: str, scale: float = 1.0) -> FloatArray:
        return np.array([getattr(p, field) * scale for p in products], dtype=float)

    return Workloads(
        prompt_tokens=column("prompt_tokens"),
        output_tokens=column("output_tokens"),
        p95_prompt_tokens=column("p95_prompt_tokens"),
        cache_hit=column("cache_hit"),
        ttft_slo_s=column("ttft_slo_s"),
        tpot_slo_s=column("tpot_slo_ms", 1e-3),
    )


def _model_specs(models: list[InHouseModel]) -> ModelSpecs:
    def column(values: list[float]) -> FloatArray:
        return np.array(values, dtype=float)

    experts = [m.routed_experts for m in models]
    return ModelSpecs(
        active_params=column([m.active_params for m in models]),
        total_params=column([m.total_params for m in models]),
        bytes_per_param=column([m.bytes_per_param for m in models]),
        layers=column([m.layers for m in models]),
        hidden_size=column([m.hidden_size for m in models]),
        experts=column([e for e, _ in experts]),
        experts_per_token=column([k for _, k in experts]),
        kv_bytes_per_token_per_layer=column([m.kv_bytes_per_token_per_layer for m in models]),
        attention_flops_per_context_token=column(
            [
                4.0 * m.hidden_size
                if m.attention_flops_per_context_token is None
                else m.attention_flops_per_context_token
                for m in models
            ]
        ),
        latent_kv=column([m.attention == "mla" for m in models]),
        mtp=column([m.mtp for m in models]),
    )


def _gpu_specs(gpus: tuple[GpuSpec, ...]) -> GpuSpecs:
    """The datasheet figures the step time reads, in base units (FLOP/s, bytes/s, bytes)."""

    def column(values: list[float], scale: float) -> FloatArray:
        return np.array(values, dtype=float) * scale

    return GpuSpecs(
        bf16_flops=column([g.peak_tflops for g in gpus], 1e12),
        fp8_flops=column([g.fp8_peak_tflops for g in gpus], 1e12),
        fp4_flops=column([g.fp4_tflops for g in gpus], 1e12),
        bandwidth_bytes_s=column([g.memory_bandwidth_tb_s for g in gpus], 1e12),
        memory_bytes=column([g.memory_gb for g in gpus], 1e9),
        domain=column([g.nvlink_domain for g in gpus], 1.0),
        scale_up_bytes_s=column([g.scale_up_gb_s for g in gpus], 1e9),
        scale_out_bytes_s=column([g.scale_out_gb_s for g in gpus], 1e9),
        software=column([FITTED.amd_software if g.vendor == "amd" else 1.0 for g in gpus], 1.0),
    )


def _measured_rates(
    s: Scenario, models: list[InHouseModel], generations: tuple[GpuSpec, ...]
) -> FloatArray:
    """Measured throughput on the reference GPU, scaled to each generation by bandwidth."""
    reference = s.gpu_spec(s.reference_gpu).memory_bandwidth_tb_s
    measured = np.array(
        [
            np.nan if m.measured_tokens_per_gpu_s is None else m.measured_tokens_per_gpu_s
            for m in models
        ]
    )
    ratio = np.array([g.memory_bandwidth_tb_s / reference for g in generations])
    result: FloatArray = ratio[:, None] * measured[None, :]
    return result


FRONTIER_TPOT_MS = np.geomspace(2.0, 200.0, 41)  # the promises `scaledeck serve --frontier` tries


def frontier(
    model: InHouseModel, product: Product, gpu: GpuSpec, span_domains: bool = False
) -> list[dict[str, Any]]:
    """Tokens per GPU-second against tokens per second per user: the best deployment at each TPOT.

    The product's TTFT promise holds throughout; promises nothing keeps are left out, and
    so is a looser promise that serves no more per GPU than a tighter one (memory full:
    five rows read "100.2 ms, 3,566" on H100, then "170.8 ms, 3,566"): a frontier point
    is one no faster point beats, as InferenceX draws its own.
    """
    promises = [product.model_copy(update={"tpot_slo_ms": float(t)}) for t in FRONTIER_TPOT_MS]
    d = deploy(
        _workloads(tuple(promises)),
        _model_specs([model]),
        _gpu_specs((gpu,)),
        span_domains=span_domains,
    )
    points: list[dict[str, Any]] = []
    for point in (
        {
            "tpot_ms": float(d.tpot_s[i, 0, 0]) * 1000.0,
            "tokens_per_user_s": 1.0 / float(d.tpot_s[i, 0, 0]),
            "tokens_per_gpu_s": float(d.tokens_per_gpu_s[i, 0, 0]),
            "replica_gpus": int(d.replica_gpus[i, 0, 0]),
            "layout": LAYOUTS[int(d.layout[i, 0, 0])],
            "disaggregated": bool(d.disaggregated[i, 0, 0]),
        }
        for i in range(len(promises))
        if d.reason[i, 0, 0] == MEETS
    ):
        if not points or point["tokens_per_gpu_s"] > points[-1]["tokens_per_gpu_s"]:
            points.append(point)
    return points
