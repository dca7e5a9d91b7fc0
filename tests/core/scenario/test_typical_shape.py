"""A model given only by its size gets a typical depth and width (docs/model.md#F-serving)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.scenario.architecture import MAX_ACTIVE_PARAMS, MAX_LAYERS, typical_shape


@pytest.mark.parametrize(
    ("name", "active_params", "layers", "hidden_size"),
    [
        ("Llama 3.1 8B", 8.0e9, 32, 4_096),
        ("Llama 3.3 70B", 70.6e9, 80, 8_192),
        ("Llama 3.1 405B", 405e9, 126, 16_384),
        ("DeepSeek-V3 (37B active)", 37e9, 61, 7_168),
    ],
)
def test_published_models_are_within_a_fifth_of_their_shape(
    name, active_params, layers, hidden_size
):
    depth, width = typical_shape(active_params)
    assert depth == pytest.approx(layers, rel=0.2), name
    assert width == pytest.approx(hidden_size, rel=0.2), name


def test_a_given_figure_is_kept_and_the_other_solved_from_the_size():
    """P = 12 L H^2: 32 layers of an 8B model are 4,544 wide; 4,096 wide is 40 layers."""
    assert typical_shape(8e9, layers=32) == (32, 4_544)
    assert typical_shape(8e9, hidden_size=4_096) == (40, 4_096)
    assert typical_shape(8e9, layers=30, hidden_size=999) == (30, 999)


@given(st.floats(1.0, MAX_ACTIVE_PARAMS))
def test_every_size_has_a_shape_the_schema_accepts(active_params):
    layers, hidden_size = typical_shape(active_params)
    assert 1 <= layers <= MAX_LAYERS
    assert hidden_size >= 64
    assert hidden_size % 64 == 0
