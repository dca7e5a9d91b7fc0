"""Model rows the tests add to the tiny scenario (conftest.py), each written once."""

from typing import Any

# A partner of its own provider (P2) at $1 per M tokens in and out, no price change:
# good enough for B's floor of 85 only with a little in-house help.
CHEAP: dict[str, Any] = {
    "kind": "partner",
    "name": "Cheap",
    "provider": "P2",
    "price_in_per_m": 1.0,
    "price_out_per_m": 1.0,
    "annual_price_change": 0.0,
    "quality": {"a": 72, "b": 86},
}

# An in-house model trained in 2027 on 1e12 tokens (6e21 FLOPs), serving from the next year.
BIG: dict[str, Any] = {
    "kind": "in_house",
    "name": "Big",
    "active_params": 1e9,
    "total_params": 1e9,
    "train_tokens": 1e12,
    "train_year": 2027,
    "available_from": 2028,
    "mfu_train": 0.5,
    "measured_tokens_per_gpu_s": 500,
    "quality": {"a": 95, "b": 95},
}

# A second partner of its own provider (P2) at $4 per M tokens, better than Own on B.
EXT2: dict[str, Any] = {
    "kind": "partner",
    "name": "Ext2",
    "provider": "P2",
    "price_in_per_m": 4.0,
    "price_out_per_m": 4.0,
    "annual_price_change": 0.0,
    "quality": {"a": 75, "b": 88},
}

# A small in-house model five times faster than Own, scoring exactly A's floor of 70.
FAST: dict[str, Any] = {
    "kind": "in_house",
    "name": "Fast",
    "active_params": 1e9,
    "total_params": 1e9,
    "available_from": 2020,
    "measured_tokens_per_gpu_s": 5000,
    "quality": {"a": 70, "b": 40},
}
