"""Write experiments/tutorial.ipynb (unexecuted) from the cells below.

The notebook is generated so that its source stays reviewable here; run
``python tools/make_tutorial.py`` after editing a cell. The tests execute the notebook
with nbclient at a small size (``COPROD_TUTORIAL_SMALL=1``).
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS = [
    (
        "md",
        """# Experiments with coproduction: a tutorial for researchers

This notebook walks through the research workflow: load a scenario, run it, change a
policy lever, run a small sweep into a result store, query the store with SQL, and plot.
Everything here is also available from the command line (`coprod run`, `coprod sweep`,
`coprod results`, `coprod sensitivity`).

The first cell sets the size. The tests run this notebook with `COPROD_TUTORIAL_SMALL=1`
(a tiny community, a few weeks); unset it for a meaningful run (2,000 citizens, 5 years).""",
    ),
    (
        "code",
        """import os
import tempfile
from pathlib import Path

SMALL = os.environ.get("COPROD_TUTORIAL_SMALL") == "1"
N_CITIZENS = 100 if SMALL else 2000
WEEKS = 8 if SMALL else 260
REPLICATIONS = 1 if SMALL else 3
BACKEND = "serial" if SMALL else "process"
OUT = Path(tempfile.mkdtemp()) / "sweep" if SMALL else Path("results/tutorial_sweep")
print(f"{N_CITIZENS} citizens, {WEEKS} weeks, {REPLICATIONS} replication(s) -> {OUT}")""",
    ),
    (
        "md",
        "## 1. Load a scenario\n\nScenarios are named TOML files; `load_scenario` "
        "returns the validated parameters (every key has a unit, range and source: "
        "`coprod params`).",
    ),
    (
        "code",
        """from coproduction import CoproductionModel, list_scenarios, load_scenario

print(list_scenarios())
params = load_scenario("co_produced")
{k: getattr(params, k) for k in ("co_design", "co_delivery", "influence", "prevention_share")}""",
    ),
    (
        "md",
        "## 2. Run it\n\nA run is a pure function of (scenario, overrides, seed): "
        "`rng=` is the seed.",
    ),
    (
        "code",
        """model = CoproductionModel.from_scenario(
    "co_produced", rng=1, agents=False, n_citizens=N_CITIZENS
)
model.run(WEEKS)
df = model.indicators_dataframe()
df[["week", "wellbeing_mean", "cost_per_citizen_week", "participation_rate"]].tail()""",
    ),
    (
        "md",
        "## 3. Change a lever\n\nSame seed, less co-delivery: the difference is the "
        "lever's effect, not sampling noise (common random numbers).",
    ),
    (
        "code",
        """low = CoproductionModel.from_scenario(
    "co_produced", rng=1, agents=False, n_citizens=N_CITIZENS, co_delivery=0.1
).run(WEEKS).indicators_dataframe()
for name in ("wellbeing_mean", "participation_rate"):
    high_v, low_v = df[name].iloc[-1], low[name].iloc[-1]
    print(f"{name}: co_delivery 0.8 -> {high_v:.3f}, 0.1 -> {low_v:.3f}")""",
    ),
    (
        "md",
        "## 4. A small sweep\n\nAn experiment is a TOML text or file (see `experiments/`"
        " and `docs/experiments.md`). Here a 3 x 2 grid of prevention share and co-delivery. "
        "Rerunning the cell resumes: finished runs are skipped.",
    ),
    (
        "code",
        """from coproduction.experiments import parse_experiment, sweep

text = f'''
name = "tutorial"
scenario = "co_produced"
replications = {REPLICATIONS}
weeks = {WEEKS}
[overrides]
n_citizens = {N_CITIZENS}
[sampler]
method = "grid"
[factors.prevention_share]
levels = [0.0, 0.3, 0.6]
[factors.co_delivery]
levels = [0.1, 0.8]
[outputs]
indicators = ["wellbeing_mean", "cost_per_citizen_week", "crisis_rate"]
summaries = ["mean_last_year", "cumulative"]
'''
experiment = parse_experiment(text, "tutorial")
summary = sweep(experiment, OUT, backend=BACKEND, workers=2)
summary""",
    ),
    (
        "md",
        "## 5. Query the store\n\n`open_results` gives DuckDB views `runs`, `design`, "
        "`trajectories` and `attempts` over the Parquet files; `.sql()` returns pandas.",
    ),
    (
        "code",
        """from coproduction.experiments import open_results

results = open_results(OUT)
table = results.sql('''
    SELECT prevention_share, co_delivery,
           avg(wellbeing_mean__mean_last_year) AS wellbeing,
           avg(cost_per_citizen_week__cumulative) AS cost_per_citizen,
           count(*) AS runs
    FROM runs WHERE status = 'done'
    GROUP BY ALL ORDER BY ALL
''')
table""",
    ),
    ("md", "## 6. Plot\n\nA response heatmap and mean trajectories by factor level."),
    (
        "code",
        """import matplotlib.pyplot as plt

grid = table.pivot(index="co_delivery", columns="prevention_share", values="wellbeing")
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
im = ax1.imshow(grid.to_numpy(), origin="lower", aspect="auto")
ax1.set_xticks(range(grid.shape[1]), grid.columns)
ax1.set_yticks(range(grid.shape[0]), grid.index)
ax1.set_xlabel("prevention_share")
ax1.set_ylabel("co_delivery")
fig.colorbar(im, ax=ax1, label="wellbeing (WEMWBS, final year)")
traj = results.trajectories()
for level, sub in traj.groupby("co_delivery"):
    series = sub.groupby("week")["wellbeing_mean"].mean()
    ax2.plot(series.index, series.to_numpy(), label=f"co_delivery {level}")
ax2.set_xlabel("week")
ax2.set_ylabel("wellbeing_mean")
ax2.legend()
assert len(traj) == len(results.runs()) * (WEEKS + 1)
plt.show()""",
    ),
    (
        "md",
        "Next: `coprod sweep sobol_wellbeing_cost` then `coprod sensitivity "
        "results/sobol_wellbeing_cost` for Sobol' indices; `--backend dask --scheduler "
        "ADDRESS` to run on a cluster (README).",
    ),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(s) if k == "md" else new_code_cell(s) for k, s in CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


if __name__ == "__main__":
    path = Path(__file__).resolve().parents[1] / "experiments" / "tutorial.ipynb"
    nbformat.write(build(), path)
    print(f"wrote {path}")
