"""`scaledeck serve` and `scaledeck gpus`: one deployment (docs/model.md#F-serving), the catalog."""

import argparse
import math
import re
import sys
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

import core
from cli.errors import EXIT_OK, json_text, report_problems
from core.engine.routes import FRONTIER_TPOT_MS, frontier, one_deployment
from core.scenario.architecture import MAX_ACTIVE_PARAMS, typical_shape
from core.scenario.edits import gpu_named
from core.scenario.files import model_presets
from core.scenario.messages import scenario_error
from core.scenario.schema import GpuSpec, InHouseModel, Product
from core.scenario.sources import published_tco_source
from core.units import counted, significant

# Bytes per weight of each precision served (FP4 carries one 8-bit scale per 16 weights).
PRECISIONS = {"bf16": 2.0, "fp8": 1.0, "fp4": 0.5625}
# Schema field -> the flag that sets it: errors name the flag the user typed.
MODEL_FLAGS = {
    "active_params": "--active-params",
    "total_params": "--total-params",
    "bytes_per_param": "--bytes-per-param",
    "layers": "--layers",
    "hidden_size": "--hidden-size",
    "experts": "--experts",
    "experts_per_token": "--experts-per-token",
    "kv_bytes_per_token_per_layer": "--kv-bytes-per-token-per-layer",
    "attention": "--attention",
    "attention_flops_per_context_token": "--attention-flops-per-context-token",
}
PRODUCT_FLAGS = {
    "prompt_tokens": "--prompt-tokens",
    "output_tokens": "--output-tokens",
    "p95_prompt_tokens": "--p95-prompt-tokens",
    "cache_hit": "--cache-hit",
    "tpot_slo_ms": "--tpot-ms",
    "ttft_slo_s": "--ttft-s",
}


def _rate(value: float) -> str:
    """A rate or count beside the others: whole from 10 (1,118, not 1,118.0), else 2.5."""
    return f"{value:,.{0 if value >= 10 else 1}f}"


KEYS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("tokens_per_gpu_s", "Throughput",
     lambda v: f"{_rate(v)} tokens/s per GPU (prompt and output, all GPUs)"),
    ("decode_tokens_per_gpu_s", "Decode", lambda v: f"{_rate(v)} output tokens/s per decode GPU"),
    ("prefill_tokens_per_gpu_s", "Prefill",
     lambda v: f"{_rate(v)} uncached prompt tokens/s per GPU"),
    ("gpu_hours_per_m_tokens", "Cost in GPU time",
     lambda v: f"{significant(v, 4)} GPU-hours per million tokens"),  # 187.7, 0.2028
    ("batch", "Decode batch", lambda v: f"{_rate(v)} requests per replica"),
    ("limit", "Batch bounded by", "{}".format),
    ("tpot_ms", "TPOT", "{:,.1f} ms per token".format),
    ("ttft_s", "TTFT (p95)", "{:,.2f} s".format),
)  # fmt: skip
IGNORED = ("prefill_efficiency", "decode_efficiency")  # version-6 flags: fitted constants now


