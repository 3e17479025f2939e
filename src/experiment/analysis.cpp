// Analyze: per-unit outcomes → per-metric fixed-horizon, sequential and Bayesian results, the
// sample-ratio check and the verdict in words. One pass over the units per metric.
#include "experiment/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "experiment/statistics.h"

namespace mercato::experiment {
namespace {

constexpr double kSrmAlpha = 0.001;
constexpr int32_t kMaxLookDays = 36600;  // 100 years of daily looks

enum class MetricShape { kMean, kCupedMean, kRatio };

struct MetricSpec {
  const char* name;
  const char* words;  // how verdict_text names it
  bool revenue_like;  // winsorized; CUPED with pre_revenue when it is a mean
  bool ratio;         // revenue / orders by the delta method
};

constexpr MetricSpec kMetricSpecs[] = {
    {"conversion", "conversion", false, false},
    {"revenue_per_visitor", "revenue per visitor", true, false},
    {"aov", "average order value", true, true},
    {"orders_per_customer", "orders per customer", false, false},
    {"repeat_purchase_rate", "repeat purchase rate", false, false},
    {"margin_per_visitor", "margin per visitor", true, false},
    {"revenue_per_recipient", "revenue per recipient", true, false},
};

const MetricSpec* FindMetricSpec(const std::string& name) {
  for (const MetricSpec& spec : kMetricSpecs) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

// The caps of the revenue-like fields at the pooled quantile (infinite when winsorizing is off).
struct WinsorCaps {
  double revenue = std::numeric_limits<double>::infinity();
  double margin = std::numeric_limits<double>::infinity();
  double pre_revenue = std::numeric_limits<double>::infinity();
};

WinsorCaps ComputeCaps(const std::vector<UnitOutcome>& units, double q, bool need_margin) {
  WinsorCaps caps;
  if (q >= 1 || units.empty()) return caps;
  std::vector<double> values(units.size());
  auto cap_of = [&](double UnitOutcome::*field) {
    for (size_t i = 0; i < units.size(); ++i) values[i] = units[i].*field;
    return WinsorCap(values, q);
  };
  caps.revenue = cap_of(&UnitOutcome::revenue);
  caps.pre_revenue = cap_of(&UnitOutcome::pre_revenue);
  if (need_margin) caps.margin = cap_of(&UnitOutcome::margin);
  return caps;
}

struct MetricRow {
  const MetricSpec* spec;
  bool primary = false;
  bool guardrail = false;
};

Result<std::vector<MetricRow>> MetricRows(const AnalysisOptions& options) {
  std::vector<MetricRow> rows;
  auto add = [&](const std::string& name, bool primary, bool guardrail) -> Status {
    const MetricSpec* spec = FindMetricSpec(name);
    if (spec == nullptr) {
      std::string known;
      for (const MetricSpec& s : kMetricSpecs)
        known += (known.empty() ? "" : ", ") + std::string(s.name);
      return InvalidArgument("unknown metric '" + name + "'; expected one of " + known);
    }
    for (MetricRow& row : rows) {
      if (row.spec == spec) {
        row.guardrail = row.guardrail || guardrail;
        return Status::Ok();
      }
    }
    rows.push_back({spec, primary, guardrail});
    return Status::Ok();
  };
  RETURN_IF_ERROR(add(options.primary_metric, true, false));
  for (const std::string& m : options.secondary_metrics) RETURN_IF_ERROR(add(m, false, false));
  for (const std::string& m : options.guardrails) RETURN_IF_ERROR(add(m, false, true));
  return rows;
}

Status CheckInput(const ExperimentData& data, const AnalysisOptions& options) {
  if (data.variants.size() < 2) {
    return InvalidArgument("an experiment needs at least two variants, got " +
                           std::to_string(data.variants.size()));
  }
  const auto variants = static_cast<int32_t>(data.variants.size());
  if (data.control < 0 || data.control >= variants) {
    return InvalidArgument("control variant index " + std::to_string(data.control) +
                           " is outside [0, " + std::to_string(variants) + ")");
  }
  for (const VariantInfo& v : data.variants) {
    if (!(v.weight >= 0) || !std::isfinite(v.weight)) {
      return InvalidArgument("variant '" + v.name + "' has weight " + std::to_string(v.weight) +
                             "; expected a finite weight ≥ 0");
    }
  }
  if (!(options.alpha > 0 && options.alpha < 1)) {
    return InvalidArgument("alpha must be in (0, 1), got " + std::to_string(options.alpha));
  }
  if (!(options.winsor_quantile > 0 && options.winsor_quantile <= 1)) {
    return InvalidArgument("winsor_quantile must be in (0, 1] (1 = off), got " +
                           std::to_string(options.winsor_quantile));
  }
  if (!(options.sequential_effect_size > 0) || !std::isfinite(options.sequential_effect_size)) {
    return InvalidArgument("sequential_effect_size must be > 0, got " +
                           std::to_string(options.sequential_effect_size));
  }
  if (data.days_running < 0 || data.days_running > kMaxLookDays) {
    return InvalidArgument("days_running must be in [0, " + std::to_string(kMaxLookDays) +
                           "], got " + std::to_string(data.days_running));
  }
  for (size_t i = 0; i < data.units.size(); ++i) {
    const UnitOutcome& u = data.units[i];
    if (u.variant < 0 || u.variant >= variants) {
      return InvalidArgument("unit " + std::to_string(i) + " has variant " +
                             std::to_string(u.variant) + ", outside [0, " +
                             std::to_string(variants) + ")");
    }
    if (u.exposure_day < 0) {
      return InvalidArgument("unit " + std::to_string(i) + " has exposure_day " +
                             std::to_string(u.exposure_day) + "; expected ≥ 0");
    }
    if (!std::isfinite(u.pre_revenue) || !std::isfinite(u.orders) || !std::isfinite(u.revenue) ||
        !std::isfinite(u.margin) || !std::isfinite(u.repeat)) {
      return InvalidArgument("unit " + std::to_string(i) + " has a non-finite outcome");
    }
  }
  return Status::Ok();
}

// An arm's estimate of one metric from its moments.
Estimate ArmEstimate(MetricShape shape, const Moments& arm, double theta, double pooled_mean_x) {
  switch (shape) {
    case MetricShape::kRatio:
      return RatioEstimate(arm);
    case MetricShape::kCupedMean:
      return CupedEstimate(arm, theta, pooled_mean_x);
    case MetricShape::kMean:
      break;
  }
  return MeanEstimate(arm);
}

// One metric for every non-control variant; `looks` is the number of daily looks.
void AnalyzeMetric(const ExperimentData& data, const AnalysisOptions& options, const MetricRow& row,
                   const WinsorCaps& caps, int32_t looks, std::vector<MetricResult>& out) {
  const MetricSpec& spec = *row.spec;
  const MetricShape shape = spec.ratio                           ? MetricShape::kRatio
                            : spec.revenue_like && options.cuped ? MetricShape::kCupedMean
                                                                 : MetricShape::kMean;
  const std::string metric = spec.name;
  const bool margin = metric == "margin_per_visitor";
  const size_t variants = data.variants.size();
  // Moments per (variant, day of first exposure): x is the covariate or the ratio's denominator.
  std::vector<Moments> cells(variants * static_cast<size_t>(looks));
  for (const UnitOutcome& u : data.units) {
    double x = 0;
    double y = 0;
    if (metric == "conversion") {
      y = u.orders > 0 ? 1 : 0;
    } else if (metric == "orders_per_customer") {
      y = u.orders;
    } else if (metric == "repeat_purchase_rate") {
      y = u.repeat;
    } else if (spec.ratio) {
      x = u.orders;
      y = std::min(u.revenue, caps.revenue);
    } else {
      y = std::min(margin ? u.margin : u.revenue, margin ? caps.margin : caps.revenue);
      if (shape == MetricShape::kCupedMean) x = std::min(u.pre_revenue, caps.pre_revenue);
    }
    const int32_t day = std::min(u.exposure_day, looks - 1);
    cells[static_cast<size_t>(u.variant) * static_cast<size_t>(looks) + static_cast<size_t>(day)]
        .Add(x, y);
  }
  Moments pooled;
  for (const Moments& c : cells) pooled.Merge(c);
  const double theta = shape == MetricShape::kCupedMean ? CupedTheta(pooled) : 0.0;
  const double pooled_mean_x = pooled.mean_x();

  const size_t control = static_cast<size_t>(data.control);
  for (size_t v = 0; v < variants; ++v) {
    if (v == control) continue;
    SequentialTest sequential(options.alpha);
    Moments control_moments;
    Moments variant_moments;
    for (int32_t day = 0; day < looks; ++day) {
      control_moments.Merge(cells[control * static_cast<size_t>(looks) + static_cast<size_t>(day)]);
      variant_moments.Merge(cells[v * static_cast<size_t>(looks) + static_cast<size_t>(day)]);
      const Estimate c = ArmEstimate(shape, control_moments, theta, pooled_mean_x);
      const Estimate t = ArmEstimate(shape, variant_moments, theta, pooled_mean_x);
      sequential.Look(t.value - c.value, c.variance + t.variance,
                      MsprtTau2(c, t, options.sequential_effect_size));
    }
    const Estimate c = ArmEstimate(shape, control_moments, theta, pooled_mean_x);
    const Estimate t = ArmEstimate(shape, variant_moments, theta, pooled_mean_x);
    const Comparison cmp = WelchCompare(c, t, options.alpha);
    const BayesianView bayes = NormalPosterior(cmp.difference, cmp.standard_error);

    MetricResult r;
    r.metric = metric;
    r.variant = data.variants[v].name;
    r.primary = row.primary;
    r.guardrail = row.guardrail;
    r.control_mean = c.value;
    r.variant_mean = t.value;
    r.difference = cmp.difference;
    r.relative_lift = cmp.relative_lift;
    r.ci_low = cmp.ci_low;
    r.ci_high = cmp.ci_high;
    r.relative_ci_low = cmp.relative_ci_low;
    r.relative_ci_high = cmp.relative_ci_high;
    r.p_value = cmp.p_value;
    r.sequential_p_value = sequential.p_value();
    r.sequential_ci_low = sequential.ci_low();
    r.sequential_ci_high = sequential.ci_high();
    r.chance_to_beat_control = bayes.chance_to_beat_control;
    r.expected_loss = bayes.expected_loss;
    if (shape == MetricShape::kCupedMean) {
      r.cuped_variance_reduction =
          VarianceReduction(MeanEstimate(control_moments), MeanEstimate(variant_moments), c, t);
    }
    out.push_back(std::move(r));
  }
}

std::string FormatNumber(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string Percent(double fraction) { return FormatNumber("%+.1f%%", 100 * fraction); }

std::string PValue(double p) {
  return p < 0.0001 ? std::string("< 0.0001") : FormatNumber("%.4f", p);
}

std::string WordsOf(const std::string& metric) {
  const MetricSpec* spec = FindMetricSpec(metric);
  return spec != nullptr ? spec->words : metric;
}

// "revenue per visitor by +3.1% (95% CI +0.8% to +5.4%)", or in the metric's units when the
// control's value is zero.
std::string EffectWithInterval(const MetricResult& r, double alpha) {
  const std::string level = FormatNumber("%g", 100 * (1 - alpha)) + "% CI ";
  if (std::isfinite(r.relative_lift) && std::isfinite(r.relative_ci_low)) {
    return WordsOf(r.metric) + " by " + Percent(r.relative_lift) + " (" + level +
           Percent(r.relative_ci_low) + " to " + Percent(r.relative_ci_high) + ")";
  }
  return WordsOf(r.metric) + " by " + FormatNumber("%+.4g", r.difference) + " (" + level +
         FormatNumber("%+.4g", r.ci_low) + " to " + FormatNumber("%+.4g", r.ci_high) + ")";
}

enum class VariantCall { kShip, kWorse, kGuardrailWorse, kGuardrailTrending, kInconclusive };

struct VariantJudgement {
  VariantCall call = VariantCall::kInconclusive;
  const MetricResult* primary = nullptr;
  const MetricResult* guardrail = nullptr;  // the worse guardrail, for kGuardrail*
  std::string text;
};

VariantJudgement JudgeVariant(const std::string& variant, const std::vector<MetricResult>& rows,
                              double alpha) {
  VariantJudgement j;
  for (const MetricResult& r : rows) {
    if (r.variant != variant) continue;
    if (r.primary) j.primary = &r;
  }
  const MetricResult& p = *j.primary;
  const bool primary_better = p.sequential_p_value < alpha && p.difference > 0;
  const bool primary_worse = p.sequential_p_value < alpha && p.difference < 0;
  const MetricResult* guard_worse = nullptr;
  const MetricResult* guard_trending = nullptr;
  for (const MetricResult& r : rows) {
    if (r.variant != variant || !r.guardrail || !(r.difference < 0)) continue;
    if (r.sequential_p_value < alpha && guard_worse == nullptr) guard_worse = &r;
    if (r.significant && guard_trending == nullptr) guard_trending = &r;
  }
  const std::string p_text = "always-valid p = " + PValue(p.sequential_p_value);
  if (primary_worse) {
    j.call = VariantCall::kWorse;
    j.text = "Do not ship " + variant + ": it lowers " + EffectWithInterval(p, alpha) + "; " +
             p_text + ", below " + FormatNumber("%g", alpha) + ".";
  } else if (guard_worse != nullptr) {
    j.call = VariantCall::kGuardrailWorse;
    j.guardrail = guard_worse;
    j.text = "Do not ship " + variant + ": guardrail " + WordsOf(guard_worse->metric) +
             " is worse, " + EffectWithInterval(*guard_worse, alpha) +
             "; always-valid p = " + PValue(guard_worse->sequential_p_value) + ".";
  } else if (primary_better && guard_trending != nullptr) {
    j.call = VariantCall::kGuardrailTrending;
    j.guardrail = guard_trending;
    j.text = "Keep running: " + variant + " raises " + EffectWithInterval(p, alpha) +
             ", but guardrail " + WordsOf(guard_trending->metric) + " looks worse, " +
             EffectWithInterval(*guard_trending, alpha) + "; wait until the guardrail is clear.";
  } else if (primary_better) {
    j.call = VariantCall::kShip;
    j.text = "Ship " + variant + ": it raises " + EffectWithInterval(p, alpha) + "; the " + p_text +
             " is below " + FormatNumber("%g", alpha) +
             ", so the result holds even though the test was checked along the way. No "
             "guardrail is worse.";
  } else if (!std::isfinite(p.ci_low)) {
    j.text = "Keep running: not enough data yet to compare " + variant + " with the control on " +
             WordsOf(p.metric) + " (each needs at least two units and a non-zero control value).";
  } else {
    j.text = "Keep running: " + variant + " changes " + EffectWithInterval(p, alpha) +
             ", not conclusive yet (" + p_text + ", needs < " + FormatNumber("%g", alpha) + ").";
  }
  return j;
}

void DecideVerdict(const ExperimentData& data, const AnalysisOptions& options, Analysis& a) {
  if (a.srm.mismatch) {
    a.verdict = "invalid";
    std::string counts;
    for (size_t i = 0; i < data.variants.size(); ++i) {
      counts += (i == 0 ? "" : ", ") + data.variants[i].name + " " +
                std::to_string(a.srm.observed[i]) + " units where " +
                FormatNumber("%.0f", a.srm.expected[i]) + " were expected";
    }
    a.verdict_text =
        "Invalid: the split between variants does not match their weights "
        "(sample-ratio mismatch, chi-square p = " +
        PValue(a.srm.p_value) + ": " + counts +
        "). Assignment or exposure logging is broken; fix it before reading any "
        "metric.";
    return;
  }
  std::vector<VariantJudgement> judgements;
  for (size_t v = 0; v < data.variants.size(); ++v) {
    if (static_cast<int32_t>(v) == data.control) continue;
    judgements.push_back(JudgeVariant(data.variants[v].name, a.metrics, options.alpha));
  }
  const VariantJudgement* best_ship = nullptr;
  bool all_rejected = true;
  for (const VariantJudgement& j : judgements) {
    if (j.call == VariantCall::kShip &&
        (best_ship == nullptr || j.primary->relative_lift > best_ship->primary->relative_lift)) {
      best_ship = &j;
    }
    all_rejected =
        all_rejected && (j.call == VariantCall::kWorse || j.call == VariantCall::kGuardrailWorse);
  }
  if (best_ship != nullptr) {
    a.verdict = "ship";
    a.verdict_text = best_ship->text;
    return;
  }
  a.verdict = all_rejected ? "do_not_ship" : "keep_running";
  a.verdict_text.clear();
  for (const VariantJudgement& j : judgements) {
    a.verdict_text += (a.verdict_text.empty() ? "" : " ") + j.text;
  }
}

}  // namespace

const std::vector<std::string>& KnownMetrics() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const MetricSpec& spec : kMetricSpecs) n.emplace_back(spec.name);
    return n;
  }();
  return names;
}

