"""The scenario: an immutable value describing one strategy (docs/model.md#entities).

Every model here is a frozen pydantic model, strict about types and bounded so that a
hostile file is rejected with the field and the reason. Cross-field rules (references
between tables, shares summing to one) live in `core.scenario.checks` and run as the scenario's
last validation step.
"""

from collections.abc import Mapping
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)

from core.scenario.architecture import MAX_ACTIVE_PARAMS, MAX_LAYERS, MIN_PARAMS
from core.scenario.checks import (
    CLOUD_BURST_PROVIDER,
    IN_HOUSE_PROVIDER,
    Problem,
    ScenarioError,
    cross_field_problems,
)
from core.scenario.messages import year_outside
from core.scenario.plan_rules import plan_problems

# 2: variants; 3: serving and SLOs; 4: power and money; 5: outages; 6: plans; 7: architectures;
# 8: budgets and training in the fleet's valleys; 9: a published TCO per GPU-hour in the catalog;
# 10: the serving software's factor per year
SCHEMA_VERSION = 11
MAX_PRODUCTS = 1_000
MAX_MODELS = 200
MAX_GPUS = 20

# Scalars are strict (no "6" for 6, no true for 1); containers accept JSON arrays.
Num = Annotated[float, Strict()]
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
NAME_CHARS = 80  # the longest name a scenario, product or model may have
Name = Annotated[
    str, Strict(), StringConstraints(min_length=1, max_length=NAME_CHARS, strip_whitespace=True)
]
Share = Annotated[Num, Field(ge=0.0, le=1.0)]
Quality = Annotated[Num, Field(ge=0.0, le=100.0)]
Availability = Annotated[Num, Field(gt=0.0, le=1.0)]
# Availability of a provider the scenario does not list (illustrative, docs/model.md#F-outage).
DEFAULT_AVAILABILITY = {IN_HOUSE_PROVIDER: 0.999, CLOUD_BURST_PROVIDER: 0.999}
DEFAULT_PARTNER_AVAILABILITY = 0.998
YEAR_RANGE = (2000, 2100)  # the years a scenario may hold
Year = Annotated[Int, Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]
# Lower bounds on rates that formulas divide by: a positive 1e-300 passed validation, then
# made hours, costs and latencies inf or NaN (docs/file-format.md#lower-bounds).
MIN_TFLOPS = 1.0  # dense TFLOP/s: every accelerator that trains or serves an LLM has more
MIN_TOKENS_PER_GPU_S = 0.01  # batch-1 decoding of the largest model on 64 GPUs serves more
# All tokens per second per reference GPU, measured (version 2's `serve_tokens_per_gpu_s`).
Throughput = Annotated[Num, Field(ge=MIN_TOKENS_PER_GPU_S, le=1e7)]
MAX_PROFILE_TOKENS = 1e7  # a product's mean prompt or output per request, or its p95 prompt
MAX_FLEET_GPUS = 10_000_000  # the largest baseline, and build-plan row, a scenario may hold
MAX_POWER_CAP_MW = 1e5  # a site's facility power: 100 GW
MAX_USD = 1e13  # the largest budget, a year's


class Frozen(BaseModel):
    """Base for every scenario part: immutable, no NaN or infinity, no unknown keys."""

    model_config = ConfigDict(frozen=True, allow_inf_nan=False, extra="forbid")


class Source(Frozen):
    """Where a default number comes from; `illustrative` marks numbers with no public source."""

    text: Annotated[str, Strict(), StringConstraints(max_length=500)]
    illustrative: Bool = False


class Horizon(Frozen):
    """The whole years a scenario covers; the first is the base year of growth and prices."""

    start_year: Year = 2026
    end_year: Year = 2031

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        if self.end_year - self.start_year >= 30:
            raise ValueError("the horizon is longer than 30 years")
        return self

    @property
    def years(self) -> list[int]:
        """Every year of the horizon, in order."""
        return list(range(self.start_year, self.end_year + 1))