def register(commands: Any) -> None:
    """Add `serve` and `gpus` to the `scaledeck` parser."""
    serve = commands.add_parser(
        "serve",
        help="the cheapest deployment of one model for one workload within its latency promises",
    )
    serve.add_argument("--model", help=f"a preset: {', '.join(model_presets())}")
    serve.add_argument("--active-params", type=float, help="active parameters")
    serve.add_argument("--total-params", type=float, help="total parameters")
    serve.add_argument("--layers", type=int, help="transformer layers")
    serve.add_argument("--hidden-size", type=int, help="model width")
    serve.add_argument("--experts", type=int, help="routed experts per layer (0: dense)")
    serve.add_argument("--experts-per-token", type=int, help="experts each token uses")
    serve.add_argument("--kv-bytes-per-token-per-layer", type=float, help="KV-cache bytes")
    serve.add_argument(
        "--kv-bytes-per-token", type=float, help="KV-cache bytes over all layers (deprecated)"
    )
    serve.add_argument("--attention", choices=("gqa", "mla"), help="attention kind")
    serve.add_argument(
        "--attention-flops-per-context-token", type=float, help="per layer (4 x hidden)"
    )
    serve.add_argument(
        "--precision", help="fp8, fp4 or bf16 (default: a preset's own format, else fp8)"
    )
    serve.add_argument("--bytes-per-param", type=float, help="deprecated: use --precision")
    serve.add_argument("--mtp", action="store_true", help="multi-token prediction (draft head)")
    serve.add_argument("--gpu", default="H100", help="GPU in the catalog (default H100)")
    serve.add_argument("--prompt-tokens", type=float, required=True, help="mean prompt tokens")
    serve.add_argument("--output-tokens", type=float, required=True, help="mean output tokens")
    serve.add_argument(
        "--p95-prompt-tokens", type=float, help="p95 prompt tokens (default: the mean)"
    )
    serve.add_argument("--cache-hit", type=float, default=0.0, help="prompt share cached (0-1)")
    serve.add_argument("--tpot-ms", type=float, default=40.0, help="TPOT promise, ms (40)")
    serve.add_argument("--ttft-s", type=float, default=3.0, help="p95 TTFT promise, s (3.0)")
    for field in IGNORED:
        serve.add_argument(f"--{field.replace('_', '-')}", type=float, help="ignored (deprecated)")
    serve.add_argument(
        "--span-domains",
        action="store_true",
        help="let a replica span NVLink domains beyond what its weights need (wide EP)",
    )
    serve.add_argument("--frontier", action="store_true", help="throughput at every TPOT")
    serve.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    serve.set_defaults(run=run_serve)
    gpus = commands.add_parser("gpus", help="the GPU catalog, with its sources")
    gpus.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    gpus.set_defaults(run=run_gpus)


def run_serve(args: argparse.Namespace) -> int:
    """Print the deployment, or why none keeps the promises (exit 0: an answer)."""
    try:
        model, product, gpu = _parts(args)
    except core.ScenarioError as error:
        return report_problems(error)
    for field in IGNORED:
        if getattr(args, field) is not None:
            flag = f"--{field.replace('_', '-')}"
            print(f"{flag} is ignored: fitted constants replace it", file=sys.stderr)
    if args.frontier:
        return _print_frontier(model, product, gpu, args)
    out = one_deployment(model, product, gpu, args.span_domains)
    if args.json:
        print(json_text(out))
        return EXIT_OK
    print(f"{gpu.name}: {'meets' if out['meets_slo'] else 'misses'} the latency promise")
    layout = out["deployment"]
    if layout is not None:
        pools = (
            f"{_gpus(layout['prefill_gpus'])} prefill GPUs per replica on their own"
            if layout["disaggregated"]
            else "prefill on the same GPUs"
        )
        print(
            f"  {'Deployment':<18} {_replica(layout['replica_gpus'])}, {layout['layout']}; {pools}"
        )
    print(f"  {'Architecture':<18} {_architecture_text(out['architecture'])}")
    print(f"  {'Precision':<18} {_precision_text(out, gpu)}")
    for key, label, render in KEYS:
        value = out[key]
        print(f"  {label:<18} {'n/a' if value is None else render(value)}")
    if out["reason"]:
        print(f"  Why: {out['reason']}")
    return EXIT_OK


def _architecture_text(shape: dict[str, int]) -> str:
    """'61 layers, 7,168 wide, 256 experts (8 a token)' or '32 layers, 4,096 wide, dense'."""
    depth = f"{shape['layers']:,} layers, {shape['hidden_size']:,} wide"
    if not shape["experts"]:
        return f"{depth}, dense"
    return f"{depth}, {shape['experts']:,} experts ({shape['experts_per_token']} a token)"


def _precision_text(out: dict[str, Any], gpu: GpuSpec) -> str:
    """'FP8', or 'FP4 weights, BF16 arithmetic (H100 has no FP4)'."""
    weights = str(out["weights_precision"]).upper()
    arithmetic = str(out["arithmetic_precision"]).upper()
    if weights == arithmetic:
        return weights
    return f"{weights} weights, {arithmetic} arithmetic ({gpu.name} has no {weights})"


