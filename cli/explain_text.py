"""`scaledeck plan`'s reasons: how the plan was chosen, why, and the frontier (issue 25).

JSON keys (public): `explain` (limits with shadow prices, what would change the answer,
notes on the build, how the plan was chosen), `generation_costs` (USD per million served
tokens by year and generation, cloud burst beside), `locks` and, with `--frontier N`,
`frontier`.
"""

from typing import Any

from core.plan.explain import BURST, Explain
from core.plan.frontier import ONE_POINT, Frontier
from core.plan.solve import Plan
from core.units import years_text

NO_TOKEN = "n/a (no token is served)"


def reasons_json(
    plan: Plan, reasons: Explain, frontier: Frontier | None, chosen: str
) -> dict[str, Any]:
    """The JSON keys issue 25 adds to `plan --json`."""
    out: dict[str, Any] = {
        "explain": {
            "chosen": chosen,
            "limits": reasons.limits,
            "changes": reasons.changes,
            "notes": reasons.notes,
        },
        "generation_costs": reasons.generation_costs,
        "locks": plan.limits.locks.as_json(),
    }
    if frontier is not None:
        out["frontier"] = frontier_json(frontier)
    return out


def reasons_text(reasons: Explain, frontier: Frontier | None, chosen: str) -> str:
    """Why: the cheapest generation per year, limits' prices, changes, notes, the frontier."""
    lines = [f"Chosen: {chosen}.", "USD per million served tokens (GPU over its life; burst):"]
    lines += [f"  {when}: {words}" for when, words in _cheapest(reasons)]
    for title, items in (("What the limits cost:", reasons.limits),
                         ("What would change the plan:", reasons.changes),
                         ("Notes:", reasons.notes)):  # fmt: skip
        if items:
            lines += [title, *(f"  - {item}" for item in items)]
    if frontier is not None:
        lines += frontier_lines(frontier)
    return "\n".join(lines)


def _cheapest(reasons: Explain) -> list[tuple[str, str]]:
    """(years, words): each year's cheapest GPU beside cloud burst.

    A run of years serving no token is one n/a with its reason: it priced tokens never
    served ("GB200 $0.419").
    """
    runs: list[tuple[list[int], str]] = []
    for year, row in reasons.generation_costs.items():
        cheapest = reasons.cheapest_gpu(year)
        if cheapest is None:
            words = NO_TOKEN
        else:
            words = f"{cheapest} ${row[cheapest]:,.3f} (cheapest), cloud burst ${row[BURST]:,.3f}"
        if words == NO_TOKEN and runs and runs[-1][1] == NO_TOKEN:
            runs[-1][0].append(year)
        else:
            runs.append(([year], words))
    return [(years_text(years), words) for years, words in runs]


def frontier_json(frontier: Frontier) -> dict[str, Any]:
    """Each frontier point's cap, external share and present cost, and the knee."""
    points = [
        {"cap": cap, "external_token_share": share, "pv_cost_usd": cost}
        for cap, share, cost in zip(
            frontier.caps, frontier.external_share, frontier.pv_cost_usd, strict=True
        )
    ]
    return {"points": points, "knee": frontier.knee}


def frontier_lines(frontier: Frontier) -> list[str]:
    """The frontier as a small table, the knee marked."""
    if frontier.flat:
        return [f"Frontier: {ONE_POINT} ({frontier.external_share[0]:.1%} external, "
                f"${frontier.pv_cost_usd[0] / 1e9:,.2f}B present cost)."]  # fmt: skip
    marked = "; * the knee" if frontier.has_knee else ""
    lines = [f"Frontier (present cost against external token share{marked}):"]
    for i, (share, cost) in enumerate(
        zip(frontier.external_share, frontier.pv_cost_usd, strict=True)
    ):
        mark = "*" if i == frontier.knee and frontier.has_knee else " "
        lines.append(f" {mark} {i + 1:>3}  {share:>6.1%}  ${cost / 1e9:,.2f}B")
    return lines
