"""`scaledeck optimize` is the plan with the fleet kept: one optimizer, one answer (issue 25, 6;
docs/model.md#F-optimizer)."""

import json
import re

import numpy as np
import pytest

import core
from cli.main import main
from cli.optimize_command import _routing_words, optimize_text
from core.scenario.edits import with_changes
from core.units import usd

OLD_KEYS = {
    "routing", "total_cost_usd", "current_total_cost_usd", "partner_spend_usd",
    "external_token_share", "risk_index", "current_risk_index", "binding",
}  # fmt: skip


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    out: dict = json.loads(capsys.readouterr().out)
    return out


@pytest.mark.parametrize("what_if", [[], ["--scale", "6", "--gpu", "B200"]])
def test_optimize_and_plan_keep_fleet_give_one_routing_and_present_cost(capsys, what_if):
    """The default and a 6x B200 what-if: the two commands answer alike, key for key."""
    routed = run_json(capsys, "optimize", *what_if)
    plan = run_json(capsys, "plan", "--keep-fleet", *what_if)
    assert set(routed) >= OLD_KEYS | {"pv_cost_usd", "current_pv_cost_usd", "routing_by_year"}
    assert routed["routing_by_year"] == plan["routing"]
    assert routed["build"] == plan["build"]
    assert routed["pv_cost_usd"] == plan["pv_cost_usd"]
    assert routed["binding"] == plan["binding"]
    assert routed["external_token_share"] == pytest.approx(plan["external_token_share"], 1e-12)
    assert routed["risk_index"] == pytest.approx(plan["risk_index"], rel=1e-12)


def test_the_old_keys_hold_the_figures_of_the_years_asked_for(capsys):
    """--year 2029: that year's routing and figures, from evaluate of the applied plan."""
    out = run_json(capsys, "optimize", "--year", "2029")
    applied = with_changes(core.default_scenario(), {"routing_by_year": [
        {"year": int(y), "product": p, "routing": row}
        for y, rows in out["routing_by_year"].items() for p, row in rows.items()
    ]})  # fmt: skip
    mine, now = core.evaluate(applied), core.evaluate(core.default_scenario())
    assert out["years"] == [2029]
    # The same shares, renormalized over that year's tokens: equal to the last bit or so.
    year = out["routing_by_year"]["2029"]
    assert out["routing"].keys() == year.keys()
    for product, row in out["routing"].items():
        assert row == pytest.approx(year[product], rel=1e-12, abs=1e-15), product
    assert out["total_cost_usd"] == pytest.approx(mine.kpi("total_cost_usd", 2029), rel=1e-9)
    assert out["current_total_cost_usd"] == pytest.approx(now.kpi("total_cost_usd", 2029))
    assert out["partner_spend_usd"] == pytest.approx(mine.kpi("partner_spend_usd", 2029))
    assert out["risk_index"] == pytest.approx(mine.kpi("risk_index", 2029), rel=1e-9)
    assert out["current_risk_index"] == pytest.approx(now.kpi("risk_index", 2029))
    assert out["external_token_share"] == pytest.approx(mine.kpi("external_token_share", 2029))
    assert out["pv_cost_usd"] == pytest.approx(mine.pv_cost_usd, rel=1e-9)


def test_over_the_horizon_routing_is_each_products_tokens_by_model(capsys):
    """Without --year: a product's tokens over the horizon on each model, as shares."""
    out = run_json(capsys, "optimize", "--scale", "4")
    by_year = out["routing_by_year"]
    scenario = with_changes(core.default_scenario(), {"fleet.scale": 4.0})
    tokens = core.evaluate(scenario).product_arrays.tokens  # routing moves no token
    for p, product in enumerate(scenario.products):
        models = {m for rows in by_year.values() for m in rows[product.name]}
        on = {m: sum(tokens[t, p] * rows[product.name].get(m, 0.0)
                     for t, rows in enumerate(by_year.values())) for m in models}  # fmt: skip
        total = float(np.sum(tokens[:, p]))
        assert out["routing"][product.name] == pytest.approx({m: v / total for m, v in on.items()})
    assert any(len(row) > 1 for row in out["routing"].values())  # some product moves


def test_the_provider_cap_has_the_plans_name_and_bad_years_are_named(capsys):
    capped = run_json(capsys, "optimize", "--max-provider-share", "0.6")
    assert capped == run_json(capsys, "optimize", "--provider-cap", "0.6")
    assert capped["pv_cost_usd"] > run_json(capsys, "optimize")["pv_cost_usd"]
    assert main(["optimize", "--year", "2040"]) == 2
    assert capsys.readouterr().err == "error: year: 2040 is outside the horizon 2026-2031\n"
    assert main(["optimize", "--lambda", "-1"]) == 2
    assert "lambda" in capsys.readouterr().err
    assert main(["optimize", "--lambda", "1e308"]) == 2  # linprog's "c must not contain inf"
    assert capsys.readouterr().err == "error: lambda: 1e+308 must be a number from 0 to 1,000,000\n"


