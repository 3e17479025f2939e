#!/usr/bin/env python3
"""Inventory benchmark on the synthetic store: replay of the last half-year of recorded daily
demand under the planned (s, S) policy (forecast-driven safety stock, EOQ, MOQ/case pack) at
several cycle service levels, beside the min/max baseline derived from history, all in the same
run with the same seeded lead-time draws; and the wall time of `mercato inventory plan`.
Writes bench/results/inventory.{json,md}.

Usage: bench/inventory_bench.py [--build build/release] [--customers 20000] [--work DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET_REDUCTION = 0.15


def run(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--replay-days", type=int, default=182)
    ap.add_argument("--replan-days", type=int, default=14)
    ap.add_argument("--service-levels", default="0.8,0.85,0.9,0.95")
    ap.add_argument("--work", help="keep the generated store here (default: a temp dir)")
    args = ap.parse_args()
    mercato = os.path.join(args.build, "src", "cli", "mercato")
    work = args.work or tempfile.mkdtemp(prefix="mercato_inventory_bench_")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "mercato.db")
    if not os.path.exists(db):
        run([mercato, "generate", "--out", os.path.join(work, "store"), "--customers",
             str(args.customers), "--days", str(args.days), "--seed", str(args.seed)])
        run([mercato, "import", "--db", db, "--format", "generic", os.path.join(work, "store")])

    _, plan_seconds = run([mercato, "inventory", "plan", "--db", db, "--out",
                           os.path.join(work, "plan.csv")])
    plan = json.loads(run([mercato, "inventory", "plan", "--db", db, "--json"])[0])

    runs = []
    for level in [float(x) for x in args.service_levels.split(",")]:
        out, seconds = run([mercato, "inventory", "simulate", "--db", db, "--policy", "forecast",
                            "--service-level", str(level), "--days", str(args.replay_days),
                            "--replan-days", str(args.replan_days), "--json"])
        r = json.loads(out)
        r["seconds"] = seconds
        r["meets_target"] = (r["fill_rate_delta"] >= 0
                             and r["inventory_reduction"] >= TARGET_REDUCTION)
        runs.append(r)
        print(f"service level {level}: inventory {-100 * r['inventory_reduction']:+.1f}%, "
              f"fill rate {r['fill_rate_delta']:+.4f} ({seconds:.0f} s)", file=sys.stderr)

    result = {
        "data": {"store": "synthetic (mercato generate)", "customers": args.customers,
                 "days": args.days, "seed": args.seed, "skus": runs[0]["skus"]},
        "replay": {"from": runs[0]["from"], "to": runs[0]["to"], "days": runs[0]["days"],
                   "replan_days": args.replan_days, "lead_time_seed": runs[0]["seed"]},
        "baseline": "minmax: min = mean daily sales of the last 56 days x (supplier's nominal "
                    "lead time + 7 days), max = min + 28 days of that mean",
        "target": {"inventory_reduction": TARGET_REDUCTION, "fill_rate": "equal or better"},
        "runs": runs,
        "target_met_at": [r["service_level"] for r in runs if r["meets_target"]],
        "plan": {"seconds": plan_seconds, "lines": plan["summary"]["lines"],
                 "summary": plan["summary"]},
    }
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "inventory.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    base = runs[0]["results"]["minmax"]
    lines = [
        "## Inventory: reorder policy replay on the synthetic store",
        "",
        f"Data: synthetic store ({args.customers:,} customers, {args.days} days, seed "
        f"{args.seed}, {result['data']['skus']:,} SKUs). Replay of the recorded daily sales of "
        f"{result['replay']['from']} .. {result['replay']['to']} ({result['replay']['days']} days) "
        f"from the recorded stock, lost sales at zero, lead times drawn from the observed "
        f"purchase orders placed within 30 days (seed {result['replay']['lead_time_seed']}); "
        f"policies re-planned every {args.replan_days} days from the data before that day.",
        "",
        f"Baseline ({result['baseline']}): fill rate {base['fill_rate']:.4f}, "
        f"{base['stockout_days']} stock-out days, average inventory "
        f"{base['avg_inventory_value']:,.0f} at cost ({base['avg_inventory_units']:,.0f} units), "
        f"{base['orders']} orders.",
        "",
        "| forecast policy, cycle service level | fill rate | vs baseline | stock-out days "
        "| avg inventory (cost) | vs baseline | avg excess (cost) | orders |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        p = r["results"]["forecast"]
        lines.append(
            f"| {r['service_level']:.2f} | {p['fill_rate']:.4f} | {r['fill_rate_delta']:+.4f} "
            f"| {p['stockout_days']} | {p['avg_inventory_value']:,.0f} "
            f"| {-100 * r['inventory_reduction']:+.1f}% | {p['avg_excess_value']:,.0f} "
            f"| {p['orders']} |")
    met = result["target_met_at"]
    lines += [
        "",
        f"Target: at equal or better fill rate, average inventory at least "
        f"{100 * TARGET_REDUCTION:.0f}% below the baseline — "
        + (f"met at service level(s) {', '.join(map(str, met))}." if met else "**not met** "
           "at any service level tried."),
        "",
        f"`mercato inventory plan` on this store: {plan_seconds:.1f} s wall for "
        f"{plan['summary']['lines']:,} SKU x location lines "
        f"({plan['summary']['reorder_now']} to reorder now, {plan['summary']['excess']} with "
        f"excess stock, {plan['summary']['markdown_candidates']} markdown candidates).",
        "",
    ]
    with open(os.path.join(HERE, "results", "inventory.md"), "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
