#!/usr/bin/env python3
"""Experiments: the report over 10 million exposure and order events, and assignment per call.

Runs bench/mercato_experiment_bench on a store it builds with one running experiment, EXPOSURES
exposed customers and ORDERS one-line orders (written through the Store in one transaction):
the report is what `mercato experiments report` runs (open the store, load the snapshot,
attribute every order to its customer's first exposure, Analyze); assignment is the XXH3 hash,
the traffic check and the variant choice on distinct unit ids. Targets (issue 17): the report
in at most 10 s on 2 cores, assignment at most 1 us per call. Writes
bench/results/experiments_report.{json,md}.

Usage: bench/experiments_report_bench.py [--build build/release] [--exposures 5000000]
       [--orders 5000000] [--work DIR]
"""
import argparse
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--exposures", type=int, default=5000000)
    ap.add_argument("--orders", type=int, default=5000000)
    ap.add_argument("--work", default=None, help="keep the store here (default: a temp dir)")
    args = ap.parse_args()
    bench = os.path.join(args.build, "bench", "mercato_experiment_bench")
    with tempfile.TemporaryDirectory(prefix="mercato-exp-bench-") as tmp:
        work = args.work or tmp
        os.makedirs(work, exist_ok=True)
        db = os.path.join(work, f"experiment-{args.exposures}-{args.orders}.db")
        out = subprocess.run([bench, db, str(args.exposures), str(args.orders)], check=True,
                             capture_output=True, text=True).stdout
    r = json.loads(out)
    r["cores"] = os.cpu_count()
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "experiments_report.json"), "w") as f:
        json.dump(r, f, indent=2)
    md = [
        "## Experiments: the report and assignment",
        "",
        f"A store with one running experiment: {r['exposures']:,} exposed customers and "
        f"{r['orders']:,} one-line orders ({r['events']:,} events), built through the Store in "
        f"one transaction ({r['build_seconds']} s). The report is `mercato experiments report`'s "
        "work: open the store, load the snapshot, attribute each order to its customer's first "
        "exposure (14-day window, 14-day pre-period, 90-day repeats), and Analyze (Welch, CUPED, "
        "mSPRT, Bayesian, SRM) every unit.",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| report (snapshot + attribution + analysis) | {r['report_seconds']} s for "
        f"{r['events']:,} events, {r['units_analysed']:,} units, verdict {r['verdict']} | "
        "<= 10 s for 10,000,000 events on 2 cores |",
        f"| assignment (XXH3, traffic, variant) | {r['assign_ns_per_call']} ns per call "
        f"(treatment share {r['assign_treatment_share']}) | <= 1 us |",
        "",
    ]
    with open(os.path.join(HERE, "results", "experiments_report.md"), "w") as f:
        f.write("\n".join(md))
    print(json.dumps(r, indent=2))


if __name__ == "__main__":
    main()
