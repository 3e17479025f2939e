#!/usr/bin/env python3
"""M4 Weekly holdout: converts the official wide train + test files to the long format, runs
`mercato forecast backtest --horizon 13 --json` and prints our sMAPE / MASE / OWA next to the
published M4 figures (season 1, as the competition used for weekly data).

Usage: bench/m4_weekly.py [--mercato build/release/mercato] [--models naive2,ses,...]
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
M4 = os.path.join(ROOT, "..", "shared", "data", "m4-weekly")
HORIZON = 13
# Official M4 Weekly results (sMAPE, MASE), from ../shared/data/README.md.
PUBLISHED = {"naive2": (9.161, 2.777), "ses": (9.012, 2.685), "damped": (8.866, 2.404),
             "theta": (9.093, 2.637)}


def read_wide(path):
    """Rows of the wide M4 file: (id, [values]) with the ragged padding dropped."""
    if path.endswith(".zst"):
        text = subprocess.run(["zstd", "-dc", path], check=True, stdout=subprocess.PIPE).stdout
        stream = io.StringIO(text.decode())
    else:
        stream = open(path, newline="")
    with stream:
        rows = csv.reader(stream)
        next(rows)
        return [(r[0], [v for v in r[1:] if v != ""]) for r in rows]


def write_long(out):
    """Writes train + test of every series as series_id,t,value; returns the series count."""
    train = read_wide(os.path.join(M4, "Weekly-train.csv.zst"))
    test = dict(read_wide(os.path.join(M4, "Weekly-test.csv")))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series_id", "t", "value"])
    for sid, values in train:
        if len(test[sid]) != HORIZON:
            sys.exit(f"{sid}: test has {len(test[sid])} points, expected {HORIZON}")
        for t, v in enumerate(values + test[sid], start=1):
            writer.writerow([sid, t, v])
    return len(train)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mercato", default=os.path.join(ROOT, "build", "release", "mercato"))
    parser.add_argument("--models", default="naive,snaive,naive2,ses,holt,damped,ets,theta,auto")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(M4, "Weekly-test.csv")):
        print(f"skipped: M4 Weekly data not found in {M4}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m4_weekly_long.csv")
        with open(path, "w", newline="") as out:
            n = write_long(out)
        proc = subprocess.run([args.mercato, "forecast", "backtest", "--series", path,
                               "--horizon", str(HORIZON), "--models", args.models, "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"mercato failed ({proc.returncode}): {proc.stderr}")
    result = json.loads(proc.stdout)
    print(f"M4 Weekly: {result['series']} series (of {n}), horizon {HORIZON}, season 1")
    print(f"{'model':8} {'sMAPE':>7} {'MASE':>7} {'OWA':>7} {'seconds':>8}   "
          f"{'published sMAPE':>15} {'MASE':>6}")
    for name, score in result["models"].items():
        pub = PUBLISHED.get(name)
        pub_text = f"{pub[0]:15.3f} {pub[1]:6.3f}" if pub else ""
        print(f"{name:8} {score['smape']:7.3f} {score['mase']:7.3f} {result['owa'][name]:7.3f} "
              f"{score['seconds']:8.2f}   {pub_text}")
    damped = PUBLISHED["damped"]
    if "auto" in result["models"]:
        auto = result["models"]["auto"]
        beats = auto["smape"] < damped[0] and auto["mase"] < damped[1]
        print(f"auto beats the published Damped ({damped[0]} / {damped[1]}) on both: "
              f"{'yes' if beats else 'no'}")


if __name__ == "__main__":
    main()