class GpuSpec(Frozen):
    """One accelerator of the catalog: datasheet peaks are dense (no sparsity)."""

    name: Name
    peak_tflops: Annotated[Num, Field(ge=MIN_TFLOPS, le=1e5)]  # BF16
    memory_bandwidth_tb_s: Annotated[Num, Field(ge=0.01, le=1e3)]  # at least one DDR channel
    tdp_w: Annotated[Num, Field(gt=0, le=1e5)]
    memory_gb: Annotated[Num, Field(gt=0, le=1e5)]
    capex_usd: Annotated[Num, Field(gt=0, le=1e8)]
    cloud_usd_per_gpu_hour: Annotated[Num, Field(ge=0, le=1e4)]
    nvlink_domain: Annotated[Int, Field(ge=1, le=1_000)] = 8  # GPUs in the scale-up domain
    # Serving by precision and interconnect (docs/model.md#F-serving).
    fp8_tflops: Annotated[Num, Field(ge=MIN_TFLOPS, le=1e6)] | None = None  # none: twice BF16
    fp4_tflops: Annotated[Num, Field(ge=0, le=1e6)] = 0.0  # 0: no FP4 arithmetic, else >= 1
    # Per GPU, one direction: at least a PCIe link inside, 1 Gb Ethernet between domains.
    scale_up_gb_s: Annotated[Num, Field(ge=1.0, le=1e5)] = 450.0
    scale_out_gb_s: Annotated[Num, Field(ge=0.1, le=1e5)] = 50.0
    all_in_kw: Annotated[Num, Field(gt=0, le=1e3)] | None = None  # server and network, per GPU
    vendor: Literal["nvidia", "amd"] = "nvidia"
    # An outside all-in owned cost, for comparison only (docs/model.md#F-owned-gpu-hour).
    published_tco_usd_per_gpu_hour: Annotated[Num, Field(gt=0, le=1e3)] | None = None

    @field_validator("fp4_tflops")
    @classmethod
    def _fp4_none_or_real(cls, tflops: float) -> float:
        """0 says no FP4 arithmetic; a figure is a real peak (1e-300 made FP4 latency inf)."""
        if 0 < tflops < MIN_TFLOPS:
            raise ValueError(
                f"{tflops:g} is neither 0 (no FP4 arithmetic) nor at least {MIN_TFLOPS:g} TFLOP/s"
            )
        return tflops

    @property
    def fp8_peak_tflops(self) -> float:
        """Dense FP8 peak: the datasheet's, else twice BF16 (every catalog GPU doubles it)."""
        return 2.0 * self.peak_tflops if self.fp8_tflops is None else self.fp8_tflops


class Fleet(Frozen):
    """The owned cluster: a baseline cohort ramping linearly to baseline x scale."""

    gpu: Name = "H100"
    baseline_gpu: Name = "H100"
    baseline_gpus: Annotated[Int, Field(ge=1, le=MAX_FLEET_GPUS)] = 15_000
    scale: Annotated[Num, Field(ge=1.0, le=10.0)] = 1.0
    target_year: Year = 2029
    capex_per_gpu_usd: Annotated[Num, Field(gt=0, le=1e8)] = 50_000.0
    amortization_years: Annotated[Int, Field(ge=1, le=15)] = 6
    refresh: Bool = True
    server_power_factor: Annotated[Num, Field(ge=1.0, le=5.0)] = 1.82
    avg_power_fraction: Annotated[Num, Field(gt=0.0, le=1.0)] = 0.75
    pue: Annotated[Num, Field(ge=1.0, le=3.0)] = 1.15
    electricity_usd_per_kwh: Annotated[Num, Field(ge=0.0, le=2.0)] = 0.08
    opex_fraction: Annotated[Num, Field(ge=0.0, le=1.0)] = 0.06
    # Up at least 1% of the year (88 hours): a positive 5e-324 passed and made busy shares inf.
    availability: Annotated[Num, Field(ge=0.01, le=1.0)] = 0.92
    cloud_burst_usd_per_gpu_hour: Annotated[Num, Field(ge=0.0, le=1e4)] = 6.98  # per H100-hour
    # Money over time and the site (docs/model.md#F-capital-charge, #F-power-cap).
    burst_price_change: Annotated[Num, Field(ge=-0.9, le=2.0)] = -0.15  # per year
    cost_of_capital: Annotated[Num, Field(ge=0.0, le=0.5)] = 0.08
    facility_capex_usd_per_mw: Annotated[Num, Field(ge=0.0, le=1e9)] = 11_000_000.0  # of IT power
    facility_life_years: Annotated[Int, Field(ge=1, le=40)] = 15
    power_cap_mw: Annotated[Num, Field(gt=0.0, le=MAX_POWER_CAP_MW)] | None = None  # site MW
    # In-house training fills the fleet's quiet hours before any is bought (F-load-curve).
    training_in_valleys: Bool = True
    # A serving replica may span any number of NVLink domains (wide expert parallel over
    # the scale-out network, as DeepSeek serves); else two, or what the weights need
    # (docs/model.md#F-serving, version 11).
    wide_expert_parallel: Bool = False


