"""Test configuration: hypothesis profiles and shared fixtures. Hand-made states for the
unit tests are built by ``handmade.tiny_state`` (a module: tests import it, never this
file)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings

# Property tests: no deadline (runs vary in time); in CI the examples are derandomized so
# a run is reproducible, while local runs keep exploring new examples.
settings.register_profile("ci", deadline=None, derandomize=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator for phases whose tested outcome does not depend on the draws."""
    return np.random.default_rng(12345)
