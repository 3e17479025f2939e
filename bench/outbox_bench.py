#!/usr/bin/env python3
"""Outbox delivery (issue 18): messages per second to a local webhook receiver.

Generates a store (`mercato generate --customers N --seed 7`), imports it, puts every customer in
the United States (email marketing allowed until opted out, so every message is sent) and
enqueues one cart-recovery message per customer straight into the outbox table. Then
`mercato outbox deliver --to webhook` sends them all to the loopback receiver
(bench/outbox_receiver.cpp: HTTP/1.1 keep-alive, one thread per connection) over one connection,
each message signed, with its consent read at send time and its outcome recorded; the same to a
JSONL file (fsync per batch). Reference in the same run: the receiver's raw rate for the same
body over one connection (wrk -t1 -c1, the deliverer's single connection). Target: >= 2,000
messages/s. Writes bench/results/outbox.{json,md}.

Usage: bench/outbox_bench.py [--build build/release] [--customers 20000]
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET = 2000


def run(cmd, env=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout


def enqueue(db, now):
    """One pending message per customer, due now; every customer in the US. Returns the count."""
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE customers SET country = 'US' WHERE email IS NOT NULL")
        con.execute("DELETE FROM outbox")
        con.execute(
            "INSERT INTO outbox (id, journey_id, step_id, customer_id, channel, purpose, "
            "payload_json, created_at, send_after, status, attempts, next_attempt_at, "
            "delivered_at, last_error) SELECT 'bench-' || id, 'cart_recovery', 'reminder_1', id, "
            "'email', 'email_marketing', json_object('subject', 'You left something behind', "
            "'text', 'Your cart is waiting: 2 items, 10% off today', 'items', "
            "json_array('SKU-1', 'SKU-2')), ?1, ?1, 'pending', 0, ?1, NULL, '' FROM customers "
            "WHERE email IS NOT NULL", (now - 60,))
    n = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
    con.close()
    return n


def deliver(mercato, db, extra, env):
    start = time.perf_counter()
    out = run([mercato, "outbox", "deliver", "--db", db, "--json", "--batch", "500",
               "--sender-name", "Bench Roaster", "--sender-email", "hello@bench.example",
               "--postal-address", "1 Bench St, Portland, OR 97201, USA",
               "--unsubscribe-url", "https://api.bench.example", *extra], env)
    return time.perf_counter() - start, json.loads(out)


def wrk_rate(url, body_path):
    """Requests per second of wrk -t1 -c1 POSTing the body for 5 s; None without wrk."""
    if shutil.which("wrk") is None:
        return None
    script = body_path + ".lua"
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f'local f = io.open("{body_path}")\nwrk.body = f:read("*a")\nf:close()\n')
    out = run(["wrk", "-t1", "-c1", "-d5s", "-s", script, url])
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def start_receiver(binary):
    proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, f"http://127.0.0.1:{int(proc.stdout.readline())}/hook"


def stop_receiver(proc):
    """Ends the receiver; what it counted: {"requests", "keys"}."""
    proc.stdin.close()
    counted = json.loads(proc.stdout.readline())
    proc.wait(timeout=30)
    return counted


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--customers", type=int, default=20000)
    args = ap.parse_args()
    mercato = os.path.join(args.build, "src", "cli", "mercato")
    receiver_bin = os.path.join(args.build, "bench", "mercato_outbox_receiver")
    work = tempfile.mkdtemp(prefix="mercato_outbox_bench_")
    env = dict(os.environ, MERCATO_DELIVERY_SECRET="bench-webhook-secret",
               MERCATO_TOKEN_SECRET="bench-token-secret-of-at-least-32-bytes!")
    receivers = []
    try:
        store, db = os.path.join(work, "store"), os.path.join(work, "store.db")
        run([mercato, "generate", "--out", store, "--customers", str(args.customers), "--seed", "7"])
        run([mercato, "import", "--db", db, "--format", "generic", store])
        receiver, url = start_receiver(receiver_bin)
        receivers.append(receiver)

        n = enqueue(db, int(time.time()))
        webhook_s, webhook = deliver(mercato, db, ["--to", "webhook", "--endpoint", url], env)
        # A delivered message's document, for the reference's body.
        body_path = os.path.join(work, "body.json")
        with open(body_path, "w") as f:
            json.dump({"id": "bench-x", "journey_id": "cart_recovery", "payload": {
                "subject": "You left something behind",
                "text": "Your cart is waiting: 2 items, 10% off today"},
                "unsubscribe_url": "https://api.bench.example/v1/unsubscribe?token=" + "x" * 120,
                "sender": {"name": "Bench Roaster", "email": "hello@bench.example",
                           "postal_address": "1 Bench St, Portland, OR 97201, USA"}}, f)
        raw, raw_url = start_receiver(receiver_bin)  # its own, so the counts stay apart
        receivers.append(raw)
        reference = wrk_rate(raw_url, body_path)

        enqueue(db, int(time.time()))
        jsonl = os.path.join(work, "outbox.jsonl")
        file_s, file_round = deliver(mercato, db, ["--to", "jsonl", "--file", jsonl], env)
        with open(jsonl) as f:
            lines = sum(1 for _ in f)
        received = stop_receiver(receivers.pop(0))
    finally:
        for proc in receivers:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)

    r = {"customers": args.customers, "messages": n,
         "webhook": {"seconds": webhook_s, "round": webhook,
                     "messages_per_second": webhook["delivered"] / webhook_s,
                     "receiver": received},
         "jsonl": {"seconds": file_s, "round": file_round, "lines": lines,
                   "messages_per_second": file_round["delivered"] / file_s},
         "reference_requests_per_second": reference, "target": TARGET}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "outbox.json"), "w") as f:
        json.dump(r, f, indent=2)
    rate = r["webhook"]["messages_per_second"]
    ref = "not measured (wrk absent)" if reference is None else f"{reference:,.0f} requests/s"
    ratio = "" if reference is None else f" ({rate / reference:.0%} of the receiver's raw rate)"
    md = [
        "## Outbox delivery (issue 18)",
        "",
        f"{n:,} messages (one per customer of `mercato generate --customers {args.customers} "
        "--seed 7`, every customer in the US) delivered by one `mercato outbox deliver` process "
        "(batches of 500, whole process timed: store open, claims, consent read per message, "
        "signing, the outcome of each batch in one transaction) to a loopback receiver over one "
        "keep-alive connection. Reference: the receiver's raw rate for a message-sized JSON body "
        "over one connection (`wrk -t1 -c1 -d5s`). Target: ≥ 2,000 messages/s.",
        "",
        "| destination | messages | delivered | seconds | messages/s | reference | verdict |",
        "|---|---|---|---|---|---|---|",
        f"| signed webhook | {n:,} | {webhook['delivered']:,} | {webhook_s:.2f} | {rate:,.0f}"
        f"{ratio} | {ref} | {'met' if rate >= TARGET else 'NOT met'} |",
        f"| JSONL file (fsync per batch) | {n:,} | {file_round['delivered']:,} | {file_s:.2f} | "
        f"{r['jsonl']['messages_per_second']:,.0f} | – | "
        f"{'met' if r['jsonl']['messages_per_second'] >= TARGET else 'NOT met'} |",
        "",
        f"The receiver counted {received['requests']:,} requests under {received['keys']:,} "
        f"distinct idempotency keys; the file holds {lines:,} lines.",
    ]
    with open(os.path.join(HERE, "results", "outbox.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