class InHouseModel(Frozen):
    """A model trained and served on the owned fleet."""

    kind: Literal["in_house"] = "in_house"
    name: Name
    provider: Literal["In-house"] = "In-house"
    enabled: Bool = True
    active_params: Annotated[Num, Field(gt=0, le=MAX_ACTIVE_PARAMS)]  # >= MIN_PARAMS
    total_params: Annotated[Num, Field(gt=0, le=1e15)]  # >= MIN_PARAMS
    train_tokens: Annotated[Num, Field(ge=0, le=1e17)] = 0.0
    train_year: Year | None = None
    available_from: Year
    # Under 1% of peak is no training run: at 1e-300 costs overflowed to 1e307 (2026-12-07).
    mfu_train: Annotated[Num, Field(ge=0.01, le=1.0)] = 0.40
    # Serving (docs/model.md#F-serving): the architecture the step time reads.
    bytes_per_param: Annotated[Num, Field(gt=0, le=8)] = 1.0  # 1 = FP8, 0.5625 = FP4
    layers: Annotated[Int, Field(ge=1, le=MAX_LAYERS)] = 60
    hidden_size: Annotated[Int, Field(ge=1, le=1_000_000)] = 8_192
    # Routed experts per layer and chosen per token; 0 experts is dense; none derives a
    # mixture from active and total (docs/model.md#F-serving, illustrative).
    experts: Annotated[Int, Field(ge=0, le=100_000)] | None = None
    experts_per_token: Annotated[Int, Field(ge=1, le=1_000)] | None = None
    kv_bytes_per_token_per_layer: Annotated[Num, Field(ge=0, le=1e7)] = 1_600.0
    attention: Literal["gqa", "mla"] = "gqa"  # mla: one latent KV for every head
    # FLOPs per layer per new token per token of context; none: 4 x hidden_size.
    attention_flops_per_context_token: Annotated[Num, Field(ge=0, le=1e9)] | None = None
    mtp: Bool = False  # has a draft head (multi-token prediction)
    # A measured throughput (all tokens per GPU-second on the reference GPU) replaces
    # the formulas' throughput for every product; latency still comes from the formulas.
    measured_tokens_per_gpu_s: Throughput | None = None
    quality: Mapping[Name, Quality]

    @field_validator("active_params", "total_params")
    @classmethod
    def _real_size(cls, params: float) -> float:
        """A model of at least MIN_PARAMS weights: 1e-320 passed `> 0` and made training vanish."""
        if params < MIN_PARAMS:
            raise ValueError(f"{params:g} is below the minimum {MIN_PARAMS:g}")
        return params

    @model_validator(mode="after")
    def _architecture(self) -> Self:
        """A dense model uses every parameter; a mixture says how many experts a token uses.

        A mixture's missing experts_per_token was said to be out of range. One given
        without routed experts is not refused (`--set` changes one field at a time, so
        dense to mixture passes through it): it is unused, and `unused_words` says so.
        """
        if self.experts == 0 and self.total_params > self.active_params:
            raise ValueError("a dense model (experts 0) uses every parameter: total equals active")
        k = self.experts_per_token
        if self.experts and k is None:
            needed = f"a mixture of {self.experts} experts needs 1 to {self.experts} a token"
            raise ScenarioError([Problem("experts_per_token", f"is missing: {needed}")])
        if self.experts and k is not None and k > self.experts:
            raise ValueError(
                f"experts_per_token must be 1 to experts ({self.experts}) for a mixture"
            )
        return self

    @property
    def first_serving_year(self) -> int:
        """The first year it serves: `available_from`, not before the year after training.

        Its training run holds the fleet that year (docs/model.md#F-serving-year).
        """
        if self.train_year is None:
            return self.available_from
        return max(self.available_from, self.train_year + 1)

    @property
    def unused_words(self) -> str | None:
        """Why experts_per_token is not used (no routed experts given); None if it is."""
        k = self.experts_per_token
        if k is None or self.experts:
            return None
        if self.experts == 0:
            return f"{self.name}'s experts_per_token {k} is unused: experts 0 is a dense model"
        experts, chosen = self.routed_experts
        shape = f"read as {experts} experts, {chosen} a token" if experts else "dense"
        return (
            f"{self.name}'s experts_per_token {k} is unused without experts: the model is "
            f"{shape} from its parameters (give experts too)"
        )

    @property
    def late_words(self) -> str | None:
        """Why it serves later than `available_from` says, naming both years; None if it doesn't."""
        if self.first_serving_year == self.available_from:
            return None
        return (
            f"{self.name} is trained in {self.train_year} but set to serve from "
            f"{self.available_from}: it serves from {self.first_serving_year}"
        )

    @property
    def routed_experts(self) -> tuple[int, int]:
        """(experts, chosen per token): as given, else derived (illustrative) from active and total.

        A model with more total than active parameters and no experts given is read as
        8 experts per token, a third of the active parameters shared, the rest routed:
        E = 8 (T - A/3) / (2A/3). Equal totals are dense (0, 0).
        """
        if self.experts is not None:  # a dense model's experts_per_token is unused
            return self.experts, (self.experts_per_token or 0) if self.experts else 0
        if self.total_params <= self.active_params:
            return 0, 0
        shared = self.active_params / 3.0
        k = 8
        return max(k, round(k * (self.total_params - shared) / (self.active_params - shared))), k


