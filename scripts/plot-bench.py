#!/usr/bin/env python3
"""Draws docs/benchmarks-latency.png from the CSV that `./platform bench --csv FILE` writes.

    python3 scripts/plot-bench.py [docs/benchmarks-latency.csv] [docs/benchmarks-latency.png]

Re-runs itself inside .platform/tools/venv after installing matplotlib there from PyPI when
the current interpreter has no matplotlib, so nothing is installed system-wide.
"""
import csv
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".platform", "tools", "venv")
VENV_PYTHON = os.path.join(VENV, "bin", "python3")


def ensure_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.abspath(sys.executable) == os.path.abspath(VENV_PYTHON):
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "-q", "matplotlib"])
        return
    if not os.path.exists(VENV_PYTHON):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    probe = subprocess.run([VENV_PYTHON, "-c", "import matplotlib"], capture_output=True)
    if probe.returncode != 0:
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "-q", "matplotlib"])
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    curves = {}
    for r in rows:
        if not r["p50_ms"]:
            continue
        curves.setdefault(r["workload"], []).append(
            (float(r["offered_per_s"]), float(r["achieved_per_s"] or 0), float(r["p50_ms"]),
             float(r["p99_ms"]), r["load_avg"]))
    return {k: sorted(v) for k, v in curves.items()}


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "benchmarks-latency.csv")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "benchmarks-latency.png")
    ensure_matplotlib()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = read(source)
    titles = {"W1": "W1: POST /products latency", "W5": "W5: write → searchable latency"}
    names = [w for w in ("W1", "W5") if w in curves]
    fig, axes = plt.subplots(1, len(names), figsize=(5.2 * len(names), 3.8), squeeze=False)
    for ax, name in zip(axes[0], names):
        points = curves[name]
        offered = [p[0] for p in points]
        ax.plot(offered, [p[2] for p in points], "o-", label="p50")
        ax.plot(offered, [p[3] for p in points], "s--", label="p99")
        for p in points:
            ax.annotate(f"{p[1]:.0f}/s done", (p[0], p[3]), textcoords="offset points", xytext=(0, 6),
                        fontsize=7, ha="center")
        ax.set_yscale("log")
        ax.set_xlabel("offered load (writes/s, open loop)")
        ax.set_ylabel("latency (ms, log scale)")
        ax.set_title(titles[name], fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("catalog platform on 2 cores, fsync=on (./platform bench --csv)", fontsize=9)
    fig.tight_layout()
    fig.savefig(target, dpi=90)
    print(f"wrote {target} ({os.path.getsize(target) // 1024} KB)")


if __name__ == "__main__":
    main()
