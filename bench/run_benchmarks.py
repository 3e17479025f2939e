#!/usr/bin/env python3
"""All benchmarks behind `make bench`, and bench/REPORT.md.

The foundation parts run here: import speed against sqlite3 .import, snapshot loading, large
stores (every timing the median of several runs; peak RSS from /usr/bin/time). Each model area
has its own script (AREAS), which measures against its reference in the same run and writes
bench/results/<area>.{json,md}; the report is the foundation part followed by every area's
section. Results: bench/results/latest.json and bench/REPORT.md.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "data")
# Area scripts, in report order: each writes bench/results/<area>.md.
AREAS = ["customers", "customers_ml", "recommend", "recommend_serving", "forecast",
         "forecast_seasonal", "inventory", "server", "dashboard", "experiment_stats",
         "experiments_report", "ope", "incentive", "outbox", "journeys", "pricing"]


def run(cmd):
    """Runs cmd; returns (wall seconds, stdout). Exits on failure."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()[-2000:]}")
    return seconds, proc.stdout.decode()


def timed(cmd):
    """Runs cmd under /usr/bin/time to get its own peak RSS; returns (seconds, rss_mb, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        seconds, out = run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd)
        rss_kb = int(t.read().strip().splitlines()[-1])
    return seconds, rss_kb / 1024.0, out


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def median_of(n, fn):
    results = [fn() for _ in range(n)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1]


def bench_import(mercato, work, repeats):
    src = os.path.join(SHARED, "uci-online-retail", "online_retail.csv.zst")
    if not os.path.exists(src):
        return {"skipped": "../shared/data/uci-online-retail absent"}
    csv_path = os.path.join(work, "online_retail.csv")
    with open(csv_path, "wb") as f:
        subprocess.run(["zstd", "-dc", src], stdout=f, check=True)
    db = os.path.join(work, "bench.db")

    def sqlite_import():
        fresh(db)
        s, rss, _ = timed(["sqlite3", db, "-cmd", ".mode csv", f".import {csv_path} retail"])
        return s, rss, None

    def mercato_import(path):
        def once():
            fresh(db)
            return timed([mercato, "import", "--db", db, "--format", "online-retail", "--json", path])
        return once

    ref_s, ref_rss, _ = median_of(repeats, sqlite_import)
    csv_s, csv_rss, last = median_of(repeats, mercato_import(csv_path))
    zst_s, zst_rss, _ = median_of(repeats, mercato_import(src))
    report = json.loads(last[2])
    return {
        "rows": report["rows_read"],
        "sqlite3_import_seconds": round(ref_s, 3),
        "sqlite3_import_rss_mb": round(ref_rss, 1),
        "mercato_import_csv_seconds": round(csv_s, 3),
        "mercato_import_csv_rss_mb": round(csv_rss, 1),
        "mercato_import_zst_seconds": round(zst_s, 3),
        "mercato_import_zst_rss_mb": round(zst_rss, 1),
        "ratio_csv_vs_sqlite3": round(csv_s / ref_s, 2),
        "ratio_zst_vs_sqlite3": round(zst_s / ref_s, 2),
        "target": "ratio <= 2.0, peak RSS <= 500 MB",
    }


def bench_large(mercato, snapshot_bench, work, customers):
    out = os.path.join(work, "large")
    shutil.rmtree(out, ignore_errors=True)
    gen_s, gen_rss, _ = timed([mercato, "generate", "--out", out, "--customers", str(customers),
                               "--days", "730", "--seed", "7"])
    db = os.path.join(work, "large.db")
    fresh(db)
    imp_s, imp_rss, imp_out = timed([mercato, "import", "--db", db, "--format", "generic", "--json", out])
    report = json.loads(imp_out)
    snap = json.loads(run([snapshot_bench, db, "3"])[1])
    join = ("SELECT o.customer_id, l.sku, l.quantity, o.ts FROM order_lines l "
            "JOIN orders o ON o.id = l.order_id")
    raw_s, _, _ = median_of(3, lambda: timed(["sqlite3", db, ".output /dev/null", join]))
    shutil.rmtree(out, ignore_errors=True)
    return {
        "customers": customers,
        "order_lines": report["entities"].get("order_lines", 0),
        "rows_imported": report["rows_imported"],
        "generate_seconds": round(gen_s, 1),
        "generate_rss_mb": round(gen_rss, 1),
        "import_seconds": round(imp_s, 1),
        "import_rss_mb": round(imp_rss, 1),
        "import_rows_per_second": round(report["rows_read"] / imp_s),
        "snapshot_seconds": snap["median_seconds"],
        "snapshot_lines_per_second": snap["lines_per_second"],
        "sqlite3_raw_join_seconds": round(raw_s, 3),
        "snapshot_vs_raw_sqlite3_join": round(snap["median_seconds"] / raw_s, 2),
    }


def render_report(r):
    """The committed benchmark report: what data, what reference, the ratio."""
    imp = r.get("import_online_retail", {"skipped": "not run yet"})
    big = r.get("large_store")
    lines = [
        "# Benchmark report",
        "",
        f"Written by `make bench` (bench/run_benchmarks.py) on {r['date']}, {r['machine']}. "
        "Timings are medians of repeated runs; peak RSS is the process's own (/usr/bin/time).",
        "",
        "## Import: UCI Online Retail (541,909 rows) vs sqlite3's own .import",
        "",
    ]
    if "skipped" in imp:
        lines += [f"Skipped: {imp['skipped']}.", ""]
    else:
        lines += [
            "Reference: `sqlite3 DB '.mode csv' '.import online_retail.csv retail'` on the "
            "decompressed CSV into a bare table, in the same run. mercato builds orders, lines, "
            "returns, products and customers with keys and indexes in one transaction.",
            "",
            "| run | median s | peak RSS MB | ratio to sqlite3 |",
            "|---|---|---|---|",
            f"| sqlite3 .import (CSV) | {imp['sqlite3_import_seconds']} | "
            f"{imp['sqlite3_import_rss_mb']} | 1.00 |",
            f"| mercato import (same CSV) | {imp['mercato_import_csv_seconds']} | "
            f"{imp['mercato_import_csv_rss_mb']} | **{imp['ratio_csv_vs_sqlite3']}** |",
            f"| mercato import (.csv.zst, streamed) | {imp['mercato_import_zst_seconds']} | "
            f"{imp['mercato_import_zst_rss_mb']} | {imp['ratio_zst_vs_sqlite3']} |",
            "",
            f"Target: {imp['target']}.",
            "",
        ]
    if big is None:
        return "\n".join(lines)
    lines += [
        f"## Synthetic store: {big['customers']:,} customers x 730 days",
        "",
        "| step | figure |",
        "|---|---|",
        f"| generate | {big['generate_seconds']} s, peak RSS {big['generate_rss_mb']} MB |",
        f"| import (generic, every entity) | {big['import_seconds']} s for "
        f"{big['rows_imported']:,} rows ({big['import_rows_per_second']:,} rows/s), "
        f"peak RSS {big['import_rss_mb']} MB |",
        f"| order lines | {big['order_lines']:,} |",
        f"| snapshot load (median of 3) | {big['snapshot_seconds']} s "
        f"({big['snapshot_lines_per_second']:,.0f} lines/s) |",
        f"| reference: sqlite3 CLI reading the same order lines joined to orders | "
        f"{big['sqlite3_raw_join_seconds']} s (snapshot / reference = "
        f"{big['snapshot_vs_raw_sqlite3_join']}) |",
        "",
        "The snapshot does more than the reference read: it also loads catalog, customers and "
        "returns, assigns dense ids and builds the interaction matrix and the daily and weekly "
        "demand panels. Target: 1M order lines in at most 2 s.",
        "",
    ]
    return "\n".join(lines)


def run_area(area, build):
    """Runs bench/<area>_bench.py; Debian's python3 has the optional references (scikit-learn)."""
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    print(f"{area}: bench/{area}_bench.py ...", flush=True)
    proc = subprocess.run([python, os.path.join(HERE, f"{area}_bench.py"), "--build", build])
    if proc.returncode != 0:
        sys.exit(f"bench/{area}_bench.py failed ({proc.returncode})")


