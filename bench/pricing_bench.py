#!/usr/bin/env python3
"""Pricing benchmark: own-price elasticities (`mercato pricing elasticity`) against planted and
held-out truth. (1) The synthetic store: the planted per-department elasticities recovered per
product (shrunk and own estimates, by amount of price variation), and the intervals' coverage
of the truth against their nominal rate. (2) Dominick's orange juice (83 stores x 11 brands):
elasticities by brand and by store-brand from the earlier weeks, and the out-of-sample error of
predicted log units in the later weeks against a pooled log-log regression and per-store OLS.
(3) The wall time for a large synthetic panel. (4) Price recommendations on the synthetic store
(`mercato pricing recommend`): wall time, changes and binding rules. (5) Their simulation
against the oracle, static prices and competitor matching (`mercato pricing simulate`). Writes
bench/results/pricing.{json,md}.

Usage: bench/pricing_bench.py [--build build/release] [--customers 20000] [--work DIR]
    [--parts synthetic,orangejuice,recommend,simulate] [--speed-products 200000]
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import tempfile
import time

from bench_process import run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "data")
OJ = os.path.join(SHARED, "dominicks-orangejuice", "orangejuice_yx.csv.zst")
BRANDS = ["Tropicana Premium 64", "Tropicana Premium 96", "Florida's Natural 64",
          "Tropicana 64", "Minute Maid 64", "Minute Maid 96", "Citrus Hill 64",
          "Tree Fresh 64", "Florida Gold 64", "Dominicks 64", "Dominicks 128"]


def load_avg():
    return os.getloadavg()[0]


# --- small dense least squares (normal equations, Gaussian elimination with pivoting) ---------

def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[p][c]) < 1e-12:
            return None
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def ols(rows, y):
    """Coefficients of y on rows (lists of regressors), dropping none; None when singular."""
    k = len(rows[0])
    xtx = [[0.0] * k for _ in range(k)]
    xty = [0.0] * k
    for x, v in zip(rows, y):
        for i in range(k):
            xty[i] += x[i] * v
            for j in range(k):
                xtx[i][j] += x[i] * x[j]
    return solve(xtx, xty)


# --- (1) the synthetic store ------------------------------------------------------------------

def bench_synthetic(mercato, work, customers, days, seed):
    db = os.path.join(work, "mercato.db")
    store = os.path.join(work, "store")
    if not os.path.exists(db):
        run([mercato, "generate", "--out", store, "--customers", str(customers), "--days",
             str(days), "--seed", str(seed)])
        run([mercato, "import", "--db", db, "--format", "generic", store])
    with open(os.path.join(store, "truth.json")) as f:
        truth = json.load(f)
    planted = {d["name"]: d["elasticity"] for d in truth["catalog"]["departments"]}
    out, seconds = run([mercato, "pricing", "elasticity", "--db", db, "--json"])
    r = json.loads(out)
    level = r["interval"]

    def summary(rows, key):
        n = len(rows)
        if n == 0:
            return {"products": 0}
        within = sum(1 for p, t in rows if abs(p[key] / t - 1) <= 0.10)
        covered = sum(1 for p, t in rows if p["ci_low"] <= t <= p["ci_high"]) if key == \
            "elasticity" else None
        err = sorted(abs(p[key] - t) for p, t in rows)
        return {"products": n, "within_10pct": within / n,
                "coverage": covered / n if covered is not None else None,
                "median_abs_error": err[n // 2]}

    rows = [(p, planted[p["category"]]) for p in r["elasticities"] if p["category"] in planted]
    bins = [(1, 1), (2, 3), (4, 7), (8, 10 ** 9)]
    by_changes = []
    for lo, hi in bins:
        sel = [(p, t) for p, t in rows if lo <= p["n_price_changes"] <= hi]
        own = [(p, t) for p, t in sel if p["own_elasticity"] is not None]
        label = str(lo) if lo == hi else f"{lo}-{hi}" if hi < 10 ** 9 else f">={lo}"
        by_changes.append({"price_changes": label,
                           "shrunk": summary(sel, "elasticity"),
                           "own": summary(own, "own_elasticity")})
    by_pooling = {}
    for pooling in ("product", "category", "store"):
        by_pooling[pooling] = summary([(p, t) for p, t in rows if p["pooling"] == pooling],
                                      "elasticity")
    categories = []
    for g in r["groups"]:
        if g["category"] not in planted:
            continue
        t = planted[g["category"]]
        categories.append({"category": g["category"], "planted": t,
                           "estimate": g["elasticity"], "ci_low": g["ci_low"],
                           "ci_high": g["ci_high"], "n_series": g["n_series"],
                           "n_estimated": g["n_estimated"],
                           "covered": g["ci_low"] <= t <= g["ci_high"]})
    return {"customers": customers, "days": days, "seed": seed, "seconds": seconds,
            "interval": level, "products": len(r["elasticities"]),
            "n_estimated": r["n_estimated"], "tau2_series": r["tau2_series"],
            "tau2_groups": r["tau2_groups"], "all": summary(rows, "elasticity"),
            "by_price_changes": by_changes, "by_pooling": by_pooling,
            "categories": categories}


# --- (4) recommendations on the synthetic store ------------------------------------------------

def bench_recommend(mercato, work):
    """`pricing recommend` on the store bench_synthetic imported, with a competitor rule."""
    db = os.path.join(work, "mercato.db")
    out, seconds = run([mercato, "pricing", "recommend", "--db", db, "--json",
                        "--max-above-competitor-pct", "5"])
    r = json.loads(out)
    binding = {}
    for row in r["recommendations"]:
        key = row["binding_rule"] or "(objective's own optimum)"
        binding[key] = binding.get(key, 0) + 1
    changed = [row for row in r["recommendations"]
               if row["recommended_price"] != row["current_price"]]
    return {"seconds": seconds, "load": load_avg(), "products": r["n_products"],
            "changed": r["n_changed"], "inventory": r["inventory"],
            "binding": dict(sorted(binding.items(), key=lambda kv: -kv[1])),
            "median_abs_change_pct": sorted(abs(x["change_pct"]) for x in changed)[
                len(changed) // 2] if changed else 0.0,
            "expected": r["expected"]}


# --- (5) the simulation on the synthetic store ------------------------------------------------

def bench_simulate(mercato, work, days):
    """`pricing simulate` on the store bench_synthetic imported, the same rules as (4)."""
    db = os.path.join(work, "mercato.db")
    truth = os.path.join(work, "store", "truth.json")
    out, seconds = run([mercato, "pricing", "simulate", "--db", db, "--truth", truth, "--days",
                        str(days), "--json", "--max-above-competitor-pct", "5"])
    r = json.loads(out)
    return {"seconds": seconds, "load": load_avg(), "days": r["days"], "weeks": r["weeks"],
            "products": r["products"], "policies": r["policies"],
            "share": r["mercato_share_of_oracle_profit"]}


# --- (2) Dominick's orange juice --------------------------------------------------------------

def read_oj():
    text = subprocess.run(["zstd", "-dc", OJ], stdout=subprocess.PIPE, check=True,
                          text=True).stdout
    lines = text.splitlines()
    header = [h.strip('"') for h in lines[0].split(",")]
    idx = {h: i for i, h in enumerate(header)}
    rows = []
    for line in lines[1:]:
        f = line.split(",")
        brand = int(f[idx["brand"]])
        rows.append({"store": f[idx["store"]], "brand": brand, "week": int(f[idx["week"]]),
                     "logmove": float(f[idx["logmove"]]),
                     "price": float(f[idx[f"price{brand}"]]),
                     "prices": [float(f[idx[f"price{b}"]]) for b in range(1, len(BRANDS) + 1)],
                     "deal": float(f[idx["deal"]]), "feat": float(f[idx["feat"]])})
    return rows


def add_category_index(train, rows):
    """Each row's category price index as mercato computes it (pricing/cross_price.h): the log
    prices of the other brands of its store, weighted by their units in the training weeks (the
    row carries every brand's price that week)."""
    weight = {}
    for r in train:
        key = (r["store"], r["brand"])
        weight[key] = weight.get(key, 0.0) + math.exp(r["logmove"])
    for r in rows:
        others = [(weight[(r["store"], b)], math.log(r["prices"][b - 1]))
                  for b in range(1, len(BRANDS) + 1)
                  if b != r["brand"] and (r["store"], b) in weight]
        total = sum(w for w, _ in others)
        r["logcat"] = sum(w * lp for w, lp in others) / total if total > 0 else 0.0


def bench_oj(mercato, work):
    rows = read_oj()
    weeks = sorted({r["week"] for r in rows})
    cutoff = weeks[int(len(weeks) * 0.8)]  # the last fifth of the weeks held out
    train = [r for r in rows if r["week"] < cutoff]
    test = [r for r in rows if r["week"] >= cutoff]
    add_category_index(train, rows)
    panel = os.path.join(work, "oj_train.csv")
    with open(panel, "w") as f:
        f.write("sku,store,period,units,price,promo,feature\n")
        for r in train:
            f.write(f"{r['brand']},{r['store']},{r['week']},{math.exp(r['logmove']):.6f},"
                    f"{r['price']},{r['deal']},{r['feat']}\n")
    out, seconds = run([mercato, "pricing", "elasticity", "--panel", panel, "--json"])
    res = json.loads(out)
    ours = {(e["sku"], e["store"]): e for e in res["elasticities"]}

    series = {}
    for r in train:
        series.setdefault((str(r["brand"]), r["store"]), {"train": [], "test": []})["train"]\
            .append(r)
    for r in test:
        key = (str(r["brand"]), r["store"])
        if key in series:
            series[key]["test"].append(r)

    # Pooled log-log: one elasticity, deal and feature effect for all, an intercept per series
    # (the within transformation).
    xs, ys = [], []
    for s in series.values():
        tr = s["train"]
        my = sum(r["logmove"] for r in tr) / len(tr)
        mp = sum(math.log(r["price"]) for r in tr) / len(tr)
        mc = sum(r["logcat"] for r in tr) / len(tr)
        md = sum(r["deal"] for r in tr) / len(tr)
        mf = sum(r["feat"] for r in tr) / len(tr)
        s["means"] = (my, mp, mc, md, mf)
        for r in tr:
            xs.append([math.log(r["price"]) - mp, r["logcat"] - mc, r["deal"] - md,
                       r["feat"] - mf])
            ys.append(r["logmove"] - my)
    pooled = ols(xs, ys)

    def predict_given(tr, beta, cross=0.0):
        """Intercept, deal and feature of one series by OLS given the own- and cross-price
        coefficients."""
        def rest(r):
            return r["logmove"] - beta * math.log(r["price"]) - cross * r["logcat"]
        coef = ols([[1.0, r["deal"], r["feat"]] for r in tr], [rest(r) for r in tr])
        if coef is None:  # deal or feature never varies: intercept only
            coef = [sum(rest(r) for r in tr) / len(tr), 0.0, 0.0]
        return lambda r: coef[0] + beta * math.log(r["price"]) + cross * r["logcat"] + \
            coef[1] * r["deal"] + coef[2] * r["feat"]

    sq = {"mercato": 0.0, "pooled": 0.0, "per_store_ols": 0.0}
    n_test = 0
    own_ols, cross_ols = {}, {}
    for key, s in series.items():
        tr, te = s["train"], s["test"]
        if not te:
            continue
        my, mp, mc, md, mf = s["means"]
        b_pooled = pooled
        pred_pooled = lambda r: my + b_pooled[0] * (math.log(r["price"]) - mp) + \
            b_pooled[1] * (r["logcat"] - mc) + b_pooled[2] * (r["deal"] - md) + \
            b_pooled[3] * (r["feat"] - mf)
        full = ols([[1.0, math.log(r["price"]), r["logcat"], r["deal"], r["feat"]] for r in tr],
                   [r["logmove"] for r in tr])
        if full is None:
            full = ols([[1.0, math.log(r["price"]), r["logcat"]] for r in tr],
                       [r["logmove"] for r in tr]) + [0.0, 0.0]
        own_ols[key] = full[1]
        cross_ols[key] = full[2]
        pred_ols = lambda r: full[0] + full[1] * math.log(r["price"]) + \
            full[2] * r["logcat"] + full[3] * r["deal"] + full[4] * r["feat"]
        cross = ours[key]["cross_elasticity"] or 0.0
        pred_ours = predict_given(tr, ours[key]["elasticity"], cross)
        for r in te:
            sq["mercato"] += (pred_ours(r) - r["logmove"]) ** 2
            sq["pooled"] += (pred_pooled(r) - r["logmove"]) ** 2
            sq["per_store_ols"] += (pred_ols(r) - r["logmove"]) ** 2
            n_test += 1
    rmse = {k: math.sqrt(v / n_test) for k, v in sq.items()}
    brands = []
    cross_groups = {g["sku"]: g for g in (res["cross_price"] or {}).get("groups", [])}
    for g in res["groups"]:
        b = int(g["sku"])
        own = [e for e in res["elasticities"] if e["sku"] == g["sku"]]
        cg = cross_groups.get(g["sku"])
        brands.append({"brand": BRANDS[b - 1], "sku": g["sku"], "elasticity": g["elasticity"],
                       "cross": None if cg is None else {
                           "elasticity": cg["elasticity"], "ci_low": cg["ci_low"],
                           "ci_high": cg["ci_high"], "n_estimated": cg["n_estimated"],
                           "store_min": min(e["cross_elasticity"] for e in own),
                           "store_max": max(e["cross_elasticity"] for e in own),
                           "per_store_ols_min": min(cross_ols[(g["sku"], e["store"])]
                                                    for e in own
                                                    if (g["sku"], e["store"]) in cross_ols),
                           "per_store_ols_max": max(cross_ols[(g["sku"], e["store"])]
                                                    for e in own
                                                    if (g["sku"], e["store"]) in cross_ols)},
                       "ci_low": g["ci_low"], "ci_high": g["ci_high"],
                       "stores": g["n_series"],
                       "store_min": min(e["elasticity"] for e in own),
                       "store_max": max(e["elasticity"] for e in own),
                       "per_store_ols_min": min(own_ols[(g["sku"], e["store"])] for e in own
                                                if (g["sku"], e["store"]) in own_ols),
                       "per_store_ols_max": max(own_ols[(g["sku"], e["store"])] for e in own
                                                if (g["sku"], e["store"]) in own_ols)})
    reference = bench_oj_bayesm(train, ours, own_ols, series, predict_given, work)
    positive = {"mercato": sum(1 for e in res["elasticities"] if e["elasticity"] > 0),
                "per_store_ols": sum(1 for v in own_ols.values() if v > 0)}
    return {"rows": len(rows), "train_rows": len(train), "test_rows": n_test,
            "cutoff_week": cutoff, "weeks": [weeks[0], weeks[-1]], "series": len(series),
            "seconds": seconds, "rmse_log_units": rmse, "pooled_elasticity": pooled[0],
            "overall": res["overall"], "tau2_series": res["tau2_series"],
            "tau2_groups": res["tau2_groups"], "brands": brands,
            "cross_overall": (res["cross_price"] or {}).get("overall"),
            "cross_tau2_series": (res["cross_price"] or {}).get("tau2_series"),
            "positive_elasticities": positive, "bayesm": reference}


def bench_oj_bayesm(train, ours, own_ols, series, predict_given, work, draws=4000,
                    coverage=0.9):
    """bayesm::rhierLinearModel on the same training weeks (bench/pricing_bayesm.R): how many of
    mercato's store-brand elasticities fall inside its credible intervals, and its out-of-sample
    error predicted the way mercato's is (intercept, deal and feature refitted given the
    elasticity). None when R or bayesm is missing (scripts/setup.sh bench installs them)."""
    if shutil.which("Rscript") is None or subprocess.run(
            ["Rscript", "-e", "library(bayesm)"], capture_output=True).returncode != 0:
        return None
    panel = os.path.join(work, "oj_bayesm.csv")
    with open(panel, "w") as f:
        f.write("series,brand,week,logmove,logprice,logcat,deal,feat\n")
        for r in train:
            f.write(f"{r['brand']}/{r['store']},{r['brand']},{r['week']},{r['logmove']},"
                    f"{math.log(r['price'])},{r['logcat']},{r['deal']},{r['feat']}\n")
    out_path = os.path.join(work, "oj_bayesm_out.csv")
    text, wall = run(["Rscript", os.path.join(HERE, "pricing_bayesm.R"), panel, str(draws),
                      str(coverage), out_path])
    seconds = float(text.split()[-1])
    posterior = {}
    with open(out_path) as f:
        next(f)
        for line in f:
            key, mean, low, high, cross = line.strip().split(",")
            brand, store = key.split("/")
            posterior[(brand, store)] = (float(mean), float(low), float(high), float(cross))
    inside = sum(1 for key, (_, low, high, _) in posterior.items()
                 if low <= ours[key]["elasticity"] <= high)
    inside_ols = sum(1 for key, (_, low, high, _) in posterior.items()
                     if key in own_ols and low <= own_ols[key] <= high)
    sq, n = 0.0, 0
    for key, s in series.items():
        if not s["test"] or key not in posterior:
            continue
        predict = predict_given(s["train"], posterior[key][0], posterior[key][3])
        for r in s["test"]:
            sq += (predict(r) - r["logmove"]) ** 2
            n += 1
    diffs = sorted(abs(ours[k]["elasticity"] - v[0]) for k, v in posterior.items())
    cross_diffs = sorted(abs((ours[k]["cross_elasticity"] or 0.0) - v[3])
                         for k, v in posterior.items())
    return {"draws": draws, "coverage": coverage, "series": len(posterior), "inside": inside,
            "inside_ols": inside_ols,
            "seconds": seconds, "wall_seconds": wall, "rmse_log_units": math.sqrt(sq / n),
            "median_abs_difference": diffs[len(diffs) // 2],
            "cross_median_abs_difference": cross_diffs[len(cross_diffs) // 2],
            "cross_by_brand": {b: sum(v[3] for k, v in posterior.items() if k[0] == b) /
                               sum(1 for k in posterior if k[0] == b)
                               for b in sorted({k[0] for k in posterior})},
            "positive": sum(1 for v in posterior.values() if v[0] > 0)}


# --- (3) speed on a large synthetic panel -----------------------------------------------------

def bench_speed(mercato, work, products, weeks, seed):
    rng = random.Random(seed)
    path = os.path.join(work, f"speed_{products}.csv")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write("sku,store,period,units,price,promo\n")
            for p in range(products):
                e = -rng.uniform(0.5, 3.0)
                base = rng.uniform(2, 50)
                level = rng.uniform(1, 4)
                buf = []
                for w in range(weeks):
                    promo = 1 if rng.random() < 0.1 else 0
                    price = base * (0.8 if promo else 1.0) * (1.1 if w > weeks // 2 else 1.0)
                    mu = math.exp(level + e * math.log(price / base) + 0.2 * promo)
                    buf.append(f"P{p},s{p % 50},{w},{round(mu * rng.uniform(0.7, 1.3), 2)},"
                               f"{price:.2f},{promo}\n")
                f.write("".join(buf))
    start = time.monotonic()
    subprocess.run([mercato, "pricing", "elasticity", "--panel", path, "--out",
                    os.path.join(work, "speed_elasticities.json"), "--json"], check=True)
    return {"products": products, "weeks": weeks, "rows": products * weeks,
            "seconds": time.monotonic() - start, "cores": os.cpu_count(), "load": load_avg()}


def render_synthetic(s):
    lines = ["### Synthetic store", "",
             f"`mercato generate --customers {s['customers']} --days {s['days']} --seed "
             f"{s['seed']}`: {s['products']} products, {s['n_estimated']} with an estimate of "
             f"their own (the daily model: at least one price event, a day whose price "
             f"differs from the previous observed day's by more than 1%); "
             f"{s['seconds']:.1f} s. Planted: one elasticity per department (truth.json), so "
             f"between-product spread is 0 by construction (estimated tau² "
             f"{s['tau2_series']:.4f}; between categories {s['tau2_groups']:.4f}).", "",
             "| category | planted | estimate | interval | products (own fit) | covered |",
             "|---|---|---|---|---|---|"]
    for c in s["categories"]:
        lines.append(f"| {c['category']} | {c['planted']:.2f} | {c['estimate']:.3f} | "
                     f"[{c['ci_low']:.3f}, {c['ci_high']:.3f}] | {c['n_series']} "
                     f"({c['n_estimated']}) | {'yes' if c['covered'] else 'no'} |")
    lines += ["", f"Per product against its department's planted elasticity, by price changes "
              f"(shrunk: the reported `elasticity`; own: the product's own fit before shrinkage); "
              f"coverage of the {100 * s['interval']:.0f}% interval:", "",
              "| price changes | products | shrunk within ±10% | coverage | median abs error "
              "| own fits | own within ±10% | own median abs error |",
              "|---|---|---|---|---|---|---|---|"]
    for b in s["by_price_changes"]:
        sh, own = b["shrunk"], b["own"]
        if sh["products"] == 0:
            continue
        lines.append(
            f"| {b['price_changes']} | {sh['products']} | {100 * sh['within_10pct']:.1f}% | "
            f"{100 * sh['coverage']:.1f}% | {sh['median_abs_error']:.3f} | {own['products']} | "
            + (f"{100 * own['within_10pct']:.1f}% | {own['median_abs_error']:.3f} |"
               if own["products"] else "- | - |"))
    lines += ["", "| pooling | products | within ±10% | coverage |", "|---|---|---|---|"]
    for k, v in s["by_pooling"].items():
        if v["products"]:
            lines.append(f"| {k} | {v['products']} | {100 * v['within_10pct']:.1f}% | "
                         f"{100 * v['coverage']:.1f}% |")
    return lines


def render_orangejuice(o):
    lines = ["", "### Dominick's orange juice", "",
              f"{o['rows']} store-brand-weeks ({o['series']} store-brands, weeks "
              f"{o['weeks'][0]}–{o['weeks'][1]}): units = exp(logmove), price = the brand's own, "
              f"promo = deal, feature = feat. Estimated on weeks before {o['cutoff_week']} "
              f"({o['train_rows']} rows, {o['seconds']:.1f} s), predicted on the "
              f"{o['test_rows']} later rows. Out-of-sample RMSE of log units, every method with "
              f"a per-store-brand intercept, deal and feature effect (mercato: those refitted by "
              f"OLS given its shrunk own- and cross-price elasticities):", "",
              "| method | RMSE log units |", "|---|---|"]
    names = {"mercato": "mercato (shrunk store-brand elasticity)",
             "pooled": f"pooled log-log (one elasticity: {o['pooled_elasticity']:.3f})",
             "per_store_ols": "per-store-brand OLS"}
    for k in ("mercato", "pooled", "per_store_ols"):
        lines.append(f"| {names[k]} | {o['rmse_log_units'][k]:.4f} |")
    b = o.get("bayesm")
    if b:
        lines.append(f"| bayesm::rhierLinearModel (posterior mean store-brand elasticity) | "
                     f"{b['rmse_log_units']:.4f} |")
        lines += ["", f"Against R's `bayesm::rhierLinearModel` on the same training weeks "
                  f"(bench/pricing_bayesm.R: per store-brand, log units on intercept, log price, "
                  f"the log category price index, deal, feature, trend and one annual harmonic "
                  f"— the terms mercato's panel model fits — the coefficients normal around a "
                  f"brand mean; {b['draws']} Gibbs "
                  f"draws, the first fifth burn-in): **{b['inside']} of {b['series']} "
                  f"({100 * b['inside'] / b['series']:.1f}%)** mercato store-brand elasticities "
                  f"fall inside its {100 * b['coverage']:.0f}% credible intervals (per-store "
                  f"OLS: {b['inside_ols']}, {100 * b['inside_ols'] / b['series']:.1f}%); median "
                  f"absolute difference of the point estimates {b['median_abs_difference']:.3f} "
                  f"(cross-price: {b['cross_median_abs_difference']:.3f}); "
                  f"{b['positive']} of its posterior means positive. Time: mercato "
                  f"{o['seconds']:.1f} s for the whole command (reading the panel included), "
                  f"bayesm {b['seconds']:.1f} s in the sampler alone ({b['wall_seconds']:.1f} s "
                  f"with R's start and reading): **{b['seconds'] / o['seconds']:.0f}x**. The "
                  f"two differ by design: bayesm fits log units by least squares (weeks without "
                  f"sales cannot enter), mercato a Poisson quasi-likelihood on units."]
    lines += ["", f"Positive (wrong-signed) store-brand elasticities: mercato "
              f"{o['positive_elasticities']['mercato']}, per-store OLS "
              f"{o['positive_elasticities']['per_store_ols']} of {o['series']}. Overall "
              f"{o['overall']['elasticity']:.3f} [{o['overall']['ci_low']:.3f}, "
              f"{o['overall']['ci_high']:.3f}].", "",
              "| brand | elasticity | 90% interval | stores | store range (mercato) "
              "| store range (OLS) |", "|---|---|---|---|---|---|"]
    for b in o["brands"]:
        lines.append(f"| {b['brand']} | {b['elasticity']:.3f} | [{b['ci_low']:.3f}, "
                     f"{b['ci_high']:.3f}] | {b['stores']} | {b['store_min']:.2f} to "
                     f"{b['store_max']:.2f} | {b['per_store_ols_min']:.2f} to "
                     f"{b['per_store_ols_max']:.2f} |")
    if o.get("cross_overall"):
        c = o["cross_overall"]
        lines += ["", f"Cross-price elasticities (the model's log category price index: the store's "
                  f"other brands' log prices weighted by their training units; docs/pricing.md): "
                  f"overall {c['elasticity']:.3f} [{c['ci_low']:.3f}, {c['ci_high']:.3f}], "
                  f"between-store variance {o['cross_tau2_series']:.4f}. A positive value: the "
                  f"brand sells more when the others' prices rise (substitutes).", "",
                  "| brand | cross elasticity | 90% interval | store-brands with a cross term "
                  "| store range (mercato) | store range (OLS) | bayesm (mean of its stores) |",
                  "|---|---|---|---|---|---|---|"]
        by_bayesm = (o.get("bayesm") or {}).get("cross_by_brand", {})
        for b in o["brands"]:
            x = b.get("cross")
            if x is None:
                continue
            lines.append(f"| {b['brand']} | {x['elasticity']:.3f} | [{x['ci_low']:.3f}, "
                         f"{x['ci_high']:.3f}] | {x['n_estimated']} | {x['store_min']:.2f} to "
                         f"{x['store_max']:.2f} | {x['per_store_ols_min']:.2f} to "
                         f"{x['per_store_ols_max']:.2f} | "
                         + (f"{by_bayesm[b['sku']]:.3f} |" if b["sku"] in by_bayesm else "— |"))
    return lines


def render(r):
    lines = ["## Pricing: elasticities (issue 21)", "",
             f"Run {r['date']}, build `{r['build']}`, load average {r['load']:.1f} on "
             f"{os.cpu_count()} cores.", ""]
    if "synthetic" in r:
        lines += render_synthetic(r["synthetic"])
    o = r.get("orangejuice")
    if o:
        lines += render_orangejuice(o)
    rec = r.get("recommend")
    if rec:
        e = rec["expected"]
        lines += ["", "### Recommendations (synthetic store)", "",
                  f"`mercato pricing recommend --db <the store above> --json "
                  f"--max-above-competitor-pct 5` (default rules otherwise: 10% margin, 10% a "
                  f"change, 7 days between changes, .99 endings; objective profit): "
                  f"{rec['seconds']:.1f} s (elasticities and the inventory plan included; load "
                  f"{rec['load']:.1f}), {rec['products']} SKUs, {rec['changed']} changed "
                  f"(median |change| {rec['median_abs_change_pct']:.1f}%); inventory: "
                  f"{rec['inventory']}. Expected weekly change over the store (by the estimated "
                  f"elasticities, which miss the planted ones, above): units "
                  f"{e['units_change']:+.0f}, revenue {e['revenue_change']:+.0f}, profit "
                  f"{e['profit_change']:+.0f}.", "",
                  "| binding rule | SKUs |", "|---|---|"]
        for k, v in rec["binding"].items():
            lines.append(f"| {k} | {v} |")
    sim = r.get("simulate")
    if sim:
        lines += ["", "### Simulation (synthetic store)", "",
                  f"`mercato pricing simulate --db <the store above> --truth truth.json --days "
                  f"{sim['days']} --json --max-above-competitor-pct 5` (the rules of the "
                  f"recommendations above, re-priced weekly for {sim['weeks']} weeks; the world "
                  f"answers with the planted elasticities): {sim['seconds']:.1f} s (load "
                  f"{sim['load']:.1f}), {sim['products']} SKUs.", "",
                  "| policy | profit | share of the oracle's | revenue | units | price changes | "
                  "rule violations |", "|---|---|---|---|---|---|---|"]
        oracle = sim["policies"]["oracle"]["profit"]
        for name, p in sim["policies"].items():
            share = f"{100 * p['profit'] / oracle:.1f}%" if oracle > 0 else "—"
            lines.append(f"| {name} | {p['profit']:,.0f} | {share} | {p['revenue']:,.0f} | "
                         f"{p['units']:,.0f} | {p['price_changes']} | {p['rule_violations']} |")
        if sim["share"] is not None:
            lines += ["", f"mercato earns {100 * sim['share']:.1f}% of the oracle's profit "
                          f"(target ≥ 95%), against static "
                          f"{100 * sim['policies']['static']['profit'] / sim['policies']['oracle']['profit']:.1f}% "
                          f"and competitor matching "
                          f"{100 * sim['policies']['match_competitor']['profit'] / sim['policies']['oracle']['profit']:.1f}%."]
    sp = r.get("speed")
    if sp:
        lines += ["", "### Speed", "",
                  f"A synthetic panel of {sp['products']:,} products × {sp['weeks']} weeks "
                  f"({sp['rows']:,} rows, CSV read included): {sp['seconds']:.1f} s on "
                  f"{sp['cores']} cores (load {sp['load']:.1f}), build `{r['build']}`"
                  + (" (AddressSanitizer and UndefinedBehaviorSanitizer: not the release "
                     "figure)" if "sanitize" in r["build"] else "")
                  + ". Target (issue 21): 200,000 products ≤ 60 s."]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--speed-products", type=int, default=200000)
    ap.add_argument("--speed-weeks", type=int, default=104)
    ap.add_argument("--simulate-days", type=int, default=91)
    ap.add_argument("--work", help="keep the generated data here (default: a temp dir)")
    ap.add_argument("--parts", default="synthetic,orangejuice,recommend,simulate",
                    help="which parts to run, comma-separated (recommend and simulate use the "
                         "synthetic part's store in --work)")
    args = ap.parse_args()
    mercato = os.path.join(args.build, "src", "cli", "mercato")
    work = args.work or tempfile.mkdtemp(prefix="mercato_pricing_bench_")
    os.makedirs(work, exist_ok=True)
    parts = {
        "synthetic": lambda: bench_synthetic(mercato, work, args.customers, args.days, args.seed),
        "orangejuice": lambda: bench_oj(mercato, work),
        "recommend": lambda: bench_recommend(mercato, work),
        "simulate": lambda: bench_simulate(mercato, work, args.simulate_days)}
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "build": args.build,
              "load": load_avg()}
    for part in args.parts.split(","):
        if part not in parts:
            ap.error(f"--parts: unknown part '{part}'; expected some of {', '.join(parts)}")
        result[part] = parts[part]()
    if args.speed_products > 0:
        result["speed"] = bench_speed(mercato, work, args.speed_products, args.speed_weeks,
                                      args.seed)
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "pricing.json"), "w") as f:
        json.dump(result, f, indent=2)
    with open(os.path.join(HERE, "results", "pricing.md"), "w") as f:
        f.write(render(result))
    print(render(result))


if __name__ == "__main__":
    main()
