#!/usr/bin/env python3
"""Server time of the dashboard's data routes on the demo store (issue 16: ≤ 300 ms each).

Generates the demo store (`mercato generate --customers 20000 --days 730 --seed 42`), imports
it, trains the recommendation models, starts `mercato serve` and, `--settle` seconds later (a
merchant opening the dashboard after the start; the server warms the pages' usual requests up in
the background meanwhile), asks every route the dashboard's pages load: once (cold: the first
call after the start) and then `--warm` times (warm: the answer cached for the data version).
Then one product is upserted (the data version moves, as on a live store) and every route asked
again (stale: the last answer at once, recomputed in the background). Last the server is
restarted and every route asked at once, 0 s after the start (the answers the server before kept
in the artifacts folder, stale, while they are recomputed). The server's own time per call is
read from /metrics (the route's duration sum before and after the call), so the client's share is
left out. The journeys run once at the store's last order first, so the Journeys page
has figures to count. Writes bench/results/dashboard.{json,md}.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_MS = 300.0
# (route as /metrics names it, method, target, body): what the dashboard's pages load
# (web/src/pages), the overview by week (its default) and by month, and the at-risk export.
ROUTES = [
    ("GET /v1/dashboard/overview", "GET", "/v1/dashboard/overview?period=week&periods=12", None),
    ("GET /v1/dashboard/overview", "GET", "/v1/dashboard/overview?period=month&periods=12", None),
    ("GET /v1/dashboard/customers", "GET", "/v1/dashboard/customers", None),
    ("GET /v1/dashboard/recommendations", "GET", "/v1/dashboard/recommendations", None),
    ("GET /v1/dashboard/experiments", "GET", "/v1/dashboard/experiments", None),
    ("GET /v1/dashboard/journeys", "GET", "/v1/dashboard/journeys", None),
    ("GET /v1/dashboard/settings", "GET", "/v1/dashboard/settings", None),
    ("GET /v1/customers", "GET", "/v1/customers?stage=at-risk&format=csv", None),
    # What the pages load besides their own route: forecast and inventory, the experiments
    # page's lift tab, the import history on settings.
    ("GET /v1/forecasts", "GET", "/v1/forecasts", None),
    ("GET /v1/inventory/plan", "GET", "/v1/inventory/plan", None),
    ("GET /v1/reports/lift", "GET", "/v1/reports/lift", None),
    ("GET /v1/imports", "GET", "/v1/imports", None),
]


def lookup_routes(db):
    """The customers page's look-up of one customer by email, and their recommendations."""
    with sqlite3.connect(db) as c:
        customer_id, email = c.execute(
            "SELECT id, email FROM customers WHERE email <> '' ORDER BY id LIMIT 1").fetchone()
    return [("POST /v1/customers/lookup", "POST", "/v1/customers/lookup", {"query": email}),
            ("GET /v1/recommendations/user/{customer_id}", "GET",
             f"/v1/recommendations/user/{customer_id}?k=10", None)]


def server_url(server):
    """The address `mercato serve --port 0` printed at its start."""
    port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
    return f"http://127.0.0.1:{port}"


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout


def server_seconds(url, key, route):
    """The route's summed handling time and call count so far, from /metrics."""
    request = urllib.request.Request(f"{url}/metrics", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request) as r:
        text = r.read().decode()
    label = re.escape('{route="' + route + '"}')
    total = re.search(r"_seconds_sum" + label + r" (\S+)", text)
    count = re.search(r"_seconds_count" + label + r" (\S+)", text)
    return (float(total.group(1)), float(count.group(1))) if total else (0.0, 0.0)


