"""``coprod report``: one self-contained HTML file with every section (tested offline:
no external http(s) src or href, figures embedded)."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import pandas as pd
import pytest
from cli_helpers import PNG_MAGIC, coprod

from coproduction import indicators as ind
from coproduction.groups import group_outcomes
from coproduction.params import DEFAULTS
from coproduction.validation import CHECKS

SECTIONS = [
    "scenarios",
    "headline",
    *(a.replace(" ", "_") for a in ind.EFFECT_AREAS),
    "money",
    "equity",
    "who",
    "structural",
    "validation",
    "limitations",
    "parameters",
]


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: list[str] = []
        self.imgs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href"):
                self.links.append((tag, k, v or ""))
            if k == "id":
                self.ids.append(v)
        if tag == "img":
            self.imgs.append(dict(attrs)["src"])

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("report")
    res = coprod(
        "report", "top_down", "co_produced", "--out", "r.html", "--replications", "2",
        "--weeks", "60", "--structural-replications", "2", "--validation", "quick",
        "--workers", "1", "--set", "n_citizens=200", "--quiet", cwd=cwd,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    text = (cwd / "r.html").read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(text)
    return cwd, text, parser


def test_report_is_self_contained(report):
    _, _, p = report
    assert p.links, "expected links and images"
    for tag, attr, value in p.links:
        assert not value.lower().startswith(("http:", "https:", "//")), (tag, attr, value)
        if attr == "src":
            assert value.startswith("data:"), (tag, value[:40])
        else:
            assert value.startswith("#"), (tag, value)


def test_report_has_every_section_and_embedded_figures(report):
    _, text, p = report
    for sid in SECTIONS:
        assert sid in p.ids, sid
    assert len(p.imgs) == len(ind.EFFECT_AREAS) + 1  # and the J-curve
    for src in p.imgs:
        head, data = src.split(",", 1)
        assert head == "data:image/png;base64"
        assert base64.b64decode(data)[:8] == PNG_MAGIC
    body = " ".join(p.text)
    assert "The question." in body
    for c in CHECKS:  # the validation table
        assert c.title in body
    assert "16-34" in body and "75+" in body and "ward 1" in body  # who benefits
    assert "Preventive contact does not reduce escalation to crisis" in body
    assert "health board" in body and "J-curve" in body  # money, by payer
    assert "does not pay back within" in body or "pays back after" in body
    assert "1 most deprived" in body and "gradient" in body  # equity
    assert "production_rho" in body and "tennant2007" in body  # parameters and sources


def test_existing_report_is_not_replaced_without_force(report):
    cwd, text, _ = report
    res = coprod("report", "top_down", "co_produced", "--out", "r.html", "--weeks", "5", cwd=cwd)
    assert res.returncode == 2
    assert "--force" in res.stderr
    assert (cwd / "r.html").read_text(encoding="utf-8") == text


def test_bad_scenario_fails_before_any_work(tmp_path):
    res = coprod("report", "top_down", "nowhere", "--out", "x.html", cwd=tmp_path)
    assert res.returncode == 2
    assert "nowhere" in res.stderr
    assert not (tmp_path / "x.html").exists()


def test_group_outcomes_cover_every_citizen():
    from coproduction.model import CoproductionModel

    m = CoproductionModel.from_scenario("co_produced", rng=1, agents=False, n_citizens=1200)
    m.run(10)
    g = group_outcomes(m)
    for kind in ("age band", "deprivation fifth", "carer", "ward"):
        sub = g[g["group_kind"] == kind]
        assert sub["citizens"].sum() == 1200
        assert ((sub["wellbeing"] >= 14) & (sub["wellbeing"] <= 70)).all()
    n_wards = round(1200 / m.params.ward_size)
    assert list(g[g["group_kind"] == "ward"]["group"]) == [f"ward {i + 1}" for i in range(n_wards)]


# ------------------------------------------------------------------ render only ------
#: A 1x1 PNG.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def hand_made_data():
    """A ReportData written by hand: two scenarios, three paired seeds, one switch, two
    checks. Nothing here runs the model."""
    from coproduction.comparison import VFM_TOTALS, summarise
    from coproduction.groups import GROUP_OUTCOMES, group_table
    from coproduction.html_report import Figure, ReportData
    from coproduction.structural import HEADLINE_DIFFS
    from coproduction.validation import Result

    names = [n for n in ind.NAMES if n != "week"]
    rows = []
    for seed in range(3):
        for scen, shift in (("plain", 0.0), ("with <b>care</b>", 2.0 + 0.1 * seed)):
            vals = {n: 0.5 for n in names}
            vals.update({n: 1.0 for n in VFM_TOTALS})
            vals["wellbeing_mean"] = 50.0 + shift
            vals["activity_retention"] = float("nan")
            rows.append({"scenario": scen, "replication": seed, "seed": seed, **vals})
    scenarios = ["plain", "with <b>care</b>"]
    summary = summarise(pd.DataFrame(rows), scenarios)
    groups = []
    for seed in range(3):
        for scen, on in zip(scenarios, (0.0, 1.0), strict=True):
            for kind, group, n in (("age band", "16-34", 60), ("age band", "75+", 40),
                                   ("ward", "ward 1", 100)):  # fmt: skip
                out = {o: 0.25 for o in GROUP_OUTCOMES}
                # 75+ gain 4, 4.1, 4.2 (clear); 16-34 and the ward -1, 0, +1 (noise)
                gain = 4.0 + 0.1 * seed if group == "75+" else seed - 1.0
                out["wellbeing"] = 48.0 + on * gain
                groups.append({"group_kind": kind, "group": group, "citizens": float(n),
                               "scenario": scen, "replication": seed, "seed": seed,
                               **out})  # fmt: skip
    structural = pd.DataFrame(
        [
            {
                "switch": key,
                "title": title,
                "scenario": scenarios[1],
                "indicator": n,
                "diff": d,
                "diff_ci_low": d - 0.5,
                "diff_ci_high": d + 0.5,
                "significant": True,
                "same_direction": d > 0,
            }  # fmt: skip
            for key, title, d in (
                ("default", "Default model", 2.0),
                ("no_prevention_effect", "No prevention", -3.0),
            )  # fmt: skip
            for n in HEADLINE_DIFFS
        ]
    )
    figures = {
        area: Figure(PIXEL, [n for n in names_ if n != "activity_retention"])
        for area, names_ in ind.EFFECT_AREAS.items()
    }
    return ReportData(
        scenarios=scenarios,
        replications=3,
        weeks=104,
        seed=0,
        overrides={"n_citizens": 100},
        n_citizens=100,
        version="9.9.9",
        commit="",
        descriptions={"plain": "No changes.", scenarios[1]: "Uses <script>alert(1)</script>."},
        settings={
            "plain": {**DEFAULTS, "co_design": 0.0},
            scenarios[1]: {**DEFAULTS, "co_design": 0.8},
        },
        summary=summary,
        figures=figures,
        groups=group_table(pd.DataFrame(groups), scenarios),
        structural=structural,
        structural_replications=2,
        validation=[Result(CHECKS[0], [50.1, 50.3]), Result(CHECKS[1], [20.0, 21.0])],
        validation_info={
            "replications": 2,
            "n_citizens": 500,
            "burn_in_weeks": 52,
            "place": "wales",
            "parameters": "defaults",
        },
    )


def test_render_from_hand_made_data_without_running_anything():
    from coproduction.html_report import render

    text = render(hand_made_data())
    p = Collector()
    p.feed(text)
    for sid in SECTIONS:  # no appraisal in the hand-made data: no money or equity section
        assert (sid in p.ids) == (sid not in ("money", "equity")), sid
    assert p.imgs == [PIXEL] * len(ind.EFFECT_AREAS)
    for _, attr, value in p.links:
        assert value.startswith("data:" if attr == "src" else "#"), value
    body = " ".join("".join(p.text).split())
    # autoescaped: the scenario's markup and the description's script are text
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "with <b>care</b> compared with plain" in body
    # paired differences 2.0, 2.1, 2.2: mean 2.1, half-width t(0.975, 2) * 0.1 / sqrt(3)
    assert "mean wellbeing higher by 2.1 WEMWBS points (better)" in body
    assert "+2.1 [1.852, 2.348]better" in body  # the verdict on the next line
    assert "co_design" in body and "0.8" in body  # the settings that differ
    assert "Not shown: citizen-led activity kept after a cut" in body
    # who benefits: only the change clear of noise is called a finding, with its interval
    assert "Clear of simulation noise: wellbeing for 75+ (+4.1, better)." in body
    assert "16-34 (" not in body.split("Clear of simulation noise")[1].split(".")[0]
    assert "reverses" in body and "(reversed)" in body  # the switch flips the headline
    assert "1 of 2 checks pass" in body and "FAIL" in body and CHECKS[0].title in body
    # the reproduce line gives every option that shapes the report, quoted for a shell
    assert "commit unknown" in body
    assert (
        "coprod report plain 'with <b>care</b>' --replications 3 --weeks 104 --seed 0 "
        "--structural-replications 2 --validation full --set n_citizens=100" in body
    )
    # three replications, two structural reruns and 100 citizens: each is said to mislead
    assert "Read with care." in body and "Only 3 replications" in body
    assert "structural reruns have only 2 replications" in body and "Only 100 citizens" in body
    assert 'id="ref-tennant2007"' in text