def test_the_text_gives_each_routing_with_its_years():
    """A routing that changes is said by its years, never as the horizon's mix: the default's
    Excel read "MAI-2 85%, Claude Sonnet class 15%" where MAI-2 serves only from 2029."""
    by_year = {
        2026: {"P1": 1.0},
        2027: {"P1": 1.0},
        2028: {"M": 0.72, "P1": 0.28},
        2029: {"P1": 1.0, "M": 0.001},  # reads 0%: the same routing as shown
    }
    assert _routing_words(by_year) == "P1 100% (2026-2027, 2029); M 72%, P1 28% (2028)"
    assert _routing_words({2026: {"M": 0.5, "P1": 0.5}, 2027: {"M": 0.5, "P1": 0.5}}) == (
        "M 50%, P1 50%"
    )


def test_the_default_s_text_says_when_mai_2_takes_excel(capsys):
    """MAI-2 takes Excel from 2029 on the default's H100s only with replicas spanning NVLink
    domains (`fleet.wide_expert_parallel`, as the default searched until replicas were held
    to two domains): held to two, MAI-2 serves fewer tokens per H100 and Excel stays on
    Claude Sonnet class every year, one routing said without years."""
    excel_line = "  M365 Copilot Excel:"
    assert main(["optimize", "--set", "fleet.wide_expert_parallel=true"]) == 0
    text = capsys.readouterr().out
    excel = next(line for line in text.splitlines() if line.startswith(excel_line))
    assert excel.endswith("MAI-2 100% (2029-2031)")  # MAI-2 serves from 2029
    assert main(["optimize"]) == 0
    text = capsys.readouterr().out
    excel = next(line for line in text.splitlines() if line.startswith(excel_line))
    assert excel == f"{excel_line} Claude Sonnet class 100%"


def test_the_text_gives_money_its_dollar_sign(capsys):
    """Present and 6-year cost alike in dollars (core.units.usd): "6-year cost $17.94B"."""
    assert main(["optimize"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Present cost"))
    assert re.match(
        r"Present cost over 2026-2031 \$\d+\.\d\dB \(now \$\d+\.\d\dB: the routing saves "
        r"\$\d+\.\d\dB\); 6-year cost \$\d+\.\d\dB \(now \$\d+\.\d\dB\); risk index",
        line,
    ), line


FIGURES = {
    "scenario": "Baseline", "lambda": 0.0, "routing": {}, "binding": ["a cap (2030)"],
    "routing_by_year": {year: {} for year in range(2026, 2032)},
    "pv_cost_usd": 15.17e9, "current_pv_cost_usd": 18.13e9,
    "total_cost_usd": 2.81e9, "current_total_cost_usd": 3.84e9,
    "risk_index": 65.3, "current_risk_index": 63.0,
    "external_token_share": 0.80, "current_external_token_share": 0.82,
}  # fmt: skip


@pytest.mark.parametrize(
    ("years", "figures"),
    [
        ([2029], "in 2029: total cost $2.81B (now $3.84B), risk index 65.3 (now 63.0), external "
         "token share 80% (now 82%)"),
        (list(range(2026, 2032)), "6-year cost $2.81B (now $3.84B); risk index 65.3 a year on "
         "average (now 63.0); external token share 80% on average (now 82%)"),
    ],
    ids=["a year", "the horizon"],
)  # fmt: skip
def test_the_text_names_the_years_of_every_figure(years, figures):
    """--year 2029 read "Present cost $15.17B ...; total cost $2.81B" as if both were 2029's,
    the present cost being the horizon's, and gave the external share no "(now ...)"."""
    lines = optimize_text(FIGURES | {"years": years}).splitlines()
    assert lines[-3:] == [
        f"Present cost over 2026-2031 $15.17B (now $18.13B: the routing saves $2.96B); {figures}",
        "Binding constraints over 2026-2031:",
        "  - a cap (2030)",
    ]


def test_save_writes_the_routing_and_evaluate_gives_the_printed_present_cost(tmp_path, capsys):
    """`optimize --save` wrote the changed scenario without its routing (routing_by_year
    []): the file evaluated to $18.29B under a printed "Present cost ... $15.28B"."""
    path = tmp_path / "o.json"
    assert main(["optimize", "--save", str(path)]) == 0
    done = capsys.readouterr()
    printed = re.search(r"Present cost over 2026-2031 (\$[\d.]+B) \(now", done.out)
    assert printed is not None
    assert done.err.startswith("saved the recommended routing with the fleet kept (")
    assert main(["evaluate", str(path), "--json"]) == 0
    evaluated = json.loads(capsys.readouterr().out)
    assert usd(evaluated["pv_cost_usd"]) == printed.group(1)
    answer = run_json(capsys, "optimize")
    assert evaluated["pv_cost_usd"] == answer["pv_cost_usd"] < answer["current_pv_cost_usd"]
    assert core.load_scenario(path).routing_by_year  # the routing it recommended