def _replica(gpus: int) -> str:
    """'1 GPU', '8 GPUs'."""
    return counted(gpus, "GPU")


def _gpus(count: float) -> str:
    """A pool's GPUs per replica: '12.5', or two figures under one ('0.01', not '0.0')."""
    return f"{count:,.1f}" if count >= 1 else f"{count:.2g}"


def _print_frontier(
    model: InHouseModel, product: Product, gpu: GpuSpec, args: argparse.Namespace
) -> int:
    """Tokens per GPU-second at each TPOT promise, or in one line why there is no curve.

    With no point (a TTFT promise nothing keeps, a context or weights that fit nowhere) it
    printed the table's header alone, or `"frontier": []`, and no reason. The reason is the
    one `serve` gives at the loosest promise tried (`_no_curve`), under JSON's `reason`
    ('' with a curve, as `serve`'s when the promise is met); exit 0, an answer as `serve`'s.
    """
    points = frontier(model, product, gpu, args.span_domains)
    reason = "" if points else _no_curve(model, product, gpu, args.span_domains)
    if args.json:
        print(json_text({"gpu": gpu.name, "frontier": points, "reason": reason}))
        return EXIT_OK
    if not points:
        tried = f"{FRONTIER_TPOT_MS[0]:g} to {FRONTIER_TPOT_MS[-1]:g} ms"
        print(f"{gpu.name}: no deployment keeps any TPOT promise from {tried}. Why: {reason}")
        return EXIT_OK
    print(f"{gpu.name}: tokens/s per GPU at each promise (TPOT)")
    print(f"  {'TPOT ms':>8} {'tok/s/user':>10} {'tok/s/GPU':>10}  deployment")
    for p in points:
        split = "disaggregated" if p["disaggregated"] else "same GPUs"
        deployment = f"{_replica(p['replica_gpus'])}, {p['layout']}, {split}"
        print(
            f"  {p['tpot_ms']:>8.1f} {p['tokens_per_user_s']:>10.1f} "
            f"{p['tokens_per_gpu_s']:>10,.0f}  {deployment}"
        )
    return EXIT_OK


def _no_curve(model: InHouseModel, product: Product, gpu: GpuSpec, span_domains: bool) -> str:
    """Why no point of the frontier exists: `serve`'s reason at the loosest TPOT promise.

    Every promise the frontier tries failed, the loosest too, so its reason (TTFT, memory,
    weights, or TPOT at that promise) is what stops the curve.
    """
    loosest = product.model_copy(update={"tpot_slo_ms": float(FRONTIER_TPOT_MS[-1])})
    return str(one_deployment(model, loosest, gpu, span_domains)["reason"])


def run_gpus(args: argparse.Namespace) -> int:
    """List the catalog: datasheet figures by precision, links, power, prices, and sources."""
    s = core.default_scenario()
    ours = core.owned_usd_per_gpu_hour(s)
    rows = [_gpu_row(s, g, ours[g.name]) for g in s.gpu_catalog]
    sources = {k: v.model_dump() for k, v in s.sources.items() if k.startswith("gpu_catalog")}
    if args.json:
        print(json_text({"gpu_catalog": rows, "sources": sources}))
        return EXIT_OK
    print(
        f"{'GPU':<8} {'BF16 TF':>8} {'FP8 TF':>8} {'FP4 TF':>8} {'HBM GB':>7} {'TB/s':>5} "
        f"{'TDP W':>6} {'kW all-in':>9} {'domain':>6} {'up GB/s':>7} {'capex $':>8} {'$/GPU-h':>7}"
        f" {'TCO $/h':>7} {'pub. $/h':>8}"
    )
    for g in s.gpu_catalog:
        fp4 = f"{g.fp4_tflops:,.0f}" if g.fp4_tflops > 0 else "-"
        kw = "-" if g.all_in_kw is None else f"{g.all_in_kw:.2f}"
        published = g.published_tco_usd_per_gpu_hour
        print(
            f"{g.name:<8} {g.peak_tflops:>8,.0f} {g.fp8_peak_tflops:>8,.0f} {fp4:>8} "
            f"{g.memory_gb:>7,.0f} {g.memory_bandwidth_tb_s:>5.2f} {g.tdp_w:>6,.0f} {kw:>9} "
            f"{g.nvlink_domain:>6} {g.scale_up_gb_s:>7,.0f} {g.capex_usd:>8,.0f} "
            f"{g.cloud_usd_per_gpu_hour:>7.2f} {ours[g.name]:>7.2f} "
            f"{'-' if published is None else f'{published:.2f}':>8}"
        )
    print("TCO $/h: ours, from the model's fleet money (docs/model.md#F-owned-gpu-hour)")
    print("pub. $/h: a published all-in TCO per GPU-hour (its source below)")
    print("Sources:")
    for key, source in sources.items():
        mark = " (illustrative)" if source["illustrative"] else ""
        print(f"  {key}: {source['text']}{mark}")
    return EXIT_OK