def area_sections():
    sections = []
    for area in AREAS:
        path = os.path.join(HERE, "results", f"{area}.md")
        if os.path.exists(path):
            with open(path) as f:
                sections.append(f.read().strip())
        else:
            sections.append(f"## {area}\n\nNot run yet: `BENCH_ONLY={area} make bench`.")
    return "\n\n".join(sections) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--customers", type=int, default=1000000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", choices=["import", "large"] + AREAS,
                    help="run one part; the others keep their last figures")
    args = ap.parse_args()
    mercato = os.path.join(args.build, "src", "cli", "mercato")
    snapshot_bench = os.path.join(args.build, "bench", "mercato_snapshot_bench")
    latest = os.path.join(HERE, "results", "latest.json")
    results = {}
    if args.only and os.path.exists(latest):
        with open(latest) as f:
            results = json.load(f)
    results.update({"machine": f"{os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d")})
    with tempfile.TemporaryDirectory(prefix="mercato-bench-") as work:
        if args.only in (None, "import"):
            print("import: UCI Online Retail vs sqlite3 .import ...", flush=True)
            results["import_online_retail"] = bench_import(mercato, work, args.repeats)
            print(json.dumps(results["import_online_retail"], indent=2), flush=True)
        if args.only in (None, "large"):
            print(f"large store: {args.customers} customers x 730 days ...", flush=True)
            results["large_store"] = bench_large(mercato, snapshot_bench, work, args.customers)
            print(json.dumps(results["large_store"], indent=2), flush=True)
    for area in AREAS:
        if args.only in (None, area):
            run_area(area, args.build)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(latest, "w") as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(HERE, "REPORT.md"), "w") as f:
        f.write(render_report(results) + "\n" + area_sections())
    print("wrote bench/results/latest.json and bench/REPORT.md")


if __name__ == "__main__":
    main()
