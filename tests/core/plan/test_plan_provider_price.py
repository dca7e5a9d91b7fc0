"""A binding provider cap's price per point (docs/model.md#F-plan-explain): the row's dual
in USD per USD times a point of the spend the cap is read against."""

import re

import pytest

import core
from core.plan.explain import capped_spend, explain_plan
from core.plan.solve import Limits, recommend_plan
from tests.scopes import SHARED

CAP = 0.5


@pytest.fixture(scope=SHARED)
def capped():
    return recommend_plan(core.default_scenario(), limits=Limits(max_provider_share=CAP))


def test_the_caps_price_is_what_a_point_more_saves(capped):
    """On the default OpenAI holds the cap in 2026-2028; a point more of it (re-solved at
    51%) saves $37.9M, the price $38.1M: the build re-solved too, within 2%."""
    line = next(x for x in explain_plan(capped, changes=False).limits if "OpenAI" in x)
    found = re.fullmatch(
        r"raising OpenAI's cap on its share of spend by 1 point \(now 50%\) would save "
        r"\$([\d.,]+)M \(2026-2028\)",
        line,
    )
    assert found, line
    looser = recommend_plan(core.default_scenario(), limits=Limits(max_provider_share=CAP + 0.01))
    saved = capped.pv_cost_usd - looser.pv_cost_usd
    assert float(found.group(1)) * 1e6 == pytest.approx(saved, rel=0.02)


def test_a_binding_cap_holds_its_provider_to_that_share_of_the_spend_read(capped):
    """The spend a cap is read against is the row's: at a binding row OpenAI's spend is
    exactly the cap times it (routes and fleet; burst is no part of a partner's)."""
    final = capped.solution
    data, s = final.data, final.data.structure
    openai = s.providers.index("OpenAI")
    for t in range(3):
        mine = data.tokens[0, t][:, None] * data.price[0, t] * final.shares[0, t]
        spend = (mine * s.provider_of_model[:, openai]).sum()
        assert spend == pytest.approx(CAP * capped_spend(final, t, openai), rel=1e-6)
