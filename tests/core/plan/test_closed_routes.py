"""What the plan must respect whatever it is asked: the routes it gives no share, in words
(core.plan.locks.closed_routes, docs/model.md#F-plan-locks)."""

import core
from core.plan.locks import closed_routes
from core.plan.solve import recommend_plan


def _closed(scenario: core.Scenario) -> dict:
    return closed_routes(scenario, core.evaluate(scenario).structure)


def test_each_rule_closes_its_routes_with_its_words(tiny):
    """The tiny (A: Own 80, Ext 90, floor 70; B: Own 60, Ext 90, floor 85): B may not use
    Own (under its floor); Own serving from 2027 closes it in 2026; A in-house only closes
    Ext; a switched-off Ext is closed for both."""
    assert _closed(tiny()) == {
        (t, 1, 0): "Own, quality 60 under its floor 85; another model reaches it" for t in (0, 1)
    }
    late = _closed(tiny({"models[0].available_from": 2027}))
    assert late[0, 0, 0] == "Own serves from 2027, not in 2026"
    assert (1, 0, 0) not in late
    residency = _closed(tiny({"products[0].in_house_only": True,
                              "products[0].routing": {"Own": 1.0}, "products[0].fallback": []}))  # fmt: skip
    assert residency[0, 0, 1] == "A is in-house only (data residency): Ext is a partner"
    off = _closed(tiny({"models[1].enabled": False}))
    assert off[0, 0, 1] == off[1, 1, 1] == "Ext is switched off"


def test_the_plan_routes_nothing_where_a_route_is_closed():
    """On the default every closed (year, product, model) gets no share in the plan."""
    scenario = core.default_scenario()
    plan = recommend_plan(scenario)
    s = core.evaluate(scenario).structure
    for t, p, m in _closed(scenario):
        year, product = int(s.years[t]), s.product_names[p]
        assert plan.routing[year][product].get(s.model_names[m], 0.0) == 0.0