def call(url, key, route, method, target, body):
    """One call: (server ms from /metrics, wall ms, X-Mercato-Cache)."""
    before, _ = server_seconds(url, key, route)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + target, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}",
                                              "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request) as r:
        r.read()
        cache = r.headers.get("X-Mercato-Cache", "")
    wall = (time.perf_counter() - start) * 1000.0
    after, _ = server_seconds(url, key, route)
    return (after - before) * 1000.0, wall, cache


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--warm", type=int, default=20)
    ap.add_argument("--settle", type=float, default=30,
                    help="seconds between the server's start and the first call")
    ap.add_argument("--db", help="an imported and trained store to use instead of generating one")
    args = ap.parse_args()
    mercato = os.path.abspath(os.path.join(args.build, "src", "cli", "mercato"))
    work = tempfile.mkdtemp(prefix="mercato_dashboard_bench_")
    db = args.db
    if db is None:
        store, db = os.path.join(work, "store"), os.path.join(work, "store.db")
        run([mercato, "generate", "--out", store, "--customers", str(args.customers), "--days",
             str(args.days), "--seed", "42"])
        run([mercato, "import", "--db", db, "--format", "generic", store])
        run([mercato, "train", "recommend", "--db", db])
        # The journeys run once at the store's last order (the generated store ends there), so
        # the Journeys page has entries, messages and holdouts to count.
        as_of = json.loads(run([mercato, "stats", "--db", db, "--json"]))["orders_range"]["last"]
        run([mercato, "journeys", "run", "--db", db, "--as-of", as_of])
    key = json.loads(run([mercato, "keys", "create", "--db", db, "--scope", "admin", "--name",
                          "bench-dashboard", "--json"]))["key"]
    results = {"customers": args.customers, "days": args.days, "warm_calls": args.warm,
               "settle_seconds": args.settle,
               "load_average_before": os.getloadavg()[0], "routes": []}
    serve = [mercato, "serve", "--db", db, "--port", "0", "--rate-limit", "0"]
    server = subprocess.Popen(serve, stdout=subprocess.PIPE, text=True)
    try:
        url = server_url(server)
        time.sleep(args.settle)
        routes = ROUTES + lookup_routes(db)
        for route, method, target, body in routes:
            cold_server, cold_wall, cold_cache = call(url, key, route, method, target, body)
            warm = [call(url, key, route, method, target, body) for _ in range(args.warm)]
            server_ms = [w[0] for w in warm]
            results["routes"].append({
                "route": f"{method} {target}", "cold_server_ms": cold_server,
                "cold_wall_ms": cold_wall, "cold_cache": cold_cache,
                "warm_server_median_ms": statistics.median(server_ms),
                "warm_server_max_ms": max(server_ms),
                "warm_wall_median_ms": statistics.median(w[1] for w in warm),
                "warm_cache": sorted({w[2] for w in warm})})
        # A live store: one upsert moves the data version; every page is asked again.
        upsert = urllib.request.Request(
            url + "/v1/products", method="POST",
            data=json.dumps({"products": [{"sku": "BENCH-NEW", "title": "Bench"}]}).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(upsert) as r:
            r.read()
        for entry, (route, method, target, body) in zip(results["routes"], routes):
            stale_server, _, stale_cache = call(url, key, route, method, target, body)
            entry["after_upsert_server_ms"] = stale_server
            entry["after_upsert_cache"] = stale_cache
        # A restart (an upgrade, a reboot): every page asked at once.
        server.terminate()
        server.wait(timeout=60)
        server = subprocess.Popen(serve, stdout=subprocess.PIPE, text=True)
        url = server_url(server)
        for entry, (route, method, target, body) in zip(results["routes"], routes):
            restart_server, _, restart_cache = call(url, key, route, method, target, body)
            entry["after_restart_server_ms"] = restart_server
            entry["after_restart_cache"] = restart_cache
        results["load_average_after"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)

    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "dashboard.json"), "w") as f:
        json.dump(results, f, indent=2)
    met = lambda ms: "met" if ms <= TARGET_MS else "NOT met"
    lines = [
        "## Dashboard data routes: server time",
        "",
        f"Demo store of {args.customers:,} customers over {args.days} days (`mercato generate "
        "--seed 42`), recommendation models trained; `mercato serve --rate-limit 0`. Server time "
        f"per call from /metrics; cold is the first call, {args.settle:g} s after the server "
        "started (its background warm-up of the pages' usual requests may have run meanwhile), "
        f"warm the median and maximum of the next {args.warm} (the answer cached for the store's "
        "data version and the models' version), after upsert the next call once one product was "
        "upserted (the data version moved: stale-while-revalidate), after restart the first call "
        "0 s after the server was restarted (the answers kept in the artifacts folder). "
        "Target: ≤ 300 ms per route "
        f"(issue 16). Load average before: {results['load_average_before']:.1f}, after: "
        f"{results['load_average_after']:.1f} (2 cores shared).",
        "",
        "| route | cold ms (cache) | warm median ms | warm max ms | after upsert ms (cache) "
        "| after restart ms (cache) | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results["routes"]:
        worst = max(r["cold_server_ms"], r["warm_server_max_ms"], r["after_upsert_server_ms"],
                    r["after_restart_server_ms"])
        lines.append(f"| {r['route']} | {r['cold_server_ms']:.0f} ({r['cold_cache'] or '-'}) | "
                     f"{r['warm_server_median_ms']:.2f} | {r['warm_server_max_ms']:.2f} | "
                     f"{r['after_upsert_server_ms']:.1f} ({r['after_upsert_cache'] or '-'}) | "
                     f"{r['after_restart_server_ms']:.1f} ({r['after_restart_cache'] or '-'}) | "
                     f"{met(worst)} |")
    with open(os.path.join(out_dir, "dashboard.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
