"""``coprod report``: one self-contained HTML file with every section (tested offline:
no external http(s) src or href, figures embedded)."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import pytest
from cli_helpers import PNG_MAGIC, coprod

from coproduction import indicators as ind
from coproduction.groups import group_outcomes
from coproduction.validation import CHECKS

SECTIONS = [
    "scenarios",
    "headline",
    *(a.replace(" ", "_") for a in ind.EFFECT_AREAS),
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
    assert len(p.imgs) == len(ind.EFFECT_AREAS)
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
    assert "production_rho" in body and "tennant2007" in body  # parameters and sources


def test_existing_report_is_not_replaced_without_force(report):
    cwd, text, _ = report
    res = coprod("report", "top_down", "--out", "r.html", "--weeks", "5", cwd=cwd)
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
    for kind in ("age band", "ward"):
        sub = g[g["group_kind"] == kind]
        assert sub["citizens"].sum() == 1200
        assert ((sub["wellbeing"] >= 14) & (sub["wellbeing"] <= 70)).all()
    assert list(g[g["group_kind"] == "ward"]["group"]) == ["ward 1", "ward 2", "ward 3"]
