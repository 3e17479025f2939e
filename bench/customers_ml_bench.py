#!/usr/bin/env python3
"""VIP early identification and behavioural clustering on UCI Online Retail.

Imports the UCI file with the Release `mercato`, runs `mercato_customers_ml_bench` (time-split
VIP evaluation for several value windows; clustering), and, in the same run, clusters the same
customer features with scikit-learn's KMeans as a reference. Writes
bench/results/customers_ml.json and bench/results/customers_ml.md.

Usage: bench/customers_ml_bench.py [--build build/release] [--windows 365 180 90]
scikit-learn is optional (Debian python3-sklearn; /usr/bin/python3 has it); without it the
reference columns say so.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
UCI = os.path.join(ROOT, "..", "shared", "data", "uci-online-retail", "online_retail.csv.zst")
LOG_SCALED = ("frequency", "monetary", "avg_basket_value")  # as in src/customers/clustering.h


def run(cmd):
    start = time.monotonic()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return out, time.monotonic() - start


def sklearn_reference(features_csv, min_k=2, max_k=8, sample=5000, seed=42):
    """KMeans (k-means++, 4 inits) per k and silhouette_score, on the same transformed features."""
    try:
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
    except ImportError as e:
        return {"error": f"scikit-learn not available: {e}"}
    with open(features_csv) as f:
        header = f.readline().strip().split(",")
        rows = np.loadtxt(f, delimiter=",")
    x, ours = rows[:, :-1].copy(), rows[:, -1].astype(int)
    for j, name in enumerate(header[:-1]):
        if name in LOG_SCALED:
            x[:, j] = np.log1p(np.maximum(x[:, j], 0))
    sd = x.std(axis=0)
    x = np.where(sd > 1e-12, (x - x.mean(axis=0)) / np.where(sd > 1e-12, sd, 1), 0.0)
    size = min(sample, len(x))
    start = time.monotonic()
    by_k = []
    for k in range(min_k, max_k + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(x)
        by_k.append({"k": k, "silhouette": float(
            silhouette_score(x, labels, sample_size=size, random_state=seed))})
    seconds = time.monotonic() - start
    best = max(by_k, key=lambda r: r["silhouette"])
    return {
        "seconds": seconds,
        "k": best["k"],
        "silhouette": best["silhouette"],
        "silhouette_by_k": by_k,
        # sklearn's silhouette of mercato's own assignment: checks mercato's silhouette figure.
        "silhouette_of_mercato_assignment": float(
            silhouette_score(x, ours, sample_size=size, random_state=seed)),
    }


def fmt(v, digits=3):
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.{digits}f}"


def markdown(r):
    lines = ["## Customer ML: VIP early identification and behavioural clustering", ""]
    lines.append(f"Data: UCI Online Retail ({r['customers_with_orders']:,} customers with orders, "
                 f"{r['orders']:,} orders), imported with `mercato import --format online-retail`. "
                 f"History load {fmt(r['load_seconds'], 2)} s.")
    lines.append("")
    lines.append("**VIP** = top 10% of a cohort's customers by value in the `value_days` from their "
                 "first order (merchandise value of the orders placed in [first order, first order + "
                 "value_days) minus returns recorded in that window). Time split: trained on "
                 "customers whose window closed by the cut-off, evaluated on the later cohorts "
                 "(first order after cut-off - value_days, window closed by the end of the data). "
                 "Baseline: rank by spend so far (value of orders 1..n). Target: model AUC >= 0.80 "
                 "and above the baseline.")
    lines.append("")
    lines.append("| value_days | cut-off | train / eval customers | order | eval customers (VIPs) "
                 "| model AUC | spend-so-far AUC | target met |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for v in r["vip"]:
        if "error" in v:
            lines.append(f"| {v['value_days']} | {v['error']} | | | | | | |")
            continue
        for a in v["at_order"]:
            met = (a["model_auc"] is not None and a["baseline_auc"] is not None
                   and a["model_auc"] >= 0.80 and a["model_auc"] > a["baseline_auc"])
            lines.append(f"| {v['value_days']} | {v['cutoff'][:10]} | {v['training_customers']} / "
                         f"{v['evaluated_customers']} | {a['order_number']} | {a['customers']} "
                         f"({a['vips']}) | {fmt(a['model_auc'])} | {fmt(a['baseline_auc'])} | "
                         f"{'yes' if met else 'no'} |")
    lines.append("")
    lines.append("UCI covers 2010-12-01 .. 2011-12-09 (373 days), so with the 12-month window only "
                 "customers first seen in 2010-12-01 .. 2010-12-09 have a complete window: the "
                 "365-day split trains on the first days' cohort and evaluates on the rest of that "
                 "week. The shorter windows give larger, genuinely later evaluation cohorts.")
    lines.append("")
    c, ref = r["clustering"], r["clustering_reference"]
    lines.append("**Clustering** (k-means++ on standardized recency, frequency, monetary, tenure, "
                 "average basket, distinct categories, return rate, discount share; frequency, "
                 "monetary and basket log1p first; k = 2..8 by the best mean silhouette on a seeded "
                 "sample of <= 5,000 customers). Reference: scikit-learn KMeans (4 inits) + "
                 "silhouette_score on the same transformed features, same run.")
    lines.append("")
    lines.append("| | k | mean silhouette | seconds (k = 2..8) |")
    lines.append("|---|---|---|---|")
    lines.append(f"| mercato | {c['k']} | {fmt(c['silhouette'])} | "
                 f"{fmt(c['seconds'], 2)} |")
    if "error" in ref:
        lines.append(f"| scikit-learn | {ref['error']} | | |")
    else:
        lines.append(f"| scikit-learn | {ref['k']} | {fmt(ref['silhouette'])} | "
                     f"{fmt(ref['seconds'], 2)} |")
        lines.append("")
        lines.append(f"scikit-learn's silhouette of mercato's assignment: "
                     f"{fmt(ref['silhouette_of_mercato_assignment'])}.")
    lines.append("")
    lines.append("| cluster | size | recency d | orders | monetary | tenure d | basket | returns |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for cl in c["clusters"]:
        m = cl["mean"]
        lines.append(f"| {cl['label']} | {cl['size']} | {fmt(m['recency_days'], 0)} | "
                     f"{fmt(m['frequency'], 1)} | {fmt(m['monetary'], 0)} | "
                     f"{fmt(m['tenure_days'], 0)} | {fmt(m['avg_basket_value'], 0)} | "
                     f"{fmt(m['return_rate'], 3)} |")
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    p.add_argument("--data", default=UCI)
    p.add_argument("--windows", type=int, nargs="+", default=[365, 180, 90])
    args = p.parse_args()
    if not os.path.exists(args.data):
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 0
    mercato = os.path.join(args.build, "src", "cli", "mercato")
    bench = os.path.join(args.build, "bench", "mercato_customers_ml_bench")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "uci.db")
        _, import_seconds = run([mercato, "import", "--db", db, "--format", "online-retail",
                                 args.data])
        features = os.path.join(tmp, "features.csv")
        out, seconds = run([bench, db, f"--dump={features}"] + [str(w) for w in args.windows])
        result = json.loads(out)
        result["import_seconds"] = import_seconds
        result["bench_seconds"] = seconds
        result["clustering_reference"] = sklearn_reference(features)
    results = os.path.join(HERE, "results")
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "customers_ml.json"), "w") as f:
        json.dump(result, f, indent=2)
    md = markdown(result)
    with open(os.path.join(results, "customers_ml.md"), "w") as f:
        f.write(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