Result<Analysis> Analyze(const ExperimentData& data, const AnalysisOptions& options) {
  RETURN_IF_ERROR(CheckInput(data, options));
  ASSIGN_OR_RETURN(const std::vector<MetricRow> rows, MetricRows(options));

  Analysis a;
  a.units_per_variant.assign(data.variants.size(), 0);
  for (const UnitOutcome& u : data.units) ++a.units_per_variant[static_cast<size_t>(u.variant)];
  std::vector<double> weights;
  for (const VariantInfo& v : data.variants) weights.push_back(v.weight);
  const ChiSquareTest srm = ChiSquareGoodnessOfFit(a.units_per_variant, weights);
  a.srm.observed = a.units_per_variant;
  a.srm.expected = srm.expected;
  a.srm.chi_square = srm.chi_square;
  a.srm.p_value = srm.p_value;
  a.srm.mismatch = srm.p_value < kSrmAlpha;

  bool need_margin = false;
  for (const MetricRow& row : rows)
    need_margin = need_margin || row.spec->name == std::string("margin_per_visitor");
  const WinsorCaps caps = ComputeCaps(data.units, options.winsor_quantile, need_margin);
  const int32_t looks = std::max(1, data.days_running);
  for (const MetricRow& row : rows) AnalyzeMetric(data, options, row, caps, looks, a.metrics);

  std::vector<double> p_values;
  for (const MetricResult& r : a.metrics) p_values.push_back(r.p_value);
  const std::vector<double> adjusted = BenjaminiHochberg(p_values);
  for (size_t i = 0; i < a.metrics.size(); ++i) {
    a.metrics[i].p_value_adjusted = adjusted[i];
    a.metrics[i].significant = adjusted[i] < options.alpha;
  }
  DecideVerdict(data, options, a);
  return a;
}

}  // namespace mercato::experiment
