#!/usr/bin/env python3
"""Agreement of mercato's Welch t-test and SRM chi-square with SciPy (issue 17).

Generates data sets (sizes 2..10,000, unequal variances, heavy tails, skewed revenue-like data),
runs the test-only tool `mercato_experiment_statistics_tool` on them and compares t, df, p and the
95% CI of the difference with scipy.stats.ttest_ind(equal_var=False), and chi-square and p with
scipy.stats.chisquare. Exits non-zero, listing every disagreement, when any figure differs by more
than 1e-6 (relative to max(1, |SciPy's value|)).

Usage: scipy_agreement.py TOOL
"""
import subprocess
import sys

import numpy as np
import scipy
from scipy import special, stats

TOLERANCE = 1e-6


def datasets(rng):
    """(name, control, variant) pairs."""
    cases = []
    for n_control, n_variant in [(2, 2), (2, 3), (3, 7), (5, 5), (10, 40), (30, 31), (100, 250),
                                 (1000, 1000), (2500, 10000), (10000, 10000)]:
        cases.append((f"normal {n_control}/{n_variant} unequal variances",
                      rng.normal(10, 1, n_control), rng.normal(10.5, 4, n_variant)))
        cases.append((f"student-t(2) heavy tails {n_control}/{n_variant}",
                      rng.standard_t(2, n_control) * 3, rng.standard_t(2, n_variant) * 3 + 1))
        buys_c = rng.random(n_control) < 0.1
        buys_v = rng.random(n_variant) < 0.12
        # One buyer per arm at least: with no variance in either arm SciPy answers NaN, where
        # mercato defines p = 1 for a zero difference (statistics.h, WelchCompare).
        buys_c[0] = buys_v[0] = True
        cases.append((f"revenue (10% buy, log-normal baskets, Pareto whales) {n_control}/{n_variant}",
                      buys_c * rng.lognormal(4, 1, n_control) * (1 + rng.pareto(1.5, n_control)),
                      buys_v * rng.lognormal(4, 1, n_variant) * (1 + rng.pareto(1.5, n_variant))))
    cases.append(("large offset", 1e9 + rng.normal(0, 1, 50), 1e9 + rng.normal(0.3, 2, 60)))
    return cases


def srm_cases():
    return [([520, 480], [0.5, 0.5]), ([5210, 4790], [0.5, 0.5]), ([480, 260, 260], [2, 1, 1]),
            ([33, 35, 31, 29], [0.25, 0.25, 0.25, 0.25]), ([90010, 9990], [0.9, 0.1])]


def scipy_welch(control, variant):
    """t, df, p and the 95% CI of mean(variant) − mean(control) as SciPy computes them."""
    result = stats.ttest_ind(variant, control, equal_var=False)
    vc = np.var(control, ddof=1) / len(control)
    vv = np.var(variant, ddof=1) / len(variant)
    df = (vc + vv) ** 2 / (vc ** 2 / (len(control) - 1) + vv ** 2 / (len(variant) - 1))
    # The critical value by inverting SciPy's own t CDF (1 − I_x(df/2, 1/2)/2): SciPy 1.10's
    # t.ppf is ~5e-9 off for fractional df.
    critical = np.sqrt(df * (1 / special.betaincinv(df / 2, 0.5, 0.05) - 1))
    difference = np.mean(variant) - np.mean(control)
    se = np.sqrt(vc + vv)
    return [result.statistic, df, result.pvalue, difference - critical * se,
            difference + critical * se]


def close(ours, reference):
    return abs(ours - reference) <= TOLERANCE * max(1.0, abs(reference))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rng = np.random.default_rng(20261205)
    cases = datasets(rng)
    stdin = []
    for _, control, variant in cases:
        stdin += ["welch", " ".join(repr(float(v)) for v in control),
                  " ".join(repr(float(v)) for v in variant)]
    for observed, weights in srm_cases():
        stdin += ["srm", " ".join(str(o) for o in observed), " ".join(repr(w) for w in weights)]
    run = subprocess.run([sys.argv[1]], input="\n".join(stdin) + "\n", capture_output=True,
                         text=True, check=True)
    lines = run.stdout.strip().split("\n")
    expected_lines = len(cases) + len(srm_cases())
    if len(lines) != expected_lines:
        sys.exit(f"expected {expected_lines} result lines from the tool, got {len(lines)}")

    failures = []
    names = ["t", "df", "p", "ci_low", "ci_high"]
    for (name, control, variant), line in zip(cases, lines):
        ours = [float(v) for v in line.split()]
        reference = scipy_welch(control, variant)
        for field, a, b in zip(names, ours, reference):
            if not close(a, b):
                failures.append(f"welch {name}: {field} ours {a!r} scipy {b!r}")
    for (observed, weights), line in zip(srm_cases(), lines[len(cases):]):
        ours = [float(v) for v in line.split()]
        total = sum(observed)
        expected = [total * w / sum(weights) for w in weights]
        reference = stats.chisquare(observed, expected)
        for field, a, b in [("chi_square", ours[0], reference.statistic),
                            ("df", ours[1], len(observed) - 1), ("p", ours[2], reference.pvalue)]:
            if not close(a, b):
                failures.append(f"srm {observed}: {field} ours {a!r} scipy {b!r}")
    checked = len(cases) * len(names) + len(srm_cases()) * 3
    if failures:
        print("\n".join(failures))
        sys.exit(f"{len(failures)} of {checked} figures differ from SciPy by more than {TOLERANCE}")
    print(f"{checked} figures of {len(cases)} Welch tests and {len(srm_cases())} SRM tests agree "
          f"with SciPy {scipy.__version__} to {TOLERANCE}")


if __name__ == "__main__":
    main()