def _gpu_row(s: core.Scenario, gpu: GpuSpec, ours_usd: float) -> dict[str, Any]:
    """A catalog row as JSON: its fields, our owned cost an hour, the published one's source."""
    return gpu.model_dump() | {
        "fp8_tflops": gpu.fp8_peak_tflops,
        "tco_usd_per_gpu_hour": ours_usd,
        "published_tco_source": published_tco_source(s, gpu),
    }


def _parts(args: argparse.Namespace) -> tuple[InHouseModel, Product, GpuSpec]:
    """The model, workload and GPU the flags describe; ScenarioError naming each bad flag."""
    catalog = core.default_scenario().gpu_catalog
    gpu = gpu_named(args.gpu, catalog)
    problems = []
    if gpu is None:
        known = ", ".join(g.name for g in catalog)
        problems.append(core.Problem("--gpu", f"unknown GPU {args.gpu!r} (valid: {known})"))
    bytes_per_param, precision_problem = _precision(args)
    if precision_problem is not None:
        problems.append(precision_problem)
    model_fields, model_problems = _model_fields(args)
    problems += model_problems
    p95 = args.prompt_tokens if args.p95_prompt_tokens is None else args.p95_prompt_tokens
    product_fields = {
        "prompt_tokens": args.prompt_tokens,
        "output_tokens": args.output_tokens,
        "p95_prompt_tokens": p95,
        "cache_hit": args.cache_hit,
        "tpot_slo_ms": args.tpot_ms,
        "ttft_slo_s": args.ttft_s,
    }
    model = product = None
    if not model_problems:
        try:
            if bytes_per_param is not None:
                model_fields["bytes_per_param"] = bytes_per_param
            model = InHouseModel(
                name="model", available_from=2000, quality={}, mtp=args.mtp, **model_fields
            )
        except ValidationError as error:
            problems += _as_typed(_flagged(error, MODEL_FLAGS), args, model_fields)
    try:
        product = Product(
            name="workload", task="-", tokens_per_year=0.0, growth=0.0, quality_floor=0.0,
            routing={}, **product_fields,
        )  # fmt: skip
    except ValidationError as error:
        problems += _typed(_flagged(error, PRODUCT_FLAGS), args)
    if model is not None and model.total_params < model.active_params:
        problems.append(core.Problem("--total-params", "is below --active-params"))
    tokens = product.prompt_tokens + product.output_tokens if product is not None else 1.0
    if tokens < core.MIN_REQUEST_TOKENS:  # the file's rule: 1e-320 tokens overflowed the search
        problems.append(
            core.Problem(
                "--output-tokens",
                f"a request needs at least {core.MIN_REQUEST_TOKENS:g} token: --prompt-tokens + "
                f"--output-tokens is {tokens:g}",
            )
        )
    if problems or model is None or product is None or gpu is None:
        raise core.ScenarioError(problems)
    return model, product, gpu


