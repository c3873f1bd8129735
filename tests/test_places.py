"""Place profiles: every shipped profile is valid and sourced, a bad profile is refused
with the file, field and value named, and a profile's population reproduces its age
and deprivation shares."""

from __future__ import annotations

import numpy as np
import pytest
from cli_helpers import TINY, coprod, describe, write

from coproduction.errors import InputError
from coproduction.model import CoproductionModel
from coproduction.network import draw_wards
from coproduction.params import DEFAULTS
from coproduction.places import FIELDS, list_places, load_place

GOOD = """\
name = "toy"
description = "A toy place."
kind = "test"

[profile]
residents = 10000
share_age = [0.25, 0.25, 0.3, 0.2]
share_wimd = [0.5, 0.2, 0.1, 0.1, 0.1]
wemwbs_mean = 48.0
spending_index = 1.2

[sources]
residents = "a census"
share_age = "a census"
share_wimd = "an index"
wemwbs_mean = "a survey"
spending_index = "accounts"
"""


def test_shipped_places_are_valid_and_every_field_has_a_source():
    names = list_places()
    assert {"wales", "cardiff", "blaenau_gwent", "powys"} <= set(names)
    kinds = {load_place(n).kind for n in names}
    assert {"urban", "valleys", "rural", "nation"} <= kinds
    for name in names:
        place = load_place(name)
        assert set(place.sources) == set(place.profile), name
        assert all(len(s) > 20 for s in place.sources.values()), name
        place.overrides()  # every parameter in range


def test_profile_sets_parameters_and_set_wins(tmp_path):
    path = write(tmp_path / "toy.toml", GOOD)
    place = load_place(str(path))
    over = place.overrides()
    assert over["population"] == 10000
    assert over["share_wimd_1"] == pytest.approx(0.5)
    assert over["budget_per_citizen"] == pytest.approx(DEFAULTS["budget_per_citizen"] * 1.2)
    # wemwbs_mean is re-centred so that this deprivation mix gives the profile's mean
    gap = DEFAULTS["deprivation_wemwbs_gap"]
    mean_q = sum(q * s for q, s in enumerate([0.5, 0.2, 0.1, 0.1, 0.1])) / 4
    assert over["wemwbs_mean"] + gap * (mean_q - 0.5) == pytest.approx(48.0, abs=1e-3)
    m = CoproductionModel.from_scenario(
        "top_down", place=str(path), n_citizens=200, rng=1, share_wimd_1=0.3
    )
    assert m.params.share_wimd_1 == 0.3  # an override beats the profile
    assert m.params.population == 10000


@pytest.mark.parametrize(
    "edit, words",
    [
        (("residents = 10000", "residents = -5"), ["'residents'", "-5", "outside"]),
        (("residents = 10000", 'residents = "many"'), ["'residents'", "not a number"]),
        (("[0.5, 0.2, 0.1, 0.1, 0.1]", "[0.5, 0.2, 0.1]"), ["'share_wimd'", "list of 5"]),
        (("[0.5, 0.2, 0.1, 0.1, 0.1]", "[0.5, 0.5, 0.5, 0.1, 0.1]"), ["sum to 1.7"]),
        (
            ("spending_index = 1.2\n", "spending_index = 1.2\nstaff_indx = 1.0\n"),
            ["unknown profile field 'staff_indx'", "Did you mean staff_index"],
        ),  # fmt: skip
        (('wemwbs_mean = "a survey"\n', ""), ["'wemwbs_mean' has no source"]),
        (('kind = "test"', 'kind = "test"\nrurality = 2'), ["unknown top-level key 'rurality'"]),
        (("[profile]", "[profile"), ["malformed TOML"]),
    ],
)
def test_bad_profiles_name_file_field_and_value(tmp_path, edit, words):
    path = write(tmp_path / "bad.toml", GOOD.replace(*edit))
    with pytest.raises(InputError) as exc:
        load_place(str(path))
    msg = str(exc.value)
    assert str(path) in msg
    for w in words:
        assert w in msg, msg


