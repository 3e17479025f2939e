#!/usr/bin/env python3
"""Long seasonal cycles (issue 20): M4 Weekly with the models given season 52 against R's
forecast::stlf on every series and forecast::tbats on a sample, in the same run. sMAPE as M4
defines it; MASE scaled by the in-sample seasonal naive of season 52 for every row (mercato's
`--season` scales both); P90 / P95 cover: the share of held-out weeks at or below each model's
P90 / P95 (`--intervals`: its errors at 6 origins inside the history). Writes
bench/results/forecast_seasonal.{json,md}.

Usage: bench/forecast_seasonal_bench.py [--build build/release] [--skip-r]
"""
import argparse
import csv
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import m4_weekly  # noqa: E402
from forecast_bench import mase, read_long, run, smape  # noqa: E402

SEASON = 52
MODELS = "snaive,naive2,ets,theta,damped,auto,stlf,dhr,safe"
TBATS_EVERY = 12  # tbats runs on every 12th series (30 of 359): it takes minutes per long series


def write_series(path, series):
    with open(path, "w") as f:
        f.write("series_id,t,value\n")
        for sid, values in series.items():
            f.writelines(f"{sid},{t},{v!r}\n" for t, v in enumerate(values, start=1))


def bench_r(path, series, method, work):
    """R's stlf or tbats on the file's series: sMAPE, MASE and the seconds R spent fitting."""
    out = os.path.join(work, f"r_{method}.csv")
    h = m4_weekly.HORIZON
    text, _, cpu = run(["Rscript", os.path.join(HERE, "forecast_r_seasonal.R"), path, str(h),
                        str(SEASON), method, out])
    forecasts = read_long_forecasts(out)
    smapes, mases = [], []
    for sid, values in series.items():
        smapes.append(smape(values[-h:], forecasts[sid]))
        m = mase(values[:-h], values[-h:], forecasts[sid], SEASON)
        if m is not None:
            mases.append(m)
    return {"smape": sum(smapes) / len(smapes), "mase": sum(mases) / len(mases),
            "seconds": float(text.split()[-1]), "process_cpu_seconds": cpu}


def read_long_forecasts(path):
    forecasts = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            forecasts.setdefault(row["series_id"], []).append(float(row["value"]))
    return forecasts


def ours(mercato, path, models):
    text, _, _ = run([mercato, "forecast", "backtest", "--series", path, "--horizon",
                      str(m4_weekly.HORIZON), "--season", str(SEASON), "--models", models,
                      "--threads", "1", "--intervals", "--json"])
    out = json.loads(text)
    for name, picks in out.get("chosen", {}).items():
        out["models"][name]["chosen"] = picks
    return out["models"]


def bench(mercato, skip_r):
    with tempfile.TemporaryDirectory(prefix="mercato-seasonal-") as work:
        path = os.path.join(work, "m4_weekly_long.csv")
        with open(path, "w", newline="") as out:
            m4_weekly.write_long(out)
        series = read_long(path)
        res = {"series": len(series), "horizon": m4_weekly.HORIZON, "season": SEASON,
               "models": ours(mercato, path, MODELS)}
        have_r = shutil.which("Rscript") is not None and not skip_r
        if have_r:
            res["r_stlf"] = bench_r(path, series, "stlf", work)
        sample = {sid: v for k, (sid, v) in enumerate(series.items()) if k % TBATS_EVERY == 0}
        sample_path = os.path.join(work, "m4_sample.csv")
        write_series(sample_path, sample)
        res["sample"] = {"series": len(sample), "every": TBATS_EVERY,
                         "models": ours(mercato, sample_path, "snaive,auto,stlf,dhr,safe")}
        if have_r:
            res["sample"]["r_tbats"] = bench_r(sample_path, sample, "tbats", work)
            res["sample"]["r_stlf"] = bench_r(sample_path, sample, "stlf", work)
    return res


def row(name, s):
    cover = (f" {s['p90_cover']:.3f} | {s['p95_cover']:.3f} |" if "p90_cover" in s else "  |  |")
    return f"| {name} | {s['smape']:.3f} | {s['mase']:.3f} | {s['seconds']:.2f} |{cover}"


def safe_line(models):
    """The safe choice against seasonal naive (issue 20: never worse in aggregate) and its picks."""
    safe, snaive = models["safe"], models["snaive"]
    picks = ", ".join(f"{name} {count}" for name, count in
                      sorted(safe["chosen"].items(), key=lambda kv: -kv[1]))
    verdict = "yes" if safe["smape"] <= snaive["smape"] and safe["mase"] <= snaive["mase"] else "NO"
    return (f"`safe` against seasonal naive: sMAPE {safe['smape']:.3f} vs {snaive['smape']:.3f}, "
            f"MASE {safe['mase']:.3f} vs {snaive['mase']:.3f}; no worse on both: {verdict}. "
            f"Its picks (series): {picks}.")


def markdown(res):
    out = ["## Forecasting: long seasonal cycles", "",
           f"**M4 Weekly, season {res['season']}** ({res['series']} series, last "
           f"{res['horizon']} weeks held out; `forecast backtest --series --season "
           f"{res['season']}`, one thread; R's `forecast::stlf` with its defaults on the same "
           f"series in the same run). MASE here is scaled by the in-sample seasonal naive of "
           f"season {res['season']}, so it is not comparable with the season-1 table above; "
           f"sMAPE is. mercato binary: `{res['build']}`; 1-minute load average "
           f"{res['load_average_1min_start']:.1f} at the start, {res['load_average_1min_end']:.1f} "
           "at the end, on 2 cores (seconds are wall time under that load).", "",
           "| model | sMAPE | MASE (season 52) | seconds | P90 cover | P95 cover |",
           "|---|---|---|---|---|---|"]
    out += [row(name, s) for name, s in res["models"].items()]
    if "r_stlf" in res:
        out.append(row("R forecast::stlf", res["r_stlf"]))
    out += ["", safe_line(res["models"])]
    if "r_stlf" in res:
        ours_stlf, r_stlf = res["models"]["stlf"], res["r_stlf"]
        out += ["", f"mercato's stlf against R's: sMAPE {ours_stlf['smape']:.3f} vs "
                f"{r_stlf['smape']:.3f}, MASE {ours_stlf['mase']:.3f} vs {r_stlf['mase']:.3f}, "
                f"{r_stlf['seconds'] / ours_stlf['seconds']:.1f}x faster."]
    s = res["sample"]
    out += ["", f"On every {s['every']}th series ({s['series']} series), with R's "
            "`forecast::tbats` (too slow for every series):", "",
            "| model | sMAPE | MASE (season 52) | seconds | P90 cover | P95 cover |",
           "|---|---|---|---|---|---|"]
    out += [row(name, m) for name, m in s["models"].items()]
    for key, label in (("r_stlf", "R forecast::stlf"), ("r_tbats", "R forecast::tbats")):
        if key in s:
            out.append(row(label, s[key]))
    out += ["", safe_line(s["models"])]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--skip-r", action="store_true")
    args = ap.parse_args()
    mercato = os.path.abspath(os.path.join(args.build, "src", "cli", "mercato"))
    load_start = os.getloadavg()[0]
    res = bench(mercato, args.skip_r)
    res.update({"build": args.build, "load_average_1min_start": load_start,
                "load_average_1min_end": os.getloadavg()[0]})
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "forecast_seasonal.json"), "w") as f:
        json.dump(res, f, indent=2)
    text = markdown(res)
    with open(os.path.join(HERE, "results", "forecast_seasonal.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
