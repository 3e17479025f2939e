#!/usr/bin/env python3
"""HTTP API load benchmark with wrk on loopback (2 cores shared by wrk and the server): the
user-recommendation route at 64 connections, event ingestion in batches, normal clients during a
slowloris attack, and a soak with the server's RSS sampled throughout. The references measured in
the same run: nginx serving a static file with the same body as a user-recommendation response
(the target is >= 50% of its requests/s and p99 <= 2x its p99), and /healthz, the server's own
floor (HTTP, auth-free routing, no work).

Writes bench/results/server.json and bench/results/server.md.

nginx and the user-recommendation route alternate in --rounds rounds of --seconds each, and the
ratio is the median of the rounds' ratios: this machine's speed drifts with other tenants of its
host (nginx alone ranged 35,000 to 58,600 requests/s over five runs in one quiet hour), and two
runs seconds apart drift together.

Usage: bench/server_bench.py [--build build/release] [--customers 20000] [--seconds 20]
       [--rounds 5] [--soak-seconds 600] [--slowloris-seconds 30]
"""
import argparse
import base64
import csv
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_VS_NGINX_RPS = 0.5  # at least half of nginx's requests/s
TARGET_VS_NGINX_P99 = 2.0  # p99 at most twice nginx's
TARGET_EVENTS_PER_S = 150_000
TARGET_SLOWLORIS_WITHIN_100MS = 0.95  # of normal requests during the attack
CONNECTIONS = 64
EVENTS_PER_BATCH = 500
SLOWLORIS_CONNECTIONS = 500
SLOWLORIS_SOURCE = "127.0.0.2"  # the attacker's loopback address; normal clients use 127.0.0.1


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
    within = re.search(r"within_100ms ([\d.]+)", out)
    if within:
        result["within_100ms"] = float(within.group(1))
    result["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for pct in ("50", "99"):
        result[f"p{pct}_ms"] = seconds_of(re.search(rf"\s{pct}%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(g) for g in sock.groups()) if sock else 0)
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    return result


def combined(runs):
    """One row for several runs of a route: requests/s over their total time, the median of their
    p50s and p99s, their errors summed."""
    seconds = sum(r["seconds"] for r in runs)
    return {"connections": runs[0]["connections"], "seconds": seconds,
            "requests": sum(r["requests"] for r in runs),
            "requests_per_s": sum(r["requests"] for r in runs) / seconds,
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs)}


def customer_token(secret, customer, ttl=86400):
    """The customer token of docs/api.md, as a shop's backend signs it."""
    exp = int(time.time()) + ttl
    sig = hmac.new(secret, f"mercato-token-v1|customer|{exp}|{customer}".encode(), hashlib.sha256)
    sub = base64.urlsafe_b64encode(customer.encode()).rstrip(b"=").decode()
    return f"v1.customer.{exp}.{sub}.{sig.hexdigest()}"


def lua_get(path, key, ids=None, secret=None):
    """A wrk script: GET path (with a random customer id for %s, and that customer's token, so
    the answer is personalized as a logged-in shopper's), bearer key."""
    if ids is None:
        return f'wrk.method = "GET"\nwrk.path = "{path}"\nwrk.headers["Authorization"] = "Bearer {key}"\n'
    table = ",".join(f'{{"{i}","{customer_token(secret, i)}"}}' for i in ids)
    return (f'local ids = {{{table}}}\nwrk.headers["Authorization"] = "Bearer {key}"\n'
            f'request = function()\n  local id = ids[math.random(#ids)]\n'
            f'  wrk.headers["X-Customer-Token"] = id[2]\n'
            f'  return wrk.format("GET", string.format("{path}", id[1]))\nend\n')


# Appended to a wrk script: the share of requests answered within 100 ms, counting timeouts and
# socket errors as not answered (latency(i) is the i-th distinct latency in us and its count).
LUA_WITHIN_100MS = """
done = function(summary, latency, requests)
  local answered, fast = 0, 0
  for i = 1, #latency do
    local us, count = latency(i)
    answered = answered + count
    if us <= 100000 then fast = fast + count end
  end
  local e = summary.errors
  local total = answered + e.connect + e.read + e.write + e.timeout
  io.write(string.format("within_100ms %.6f\\n", fast / math.max(total, 1)))
end
"""


def lua_events(key, skus):
    """A wrk script: POST batches of EVENTS_PER_BATCH distinct view events."""
    table = ",".join(f'"{s}"' for s in skus)
    # Each wrk thread runs its own Lua state, where math.random starts from the same seed: ids
    # drawn there repeated across threads, so half the posted events were duplicates (stored
    # once, answered as such). setup() numbers the threads in the main state instead.
    return f'''local skus = {{{table}}}
local n = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", tostring(threads) .. "-" .. tostring(os.time()))
end
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


def sqlite_direct_events_per_s(db, seconds):
    """A same-run reference for the events route, which makes figures from differently loaded
    machines comparable: view events like the wrk script's, EVENTS_PER_BATCH per transaction,
    inserted by Python's sqlite3 (its executemany loops in C) into a copy of the store with the
    server's connection settings (WAL, synchronous=NORMAL) and insert-only statement, one
    transaction per batch. No HTTP, no JSON, no group commit."""
    import sqlite3
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536"):
        con.execute("PRAGMA " + pragma)
    sql = ("INSERT INTO events (id, session_id, ts, type, sku) VALUES (?, ?, ?, 'view', ?) "
           "ON CONFLICT (id) DO NOTHING")
    rows, n, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        n += 1
        batch = [(f"direct:{n}-{i}", f"s{(n * 7 + i) % 5000}", 1700000000 + n,
                  f"SKU{(n + i) % 2000}") for i in range(EVENTS_PER_BATCH)]
        con.execute("BEGIN IMMEDIATE")
        con.executemany(sql, batch)
        con.execute("COMMIT")
        rows += EVENTS_PER_BATCH
    elapsed = time.perf_counter() - start
    con.close()
    return rows / elapsed


def route_seconds(url, admin_key, route):
    """Mean server-side handling time of `route` so far, from /metrics (sum / count)."""
    request = urllib.request.Request(f"{url}/metrics",
                                     headers={"Authorization": f"Bearer {admin_key}"})
    with urllib.request.urlopen(request) as r:
        text = r.read().decode()
    label = '{route="' + route + '"}'
    total = float(re.search(r"_seconds_sum" + re.escape(label) + r" (\S+)", text).group(1))
    count = float(re.search(r"_seconds_count" + re.escape(label) + r" (\S+)", text).group(1))
    return total / max(count, 1.0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(work, body):
    """nginx serving `body` as application/json at /static on a free loopback port, with as many
    worker processes as cores (its default `auto`), keep-alive on and logging off."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise SystemExit("nginx is missing: apt-get install nginx-light (bench only)")
    root = os.path.join(work, "nginx")
    os.makedirs(os.path.join(root, "www"), exist_ok=True)
    with open(os.path.join(root, "www", "static"), "w") as f:
        f.write(body)
    port = free_port()
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        # Run as root (as here), nginx's workers would drop to `nobody`, who cannot read the
        # private temporary directory.
        f.write(("user root;\n" if os.geteuid() == 0 else "") + f"""worker_processes auto;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root}/www;
    location / {{ default_type application/json; }}
  }}
}}
""")
    proc = subprocess.Popen([nginx, "-c", conf, "-p", root])
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static") as r:
                if r.read().decode() == body:
                    return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("nginx did not start")


class Slowloris:
    """SLOWLORIS_CONNECTIONS connections from SLOWLORIS_SOURCE, each sending one header byte per
    second and never finishing; a connection the server closes is opened again at once."""

    def __init__(self, port):
        self.port, self.stop, self.reopened = port, threading.Event(), 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def connect(self):
        s = socket.socket()
        s.bind((SLOWLORIS_SOURCE, 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", self.port))
        except BlockingIOError:
            pass
        return [s, 0]

    def run(self):
        header = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"z" * 10000
        conns = [self.connect() for _ in range(SLOWLORIS_CONNECTIONS)]
        while not self.stop.wait(1.0):
            for i, c in enumerate(conns):
                try:
                    c[0].send(header[c[1] % len(header):][:1])
                    c[1] += 1
                except OSError:
                    c[0].close()
                    conns[i] = self.connect()
                    self.reopened += 1
        for c in conns:
            c[0].close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--seconds", type=int, default=20,
                    help="seconds of each round's nginx run and user-recommendation run")
    ap.add_argument("--rounds", type=int, default=5,
                    help="interleaved rounds of nginx then user recommendations")
    ap.add_argument("--events-seconds", type=int, default=20)
    ap.add_argument("--slowloris-seconds", type=int, default=30)
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
    admin_key = json.loads(run([mercato, "keys", "create", "--db", db, "--scope", "admin",
                                "--name", "bench-metrics", "--json"]))["key"]
    direct_db = os.path.join(work, "direct.db")
    shutil.copy(db, direct_db)
    with open(os.path.join(store, "customers.csv")) as f:
        ids = [row["id"] for _, row in zip(range(5000), csv.DictReader(f))]
    with open(os.path.join(store, "products.csv")) as f:
        skus = [row["sku"] for _, row in zip(range(2000), csv.DictReader(f))]
    secret = os.urandom(32).hex().encode()
    with open(os.path.join(work, "token.secret"), "wb") as f:
        f.write(secret)
    scripts = {}
    for name, text in {"health": lua_get("/healthz", key),
                       "user": lua_get("/v1/recommendations/user/%s?k=10", key, ids, secret),
                       "user_within": lua_get("/v1/recommendations/user/%s?k=10", key, ids, secret)
                       + LUA_WITHIN_100MS,
                       "static": lua_get("/static", key),
                       "events": lua_events(key, skus)}.items():
        scripts[name] = os.path.join(work, name + ".lua")
        with open(scripts[name], "w") as f:
            f.write(text)

    server = subprocess.Popen([mercato, "serve", "--db", db, "--port", "0", "--rate-limit", "0",
                               "--storefront-rate-limit", "0",
                               "--token-secret-file", os.path.join(work, "token.secret")],
                              stdout=subprocess.PIPE, text=True)
    nginx = None
    try:
        port = int(re.search(r":(\d+) ", server.stdout.readline()).group(1))
        url = f"http://127.0.0.1:{port}"
        request = urllib.request.Request(f"{url}/v1/recommendations/user/{ids[0]}?k=10",
                                         headers={"Authorization": f"Bearer {key}",
                                                  "X-Customer-Token": customer_token(secret, ids[0])})
        with urllib.request.urlopen(request) as r:
            body = r.read().decode()
        nginx, nginx_url = start_nginx(work, body)
        wrk(url, scripts["user"], 5)  # warm-up
        wrk(nginx_url, scripts["static"], 5)
        results = {"customers": args.customers, "load_average_before": os.getloadavg()[0],
                   "body_bytes": len(body)}
        rounds = []
        for _ in range(args.rounds):
            rounds.append({"nginx_static": wrk(nginx_url, scripts["static"], args.seconds),
                           "user_recommendations": wrk(url, scripts["user"], args.seconds)})
        results["rounds"] = rounds
        results["nginx_static"] = combined([r["nginx_static"] for r in rounds])
        results["user_recommendations"] = combined([r["user_recommendations"] for r in rounds])
        results["healthz"] = wrk(url, scripts["health"], min(20, args.seconds))
        ev = wrk(url, scripts["events"], args.events_seconds, connections=8)
        ev["events_per_s"] = ev["requests_per_s"] * EVENTS_PER_BATCH
        ev["events_per_batch"] = EVENTS_PER_BATCH
        ev["server_ms_per_batch"] = 1000.0 * route_seconds(url, admin_key, "POST /v1/events")
        ev["sqlite_direct_events_per_s"] = sqlite_direct_events_per_s(direct_db, 10)
        ev["vs_sqlite_direct"] = ev["events_per_s"] / ev["sqlite_direct_events_per_s"]
        results["events"] = ev
        if args.slowloris_seconds > 0:
            attack = Slowloris(port)
            attack.thread.start()
            time.sleep(3)  # every attacking connection open and trickling
            normal = wrk(url, scripts["user_within"], args.slowloris_seconds, connections=8)
            attack.stop.set()
            attack.thread.join()
            normal["attack_connections"] = SLOWLORIS_CONNECTIONS
            normal["attack_reconnects"] = attack.reopened
            results["slowloris"] = normal
        if args.soak_seconds > 0:
            samples = [rss_mb(server.pid)]
            soak_out = {}
            soaker = threading.Thread(target=lambda: soak_out.update(
                wrk(url, scripts["user"], args.soak_seconds)))
            soaker.start()
            while soaker.is_alive():
                soaker.join(timeout=max(1, args.soak_seconds / 10))
                samples.append(rss_mb(server.pid))
            soak_out.update({"rss_start_mb": samples[0], "rss_end_mb": samples[-1],
                             "rss_samples_mb": samples})
            results["soak"] = soak_out
        results["load_average_after"] = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    user, health, ref = (results["user_recommendations"], results["healthz"],
                         results["nginx_static"])
    results["user_vs_healthz_throughput"] = user["requests_per_s"] / health["requests_per_s"]
    # Each round's ratio compares two runs seconds apart, so a slow spell of the machine (other
    # tenants of its host) weighs on both sides; the median of the rounds' ratios is the figure.
    for r in results["rounds"]:
        r["user_vs_nginx_throughput"] = (r["user_recommendations"]["requests_per_s"]
                                         / r["nginx_static"]["requests_per_s"])
        r["user_vs_nginx_p99"] = r["user_recommendations"]["p99_ms"] / r["nginx_static"]["p99_ms"]
    results["user_vs_nginx_throughput"] = statistics.median(
        r["user_vs_nginx_throughput"] for r in results["rounds"])
    results["user_vs_nginx_p99"] = statistics.median(
        r["user_vs_nginx_p99"] for r in results["rounds"])
    results["targets"] = {
        "user_rps": results["user_vs_nginx_throughput"] >= TARGET_VS_NGINX_RPS,
        "user_p99": results["user_vs_nginx_p99"] <= TARGET_VS_NGINX_P99,
        "user_zero_errors": user["errors"] == 0,
        "events_per_s": ev["events_per_s"] >= TARGET_EVENTS_PER_S,
    }
    if "slowloris" in results:
        results["targets"]["slowloris"] = (results["slowloris"]["within_100ms"]
                                           >= TARGET_SLOWLORIS_WITHIN_100MS)
    out_dir = os.path.join(HERE, "results")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "server.json"), "w") as f:
        json.dump(results, f, indent=2)
    met = lambda ok: "met" if ok else "NOT met"
    lines = [
        "## HTTP API under load (wrk, loopback)",
        "",
        f"Synthetic store of {args.customers:,} customers (`mercato generate`), ALS and the other "
        "models trained by `mercato train recommend`; `mercato serve --rate-limit 0 "
        "--storefront-rate-limit 0`, user recommendations asked with a storefront key and the "
        "customer's token, so personalized (event-driven front end, defaults: one I/O thread per core, "
        "which also answers health checks and user recommendations, 8 handler threads for the "
        "routes that may wait for the store); nginx "
        f"(`worker_processes auto`, access log off) serving a static file of the same "
        f"{len(body):,}-byte JSON body as a user-recommendation response, in the same run; wrk "
        "with 2 threads on the same 2 cores. Load average before: "
        f"{results['load_average_before']:.1f}, after: {results['load_average_after']:.1f}.",
        "",
        "| route | connections | seconds | requests/s | p50 ms | p99 ms | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    def row(name, r, target):
        lines.append(f"| {name} | {r['connections']} | {r['seconds']} | {r['requests_per_s']:,.0f} | "
                     f"{r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} | {target} |")
    row("nginx, static file of the same body (reference)", ref, "")
    row("GET /healthz (reference)", health, "")
    t = results["targets"]
    row("GET /v1/recommendations/user/{id}?k=10", user,
        f"{results['user_vs_nginx_throughput']:.0%} of nginx's requests/s (≥ 50%), p99 "
        f"{results['user_vs_nginx_p99']:.1f}× nginx's (≤ 2×), 0 errors: "
        f"{met(t['user_rps'] and t['user_p99'] and t['user_zero_errors'])}")
    row(f"POST /v1/events ({EVENTS_PER_BATCH} per batch)", ev,
        f"{ev['events_per_s']:,.0f} events/s vs ≥ {TARGET_EVENTS_PER_S:,}: "
        f"{met(t['events_per_s'])}")
    if "slowloris" in results:
        sl = results["slowloris"]
        row(f"user recommendations during {SLOWLORIS_CONNECTIONS} slowloris connections", sl,
            f"{sl['within_100ms']:.1%} answered within 100 ms (≥ 95%): {met(t['slowloris'])}")
    lines += ["", f"Rounds (nginx, then user recommendations, {args.seconds} s each): "
              + "; ".join(f"{r['nginx_static']['requests_per_s']:,.0f} vs "
                          f"{r['user_recommendations']['requests_per_s']:,.0f} requests/s "
                          f"({r['user_vs_nginx_throughput']:.0%})" for r in results["rounds"])
              + f". The target is judged on the median of the {len(results['rounds'])} rounds' "
              "ratios; the rows above total every round."]
    lines += ["", f"User recommendations run at {results['user_vs_healthz_throughput']:.2f}× the "
              "throughput of /healthz in the same run."]
    lines += ["", f"Events: {ev['events_per_s']:,.0f} events/s is {ev['vs_sqlite_direct']:.2f}× "
              "the rate of writing the same rows into a copy of the store directly from Python's "
              f"sqlite3 in the same run ({ev['sqlite_direct_events_per_s']:,.0f} events/s, one "
              f"transaction per {EVENTS_PER_BATCH}, no HTTP or JSON); the server spent "
              f"{ev['server_ms_per_batch']:.1f} ms per batch on average (from /metrics, "
              "waiting for the batch's group commit included)."]
    if "slowloris" in results:
        sl = results["slowloris"]
        lines += ["", f"Slowloris: {SLOWLORIS_CONNECTIONS} connections from {SLOWLORIS_SOURCE} "
                  "each sending one header byte per second (reopened as soon as the server cuts "
                  f"one: {sl['attack_reconnects']} times, at the 10 s header deadline), while 8 "
                  "normal connections from 127.0.0.1 ask for user recommendations."]
    if "soak" in results:
        s = results["soak"]
        lines += ["", f"Soak: {s['seconds']} s of user recommendations at {CONNECTIONS} connections "
                  f"({s['requests_per_s']:,.0f} requests/s, {s['errors']} errors); server RSS "
                  f"{s['rss_start_mb']:.0f} MB at the start, {s['rss_end_mb']:.0f} MB at the end "
                  f"(samples: {', '.join(f'{x:.0f}' for x in s['rss_samples_mb'])} MB)."]
    with open(os.path.join(out_dir, "server.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
