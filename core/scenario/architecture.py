"""A transformer's typical shape from its size: for a model given only by its parameters.

A dense layer holds ~12 H^2 weights (attention 4 H^2, the MLP 8 H^2), so a model of P
weights per token has P ~ 12 L H^2, and published families keep the width near 128 times
the depth (Llama 3.1: 8B is 32 x 4,096, 70B 80 x 8,192, 405B 126 x 16,384). Solving both
gives the depth and width the serving physics reads (docs/model.md#F-serving): the depth
sets a decode step's fixed time, the width its links' bytes.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

WIDTH_PER_LAYER = 128
MAX_ACTIVE_PARAMS = 1e14  # the most parameters a model uses per token (the schema's bound)
# The fewest parameters a model may hold, used per token or in all: a million weights is
# no language model anyone serves (GPT-2's smallest holds 124 million); a positive 1e-320
# passed and made training runs vanish (docs/file-format.md#lower-bounds).
MIN_PARAMS = 1e6
MAX_LAYERS = 1_000


def shared_params(
    active: ArrayLike, total: ArrayLike, experts: ArrayLike, experts_per_token: ArrayLike
) -> NDArray[np.float64]:
    """Parameters every token uses, numbers or arrays alike.

    (A E - T k) / (E - k) for a mixture of E experts, k a token (within [0, A]); every
    parameter of a dense model.
    """
    a, t = np.asarray(active, dtype=float), np.asarray(total, dtype=float)
    e, k = np.asarray(experts, dtype=float), np.asarray(experts_per_token, dtype=float)
    moe = e > k
    shared = np.where(moe, (a * e - t * k) / np.where(moe, e - k, 1.0), t)
    result: NDArray[np.float64] = np.clip(shared, 0.0, a)
    return result


def typical_shape(
    active_params: float, layers: int | None = None, hidden_size: int | None = None
) -> tuple[int, int]:
    """(layers, hidden size) of a model with `active_params` used per token.

    Either figure given is kept and the other solved from P = 12 L H^2; with neither,
    H = 128 L. The width is rounded to a multiple of 64, as real widths are.
    """
    per_layer = 12.0 * WIDTH_PER_LAYER**2
    if layers is None:
        if hidden_size is None:
            layers = round((active_params / per_layer) ** (1.0 / 3.0))
        else:
            layers = round(active_params / (12.0 * hidden_size**2))
        layers = min(max(layers, 1), MAX_LAYERS)
    if hidden_size is None:
        hidden_size = 64 * max(1, round((active_params / (12.0 * layers)) ** 0.5 / 64))
    return layers, hidden_size