class PartnerModel(Frozen):
    """A model rented per token from an outside provider."""

    kind: Literal["partner"] = "partner"
    name: Name
    provider: Name
    enabled: Bool = True
    price_in_per_m: Annotated[Num, Field(ge=0, le=1e4)]
    price_out_per_m: Annotated[Num, Field(ge=0, le=1e4)]
    annual_price_change: Annotated[Num, Field(ge=-0.95, le=2.0)] = -0.30
    ttft_p95_s: Annotated[Num, Field(gt=0, le=600)] = 2.0  # observed at the API
    tpot_p95_ms: Annotated[Num, Field(gt=0, le=10_000)] = 15.0
    quality: Mapping[Name, Quality]


Model = Annotated[InHouseModel | PartnerModel, Field(discriminator="kind")]


class Product(Frozen):
    """A product's demand and how its tokens are routed among models."""

    name: Name
    task: Name
    tokens_per_year: Annotated[Num, Field(ge=0, le=1e19)]
    growth: Annotated[Num, Field(ge=-0.9, le=10.0)]
    quality_floor: Quality
    in_house_only: Bool = False
    routing: Mapping[Name, Share]
    fallback: tuple[Name, ...] = ()
    # The workload profile and the latency promise (SLO), docs/model.md#F-slo.
    prompt_tokens: Annotated[Num, Field(ge=0, le=MAX_PROFILE_TOKENS)] = 3_000.0  # mean
    output_tokens: Annotated[Num, Field(ge=0, le=MAX_PROFILE_TOKENS)] = 1_000.0  # mean
    p95_prompt_tokens: Annotated[Num, Field(ge=0, le=MAX_PROFILE_TOKENS)] = 12_000.0
    cache_hit: Share = 0.5  # share of prompt tokens served from the prefix cache
    # Promises from a microsecond: a positive 1e-320 passed and made latency / promise inf.
    ttft_slo_s: Annotated[Num, Field(ge=1e-6, le=600)] = 3.0  # p95 time to first token
    tpot_slo_ms: Annotated[Num, Field(ge=1e-3, le=10_000)] = 40.0  # time per output token
    peak_to_average: Annotated[Num, Field(ge=1.0, le=100.0)] = 2.0  # busy hour over mean

    @property
    def output_fraction(self) -> float:
        """Output tokens over all tokens of a request (0 when a request has none)."""
        tokens = self.prompt_tokens + self.output_tokens
        return self.output_tokens / tokens if tokens > 0 else 0.0


