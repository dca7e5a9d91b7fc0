"""`scaledeck serve`: one roofline deployment (docs/model.md#F-serving) from the command line."""

import argparse
import json
from typing import Any

from pydantic import ValidationError

import core
from cli.errors import EXIT_OK, report_problems
from core.engine.routes import one_deployment
from core.scenario.messages import scenario_error
from core.scenario.schema import GpuSpec, InHouseModel, Product

# Schema field -> the flag that sets it: errors name the flag the user typed.
MODEL_FLAGS = {
    "active_params": "--active-params",
    "total_params": "--total-params",
    "bytes_per_param": "--bytes-per-param",
    "kv_bytes_per_token": "--kv-bytes-per-token",
    "prefill_efficiency": "--prefill-efficiency",
    "decode_efficiency": "--decode-efficiency",
}
PRODUCT_FLAGS = {
    "prompt_tokens": "--prompt-tokens",
    "output_tokens": "--output-tokens",
    "p95_prompt_tokens": "--p95-prompt-tokens",
    "cache_hit": "--cache-hit",
    "tpot_slo_ms": "--tpot-ms",
    "ttft_slo_s": "--ttft-s",
}
KEYS = (
    ("replica_gpus", "Replica", "{:,} GPUs"),
    ("batch", "Decode batch", "{:,} requests"),
    ("limit", "Batch bounded by", "{}"),
    ("tpot_ms", "TPOT", "{:,.1f} ms per token"),
    ("ttft_s", "TTFT (p95)", "{:,.2f} s"),
    ("decode_tokens_per_gpu_s", "Decode", "{:,.1f} output tokens/s per GPU"),
    ("prefill_tokens_per_gpu_s", "Prefill", "{:,.0f} uncached prompt tokens/s per GPU"),
    ("gpu_hours_per_m_tokens", "Cost in GPU time", "{:,.4f} GPU-hours per million tokens"),
)


def register(commands: Any) -> None:
    """Add `serve` to the `scaledeck` parser."""
    serve = commands.add_parser(
        "serve", help="the cheapest deployment of one model for one workload within its SLO"
    )
    serve.add_argument("--active-params", type=float, required=True, help="active parameters")
    serve.add_argument("--total-params", type=float, required=True, help="total parameters")
    serve.add_argument("--bytes-per-param", type=float, default=1.0, help="1 = FP8 (default)")
    serve.add_argument(
        "--kv-bytes-per-token", type=float, default=100_000.0, help="KV bytes per token, all layers"
    )
    serve.add_argument("--gpu", default="H100", help="GPU in the catalog (default H100)")
    serve.add_argument("--prompt-tokens", type=float, required=True, help="mean prompt tokens")
    serve.add_argument("--output-tokens", type=float, required=True, help="mean output tokens")
    serve.add_argument(
        "--p95-prompt-tokens", type=float, help="p95 prompt tokens (default: the mean)"
    )
    serve.add_argument("--cache-hit", type=float, default=0.0, help="prompt share cached (0-1)")
    serve.add_argument("--tpot-ms", type=float, default=40.0, help="TPOT promise, ms (40)")
    serve.add_argument("--ttft-s", type=float, default=3.0, help="p95 TTFT promise, s (3.0)")
    serve.add_argument("--prefill-efficiency", type=float, default=0.30, help="share of peak")
    serve.add_argument("--decode-efficiency", type=float, default=0.165, help="share of peak")
    serve.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Print the deployment, or why no replica size keeps the promises (exit 0: an answer)."""
    try:
        model, product, gpu = _parts(args)
    except core.ScenarioError as error:
        return report_problems(error)
    out = one_deployment(model, product, gpu)
    if args.json:
        print(json.dumps(out, indent=2, allow_nan=False))
        return EXIT_OK
    print(f"{gpu.name}: {'meets' if out['meets_slo'] else 'misses'} the latency promise")
    for key, label, fmt in KEYS:
        value = out[key]
        print(f"  {label:<18} {'n/a' if value is None else fmt.format(value)}")
    if out["reason"]:
        print(f"  Why: {out['reason']}")
    return EXIT_OK


def _parts(args: argparse.Namespace) -> tuple[InHouseModel, Product, GpuSpec]:
    """The model, workload and GPU the flags describe; ScenarioError naming each bad flag."""
    catalog = {g.name: g for g in core.default_scenario().gpu_catalog}
    problems = []
    if args.gpu not in catalog:
        known = ", ".join(sorted(catalog))
        problems.append(core.Problem("--gpu", f"unknown GPU {args.gpu!r} ({known})"))
    p95 = args.prompt_tokens if args.p95_prompt_tokens is None else args.p95_prompt_tokens
    model_fields = {field: getattr(args, field) for field in MODEL_FLAGS}  # same names
    product_fields = {
        "prompt_tokens": args.prompt_tokens,
        "output_tokens": args.output_tokens,
        "p95_prompt_tokens": p95,
        "cache_hit": args.cache_hit,
        "tpot_slo_ms": args.tpot_ms,
        "ttft_slo_s": args.ttft_s,
    }
    model = product = None
    try:
        model = InHouseModel(name="model", available_from=2000, quality={}, **model_fields)
    except ValidationError as error:
        problems += _flagged(error, MODEL_FLAGS)
    try:
        product = Product(
            name="workload", task="-", tokens_per_year=0.0, growth=0.0, quality_floor=0.0,
            routing={}, **product_fields,
        )  # fmt: skip
    except ValidationError as error:
        problems += _flagged(error, PRODUCT_FLAGS)
    if model is not None and model.total_params < model.active_params:
        problems.append(core.Problem("--total-params", "is below --active-params"))
    if product is not None and product.prompt_tokens + product.output_tokens <= 0:
        problems.append(core.Problem("--output-tokens", "a request needs prompt or output tokens"))
    if problems or model is None or product is None or args.gpu not in catalog:
        raise core.ScenarioError(problems)
    return model, product, catalog[args.gpu]


def _flagged(error: ValidationError, flags: dict[str, str]) -> list[core.Problem]:
    """The schema's messages, each under the flag the user typed."""
    return [
        core.Problem(flags.get(p.path, p.path), p.message) for p in scenario_error(error).problems
    ]
