#!/usr/bin/env python3
"""HTTP API load benchmark with wrk on loopback (2 cores shared by wrk and the server): the
user-recommendation route at 64 connections, event ingestion in batches, and a soak with the
server's RSS at start and end. The reference measured in the same run is /healthz, the server's
own floor (HTTP, auth-free routing, no work), so the ratios say what the route's work costs.

Writes bench/results/server.json and bench/results/server.md.

Usage: bench/server_bench.py [--build build/release] [--customers 20000] [--seconds 60]
       [--soak-seconds 600]
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_RPS = 10_000
TARGET_P99_MS = 10.0
TARGET_EVENTS_PER_S = 50_000
CONNECTIONS = 64
EVENTS_PER_BATCH = 500


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def seconds_of(text):
    """wrk's latency text (e.g. 812.00us, 3.21ms, 1.02s) in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000.0 if unit == "us" else value if unit == "ms" else value * 1000.0


def wrk(url, script, seconds, connections=CONNECTIONS):
    out = run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url])
    result = {"connections": connections, "seconds": seconds}
    result["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for pct in ("50", "99"):
        result[f"p{pct}_ms"] = seconds_of(re.search(rf"\s{pct}%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(g) for g in sock.groups()) if sock else 0)
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return result


def lua_get(path, key, ids=None):
    """A wrk script: GET path (with a random customer id for %s), bearer key."""
    if ids is None:
        return f'wrk.method = "GET"\nwrk.path = "{path}"\nwrk.headers["Authorization"] = "Bearer {key}"\n'
    table = ",".join(f'"{i}"' for i in ids)
    return (f'local ids = {{{table}}}\nwrk.headers["Authorization"] = "Bearer {key}"\n'
            f'request = function()\n  local id = ids[math.random(#ids)]\n'
            f'  return wrk.format("GET", string.format("{path}", id))\nend\n')


def lua_events(key, skus):
    """A wrk script: POST batches of EVENTS_PER_BATCH distinct view events."""
    table = ",".join(f'"{s}"' for s in skus)
    return f'''local skus = {{{table}}}
local n = 0
local thread_id = tostring(math.random(1000000000))
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer {key}"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local parts = {{}}
  for i = 1, {EVENTS_PER_BATCH} do
    parts[i] = string.format('{{"id":"b%s-%d-%d","type":"view","session_id":"s%d","sku":"%s"}}',
                             thread_id, n, i, (n * 7 + i) % 5000, skus[(n + i) % #skus + 1])
  end
  return wrk.format(nil, "/v1/events", nil, '{{"events":[' .. table.concat(parts, ",") .. ']}}')
end
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--events-seconds", type=int, default=20)
    ap.add_argument("--soak-seconds", type=int, default=600)
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: run `make setup`")
    mercato = os.path.abspath(os.path.join(args.build, "src", "cli", "mercato"))
    work = tempfile.mkdtemp(prefix="mercato_server_bench_")
    store, db = os.path.join(work, "store"), os.path.join(work, "store.db")
    run([mercato, "generate", "--out", store, "--customers", str(args.customers), "--days", "365"])
    run([mercato, "import", "--db", db, "--format", "generic", store])
    run([mercato, "train", "recommend", "--db", db])
    key = json.loads(run([mercato, "keys", "create", "--db", db, "--scope", "storefront",
                          "--name", "bench", "--json"]))["key"]
    with open(os.path.join(store, "customers.csv")) as f:
        ids = [row["id"] for _, row in zip(range(5000), csv.DictReader(f))]
    with open(os.path.join(store, "products.csv")) as f:
        skus = [row["sku"] for _, row in zip(range(2000), csv.DictReader(f))]
    scripts = {}
    for name, text in {"health": lua_get("/healthz", key),
                       "user": lua_get("/v1/recommendations/user/%s?k=10", key, ids),
                       "events": lua_events(key, skus)}.items():
        scripts[name] = os.path.join(work, name + ".lua")
        with open(scripts[name], "w") as f:
            f.write(text)

    server = subprocess.Popen([mercato, "serve", "--db", db, "--port", "0", "--rate-limit", "0",
                               "--threads", "128"], stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
        url = f"http://127.0.0.1:{port}"
        wrk(url, scripts["user"], 5)  # warm-up
        results = {"customers": args.customers, "load_average_before": os.getloadavg()[0]}
        results["healthz"] = wrk(url, scripts["health"], min(20, args.seconds))
        results["user_recommendations"] = wrk(url, scripts["user"], args.seconds)
        ev = wrk(url, scripts["events"], args.events_seconds, connections=8)
        ev["events_per_s"] = ev["requests_per_s"] * EVENTS_PER_BATCH
        ev["events_per_batch"] = EVENTS_PER_BATCH
        results["events"] = ev
        if args.soak_seconds > 0:
            start_rss = rss_mb(server.pid)
            soak = wrk(url, scripts["user"], args.soak_seconds)
            soak.update({"rss_start_mb": start_rss, "rss_end_mb": rss_mb(server.pid)})
            results["soak"] = soak
        results["load_average_after"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)

    user, health = results["user_recommendations"], results["healthz"]
    results["user_vs_healthz_throughput"] = user["requests_per_s"] / health["requests_per_s"]
    results["targets"] = {
        "user_rps": user["requests_per_s"] >= TARGET_RPS,
        "user_p99": user["p99_ms"] <= TARGET_P99_MS,
        "user_zero_errors": user["errors"] == 0,
        "events_per_s": ev["events_per_s"] >= TARGET_EVENTS_PER_S,
    }
    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "server.json"), "w") as f:
        json.dump(results, f, indent=2)
    lines = [
        "## HTTP API under load (wrk, loopback)",
        "",
        f"Synthetic store of {args.customers:,} customers (`mercato generate`), ALS and the other "
        "models trained by `mercato train recommend`; `mercato serve --rate-limit 0 --threads 128`; "
        f"wrk with 2 threads on the same 2 cores. Load average before: "
        f"{results['load_average_before']:.1f}, after: {results['load_average_after']:.1f}.",
        "",
        "| route | connections | seconds | requests/s | p50 ms | p99 ms | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    def row(name, r, target):
        lines.append(f"| {name} | {r['connections']} | {r['seconds']} | {r['requests_per_s']:,.0f} | "
                     f"{r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | {target} |")
    row("GET /healthz (reference)", health, "")
    row("GET /v1/recommendations/user/{id}?k=10", user,
        f"≥ {TARGET_RPS:,}/s, p99 ≤ {TARGET_P99_MS:g} ms, 0 errors: "
        f"{'met' if all(results['targets'][k] for k in ('user_rps', 'user_p99', 'user_zero_errors')) else 'NOT met'}")
    row(f"POST /v1/events ({EVENTS_PER_BATCH} per batch)", ev,
        f"{ev['events_per_s']:,.0f} events/s vs ≥ {TARGET_EVENTS_PER_S:,}: "
        f"{'met' if results['targets']['events_per_s'] else 'NOT met'}")
    lines += ["", f"User recommendations run at {results['user_vs_healthz_throughput']:.2f}× the "
              "throughput of /healthz in the same run."]
    if "soak" in results:
        s = results["soak"]
        lines += ["", f"Soak: {s['seconds']} s of user recommendations at {CONNECTIONS} connections "
                  f"({s['requests_per_s']:,.0f} requests/s, {s['errors']} errors); server RSS "
                  f"{s['rss_start_mb']:.0f} MB at the start, {s['rss_end_mb']:.0f} MB at the end."]
    with open(os.path.join(out_dir, "server.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