def test_unknown_place_suggests_and_cli_exits_2(tmp_path):
    with pytest.raises(InputError, match="Did you mean cardiff"):
        load_place("cardif")
    res = coprod("run", "top_down", *TINY, "--place", "cardif", "--out", "o", cwd=tmp_path)
    assert res.returncode == 2, describe(res)
    assert "cardif" in res.stderr and "Did you mean cardiff" in res.stderr
    assert not (tmp_path / "o").exists()
    bad = write(tmp_path / "bad.toml", GOOD.replace("residents = 10000", "residents = 0"))
    res = coprod("places", "validate", bad, cwd=tmp_path)
    assert res.returncode == 2 and "'residents'" in res.stderr, describe(res)


def test_places_list_and_show(tmp_path):
    res = coprod("places", "list", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    assert "blaenau_gwent" in res.stdout and "valleys" in res.stdout
    res = coprod("places", "show", "blaenau_gwent", cwd=tmp_path)
    assert res.returncode == 0, describe(res)
    assert "share_wimd = 0.4" in res.stdout and "SIEQ0060" in res.stdout
    assert "share_wimd_1 = 0.4" in res.stdout


def test_run_with_place_records_it_and_set_applies(tmp_path):
    res = coprod(
        "run", "top_down", *TINY, "--place", "powys", "--set", "share_wimd_1=0.3",
        "--out", "o", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, describe(res)
    info = (tmp_path / "o" / "run.json").read_text()
    assert '"place": "powys"' in info
    assert '"share_wimd_1": 0.3' in info


@pytest.mark.parametrize("name", ["blaenau_gwent", "powys"])
def test_population_reproduces_age_and_deprivation_shares(tmp_path, name):
    path = write(tmp_path / "p.toml", _with_ages(name))
    place = load_place(str(path))
    m = CoproductionModel.from_scenario("top_down", place=str(path), n_citizens=20_000, rng=3)
    c = m.state.citizens
    fifths = np.bincount(c.fifth, minlength=5) / c.fifth.size
    np.testing.assert_allclose(fifths, place.profile["share_wimd"], atol=0.03)
    ages = np.bincount(c.age_band, minlength=4) / c.age_band.size
    np.testing.assert_allclose(ages, place.profile["share_age"], atol=0.02)
    # wards are whole small areas of one fifth each, of unequal size
    for w in np.unique(c.ward)[:20]:
        assert np.unique(c.fifth[c.ward == w]).size == 1
    sizes = np.bincount(c.ward)
    assert sizes.min() < sizes.max()


def _with_ages(name: str) -> str:
    """The shipped profile with an age structure added (a test fixture, not a figure)."""
    place = load_place(name)
    lines = [
        f'name = "{place.name}"',
        f'description = "{place.description}"',
        f'kind = "{place.kind}"',
        "[profile]",
        f"share_wimd = {place.profile['share_wimd']}",
        "share_age = [0.22, 0.28, 0.32, 0.18]",
        "[sources]",
        'share_wimd = "shipped profile"',
        'share_age = "test fixture"',
    ]
    return "\n".join(lines) + "\n"


def test_draw_wards_follows_shares_with_whole_wards():
    rng = np.random.default_rng(0)
    shares = np.array([0.4, 0.3, 0.2, 0.05, 0.05])
    ward, fifth = draw_wards(10_000, 200, shares, rng)
    assert ward.size == fifth.size == 10_000
    assert np.all(np.diff(ward) >= 0)  # contiguous wards, in citizen order
    assert np.unique(ward).size == 50
    np.testing.assert_allclose(np.bincount(fifth, minlength=5) / 10_000, shares, atol=0.03)
    again = draw_wards(10_000, 200, shares, np.random.default_rng(0))
    assert np.array_equal(again[0], ward) and np.array_equal(again[1], fifth)


def test_fields_are_documented():
    from coproduction import places

    for key in FIELDS:
        assert f"``{key}``" in places.__doc__, key