class RiskWeights(Frozen):
    """Weights of the five risk-index terms (normalized by their sum)."""

    external_share: Annotated[Num, Field(ge=0, le=1e3)] = 1.0
    concentration: Annotated[Num, Field(ge=0, le=1e3)] = 1.0
    outage: Annotated[Num, Field(ge=0, le=1e3)] = 1.0
    price_shock: Annotated[Num, Field(ge=0, le=1e3)] = 1.0
    compute_dependency: Annotated[Num, Field(ge=0, le=1e3)] = 1.0

    def total(self) -> float:
        """The weights' sum (they are normalized by it)."""
        return (
            self.external_share
            + self.concentration
            + self.outage
            + self.price_shock
            + self.compute_dependency
        )


class Levers(Frozen):
    """Scenario-wide levers the dashboard's sliders move."""

    in_house_shift: Share = 0.0
    price_shock: Annotated[Num, Field(ge=0.1, le=10.0)] = 1.0
    demand_growth_multiplier: Annotated[Num, Field(ge=0.0, le=5.0)] = 1.0


class StatusThresholds(Frozen):
    """Where a KPI turns from good to watch to act (docs/model.md#F-status), per scenario."""

    utilization_idle: Annotated[Num, Field(ge=0.0, le=1.0)] = 0.50  # under: idle capital
    utilization_full: Annotated[Num, Field(ge=0.1, le=10.0)] = 1.00  # over: cloud burst
    cost_growth_watch: Annotated[Num, Field(ge=0.0, le=10.0)] = 0.20  # year on year
    cost_growth_act: Annotated[Num, Field(ge=0.0, le=10.0)] = 0.40
    cost_per_m_tokens_watch_usd: Annotated[Num, Field(ge=0.0, le=1e4)] = 5.0
    cost_per_m_tokens_act_usd: Annotated[Num, Field(ge=0.0, le=1e4)] = 10.0
    external_share_watch: Share = 0.50
    external_share_act: Share = 0.75
    hhi_watch: Annotated[Num, Field(ge=0.0, le=10_000.0)] = 1_800.0  # 2023 Merger Guidelines
    hhi_act: Annotated[Num, Field(ge=0.0, le=10_000.0)] = 2_500.0  # 2010 Merger Guidelines
    risk_watch: Annotated[Num, Field(ge=0.0, le=100.0)] = 30.0
    risk_act: Annotated[Num, Field(ge=0.0, le=100.0)] = 50.0
    slo_breach_watch: Share = 0.0  # any token over its promise
    slo_breach_act: Share = 0.05
    # A variant's cost, capex cash and site MW over its baseline's same year (version 8).
    baseline_growth_watch: Annotated[Num, Field(ge=0.0, le=100.0)] = 0.20
    baseline_growth_act: Annotated[Num, Field(ge=0.0, le=100.0)] = 0.50
    limit_watch: Annotated[Num, Field(gt=0.0, le=1.0)] = 0.90  # share of a budget or limit

    @model_validator(mode="after")
    def _watch_before_act(self) -> Self:
        pairs = {
            "cost_growth": (self.cost_growth_watch, self.cost_growth_act),
            "cost_per_m_tokens": (self.cost_per_m_tokens_watch_usd, self.cost_per_m_tokens_act_usd),
            "external_share": (self.external_share_watch, self.external_share_act),
            "hhi": (self.hhi_watch, self.hhi_act),
            "risk": (self.risk_watch, self.risk_act),
            "slo_breach": (self.slo_breach_watch, self.slo_breach_act),
            "baseline_growth": (self.baseline_growth_watch, self.baseline_growth_act),
        }
        for name, (watch, act) in pairs.items():
            if act < watch:
                raise ValueError(f"{name}: act ({act:g}) is below watch ({watch:g})")
        if self.utilization_full <= self.utilization_idle:
            raise ValueError("utilization_full must be above utilization_idle")
        return self