def _precision(args: argparse.Namespace) -> tuple[float | None, core.Problem | None]:
    """Bytes per weight from --precision (or the deprecated --bytes-per-param); None: not given.

    Without either, a preset keeps the format it ships in (gpt-oss-120b FP4), else FP8.
    FP4 weights on a GPU without FP4 arithmetic are weight-only (BF16 matrices): the
    answer says so (`arithmetic_precision`).
    """
    if args.precision is None:
        return args.bytes_per_param, None
    name = args.precision.lower()
    if name not in PRECISIONS:
        valid = ", ".join(PRECISIONS)
        return None, core.Problem(
            "--precision", f"unknown precision {args.precision!r} (valid: {valid})"
        )
    return PRECISIONS[name], None


def _model_fields(args: argparse.Namespace) -> tuple[dict[str, Any], list[core.Problem]]:
    """Architecture from --model, overridden by any flag given; or from the flags alone."""
    given = {f: getattr(args, f) for f in MODEL_FLAGS if f != "bytes_per_param"}
    given = {f: v for f, v in given.items() if v is not None}
    active, layers, hidden = (given.get(f) for f in ("active_params", "layers", "hidden_size"))
    solvable = _positive(active, MAX_ACTIVE_PARAMS) and all(
        figure is None or _positive(figure) for figure in (layers, hidden)
    )  # else the schema names the bad flag
    if args.model is None and solvable and active is not None:
        shape = typical_shape(active, layers, hidden)  # a depth and width its size implies
        given["layers"], given["hidden_size"] = shape
    if args.kv_bytes_per_token is not None and "kv_bytes_per_token_per_layer" not in given:
        layers = given.get("layers", InHouseModel.model_fields["layers"].default)
        given["kv_bytes_per_token_per_layer"] = args.kv_bytes_per_token / max(layers, 1)
    if args.model is None:
        missing = [MODEL_FLAGS[f] for f in ("active_params", "total_params") if f not in given]
        return given, [core.Problem(flag, "is required without --model") for flag in missing]
    presets = model_presets()
    if args.model.lower() not in presets:
        valid = ", ".join(presets)
        return given, [core.Problem("--model", f"unknown preset {args.model!r} (valid: {valid})")]
    preset = presets[args.model.lower()][0]
    fields = {f: getattr(preset, f) for f in MODEL_FLAGS}
    return fields | given, []


def _positive(value: float | None, most: float = math.inf) -> bool:
    """A figure the shape can be solved from (a bad one is reported by the schema)."""
    return value is not None and math.isfinite(value) and 0 < value <= most


def _typed(problems: list[core.Problem], args: argparse.Namespace) -> list[core.Problem]:
    """`problems` less those of --p95-prompt-tokens when it was not typed.

    Left out it is --prompt-tokens' own figure, whose problem is said under that flag once.
    """
    if args.p95_prompt_tokens is not None:
        return problems
    return [p for p in problems if p.path != PRODUCT_FLAGS["p95_prompt_tokens"]]


def _as_typed(
    problems: list[core.Problem], args: argparse.Namespace, fields: dict[str, Any]
) -> list[core.Problem]:
    """`problems`, the KV cache's said of the deprecated flag when that one was typed.

    `--kv-bytes-per-token 1e300` was refused as "--kv-bytes-per-token-per-layer:
    2.7e+298 ...", a flag and a figure the user never typed.
    """
    per_layer = MODEL_FLAGS["kv_bytes_per_token_per_layer"]
    if args.kv_bytes_per_token is None or args.kv_bytes_per_token_per_layer is not None:
        return problems
    over = f"{args.kv_bytes_per_token:g} over {fields.get('layers', 0):g} layers"
    return [
        core.Problem("--kv-bytes-per-token", f"{over}: {p.message} a layer")
        if p.path == per_layer
        else p
        for p in problems
    ]


def _flagged(error: ValidationError, flags: dict[str, str]) -> list[core.Problem]:
    """The schema's messages, each under the flag the user typed.

    A rule between fields has no path: the fields its words name are said as flags
    ("--experts-per-token must be 1 to --experts (4)"), longest name first.
    """
    names = sorted(flags, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    problems = []
    for p in scenario_error(error).problems:
        if p.path:
            problems.append(core.Problem(flags.get(p.path, p.path), p.message))
        else:
            problems.append(core.Problem("", pattern.sub(lambda m: flags[m.group(1)], p.message)))
    return problems