Usd = Annotated[Num, Field(gt=0.0, le=MAX_USD)]


class YearUsd(Frozen):
    """One year's own figure of a budget."""

    year: Year
    usd: Usd


BudgetKind = Literal["cost", "capex_cash"]


class Budget(Frozen):
    """What the executive allows a year (docs/model.md#F-status); none set: no budget.

    One figure for every year, and any year's own figure over it.
    """

    cost_usd_per_year: Usd | None = None  # total cost, as the Total cost tile reads it
    cost_by_year: Annotated[tuple[YearUsd, ...], Field(max_length=30)] = ()
    capex_cash_usd_per_year: Usd | None = None  # GPUs and facility paid for that year
    capex_cash_by_year: Annotated[tuple[YearUsd, ...], Field(max_length=30)] = ()

    def listed(self, kind: BudgetKind) -> tuple[float | None, tuple[YearUsd, ...]]:
        """The `kind` budget's figure for every year and the years' own figures."""
        return getattr(self, f"{kind}_usd_per_year"), getattr(self, f"{kind}_by_year")

    def of_year(self, kind: BudgetKind, year: int) -> float | None:
        """The `kind` budget of `year` (None: no budget that year)."""
        every_year, rows = self.listed(kind)
        return next((row.usd for row in rows if row.year == year), every_year)

    def problems(self, years: list[int]) -> list[Problem]:
        """Each row outside `years` or listed twice, with its path."""
        return [
            problem
            for field in ("cost_by_year", "capex_cash_by_year")
            for problem in year_rows_problems(
                [row.year for row in getattr(self, field)], years, f"budget.{field}"
            )
        ]


class YearFactor(Frozen):
    """In-house serving throughput from `year` on, over the serving physics' (F-software-drift)."""

    year: Year
    factor: Annotated[Num, Field(ge=0.01, le=100.0)]  # a hundredth to a hundred times


def year_rows_problems(listed: list[int], years: list[int], table: str) -> list[Problem]:
    """Each of a table's rows (`table[i].year`) outside `years` or listed twice."""
    problems = []
    for i, year in enumerate(listed):
        path = f"{table}[{i}].year"
        if year not in years:
            problems.append(Problem(path, year_outside(year, years).message))
        elif year in listed[:i]:
            problems.append(Problem(path, f"{year} is listed twice"))
    return problems


class PlannedBuild(Frozen):
    """GPUs of one generation a build plan adds in one year (docs/model.md#F-build-plan)."""

    year: Year
    gpu: Name  # a catalog generation
    gpus: Annotated[Int, Field(ge=0, le=MAX_FLEET_GPUS)]


class YearRouting(Frozen):
    """A product's routing in one year, over its base (docs/model.md#F-routing-by-year)."""

    year: Year
    product: Name
    routing: Mapping[Name, Share]


MAX_PLAN_ROWS = 30 * MAX_PRODUCTS  # a row per year and product (or generation)


class Scenario(Frozen):
    """One complete strategy: fleet, catalog, models, products, levers and provenance."""

    name: Name = "Untitled"
    horizon: Horizon = Horizon()
    reference_gpu: Name = "H100"
    fleet: Fleet = Fleet()
    gpu_catalog: Annotated[tuple[GpuSpec, ...], Field(min_length=1, max_length=MAX_GPUS)]
    models: Annotated[tuple[Model, ...], Field(min_length=1, max_length=MAX_MODELS)]
    products: Annotated[tuple[Product, ...], Field(min_length=1, max_length=MAX_PRODUCTS)]
    levers: Levers = Levers()
    risk_weights: RiskWeights = RiskWeights()
    # Outages are per provider: its models fail together (docs/model.md#F-outage).
    provider_availability: Mapping[Name, Availability] = Field(
        default_factory=dict, max_length=MAX_MODELS + 2
    )
    sources: Mapping[Annotated[str, StringConstraints(max_length=200)], Source] = Field(
        default_factory=dict, max_length=2_000
    )
    status_thresholds: StatusThresholds = StatusThresholds()  # docs/model.md#F-status
    budget: Budget = Budget()  # with fleet.power_cap_mw, what the executive set
    # The plan (docs/model.md#F-build-plan): when given, it replaces fleet.scale and the ramp.
    build_plan: Annotated[tuple[PlannedBuild, ...], Field(max_length=30 * MAX_GPUS)] | None = None
    routing_by_year: Annotated[tuple[YearRouting, ...], Field(max_length=MAX_PLAN_ROWS)] = ()
    # Serving software gets faster (docs/model.md#F-software-drift); none listed: 1 every year.
    software_factor: Annotated[tuple[YearFactor, ...], Field(max_length=30)] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems = self.rule_problems()
        if problems:
            raise ScenarioError(problems)
        return self

    def rule_problems(self) -> list[Problem]:
        """Every rule between fields this scenario breaks: validation's last step."""
        problems = cross_field_problems(self) + plan_problems(self)
        problems += year_rows_problems(
            [row.year for row in self.software_factor], self.horizon.years, "software_factor"
        )
        return problems + self.budget.problems(self.horizon.years)

    def serving_warnings(self) -> list[Problem]:
        """Warnings, not errors: a model serving in its training year, or an unused field.

        An in-house model set to serve in its own training year serves from the next year
        (`InHouseModel.first_serving_year`); experts per token given without routed
        experts is unused. The file stays valid, as files written before the rules are,
        but the field misleads.
        """
        in_house = [(i, m) for i, m in enumerate(self.models) if isinstance(m, InHouseModel)]
        return [
            Problem(f"models[{i}].{field}", words)
            for i, m in in_house
            for field, words in (
                ("available_from", m.late_words),
                ("experts_per_token", m.unused_words),
            )
            if words is not None
        ]

    @property
    def headline_year(self) -> int:
        """The year a scenario is read in unless one is asked (dashboard, deck, tornado).

        The ramp's target year, or the horizon's last where the ramp ends after it.
        """
        years = self.horizon.years
        return self.fleet.target_year if self.fleet.target_year in years else years[-1]

    def software_factor_in(self, year: int) -> float:
        """The factor of the latest listed year up to `year` (1 before the first listed)."""
        listed = [row for row in self.software_factor if row.year <= year]
        return max(listed, key=lambda row: row.year).factor if listed else 1.0

    def gpu_spec(self, name: str) -> GpuSpec:
        """The catalog entry called `name` (validation guarantees it exists)."""
        return next(g for g in self.gpu_catalog if g.name == name)

    def model_named(self, name: str) -> InHouseModel | PartnerModel:
        """The portfolio model called `name` (validation guarantees it exists)."""
        return next(m for m in self.models if m.name == name)

    def availability_of(self, provider: str) -> float:
        """The provider's availability: its own entry, else the documented default."""
        default = DEFAULT_AVAILABILITY.get(provider, DEFAULT_PARTNER_AVAILABILITY)
        return self.provider_availability.get(provider, default)

    def source_of(self, path: str) -> Source | None:
        """The provenance of a default, by field path such as `fleet.pue`."""
        return self.sources.get(path)
