// The global gradient-boosted demand model and the backtest-weighted ensemble with the local
// per-class model.
#include "forecast/global_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/time.h"
#include "forecast/parallel_for.h"
#include "numeric/boosted_trees.h"

namespace mercato::forecast {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int kLags = 8;
constexpr double kWeights[] = {0.0, 0.25, 0.5, 0.75, 1.0};

// Value of series s at panel period p (NaN when censored or outside the series).
double At(const DemandSeries& s, int64_t p) {
  if (p < s.first) return std::numeric_limits<double>::quiet_NaN();
  const size_t t = static_cast<size_t>(p - s.first);
  return t < s.sales.size() ? s.sales[t] : std::numeric_limits<double>::quiet_NaN();
}

// Mean of the observed values of s in [from, to); NaN when none.
double WindowMean(const DemandSeries& s, int64_t from, int64_t to) {
  double sum = 0;
  int n = 0;
  for (int64_t p = std::max(from, s.first); p < to; ++p) {
    const double v = At(s, p);
    if (!std::isnan(v)) sum += v, ++n;
  }
  return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
}

float Scaled(double v, double scale) { return static_cast<float>(v / scale); }

// Builds feature rows: a per-(series, origin) part and a per-step part.
class FeatureBuilder {
 public:
  FeatureBuilder(const DemandPanel& panel, const PanelCovariates* cov) : panel_(panel), cov_(cov) {
    const int64_t end = cov != nullptr ? std::max(cov->end, panel.end) : panel.end;
    total_.assign(static_cast<size_t>(end - panel.first), 0.0);
    for (const DemandSeries& s : panel.series) {
      for (size_t t = 0; t < s.sales.size(); ++t) {
        if (!std::isnan(s.sales[t]))
          total_[static_cast<size_t>(s.first - panel.first) + t] += s.sales[t];
      }
    }
    names_ = {"log_scale", "history",        "mean4",     "mean13",     "mean26",    "median4",
              "max13",     "std13",          "nonzero13", "since_sale", "adi",       "cv2",
              "returns13", "store_momentum", "price_rel", "log_price",  "promo_last"};
    for (int l = 1; l <= kLags; ++l) names_.push_back("lag" + std::to_string(l));
    base_cols_ = names_.size();
    for (const char* n :
         {"step", "week_of_year", "month", "weekday", "holidays", "holidays_next", "holidays_prev",
          "promo", "same_period_last_year", "store_same_period_last_year"}) {
      names_.emplace_back(n);
    }
    if (cov != nullptr) {
      for (const std::string& n : cov->extra_names) names_.push_back("csv:" + n);
    }
  }

  const std::vector<std::string>& names() const { return names_; }
  size_t cols() const { return names_.size(); }

  // Scale of series s at origin o (mean of its last 13 observed periods, else of all, else 1);
  // 0 when it has fewer than min_history observed periods before o.
  double Scale(const DemandSeries& s, int64_t o, int min_history) const {
    if (o <= s.first) return 0;
    const std::vector<double> obs = Observed(s.sales, static_cast<size_t>(o - s.first));
    if (static_cast<int>(obs.size()) < min_history) return 0;
    double recent = 0, all = 0;
    const size_t k = std::min<size_t>(13, obs.size());
    for (size_t i = obs.size() - k; i < obs.size(); ++i) recent += obs[i];
    for (double v : obs) all += v;
    if (recent > 0) return recent / static_cast<double>(k);
    if (all > 0) return all / static_cast<double>(obs.size());
    return 1.0;
  }

  // Per-(series, origin) features of series i at origin o with scale `scale`.
  void Base(size_t i, int64_t o, double scale, std::vector<float>& out) const {
    const DemandSeries& s = panel_.series[i];
    const std::vector<double> obs = Observed(s.sales, static_cast<size_t>(o - s.first));
    out.clear();
    out.push_back(static_cast<float>(std::log(scale)));
    out.push_back(static_cast<float>(o - s.first));
    out.push_back(Scaled(WindowMean(s, o - 4, o), scale));
    out.push_back(Scaled(WindowMean(s, o - 13, o), scale));
    out.push_back(Scaled(WindowMean(s, o - 26, o), scale));
    std::vector<double> last4(obs.end() - std::min<std::ptrdiff_t>(4, std::ssize(obs)), obs.end());
    std::sort(last4.begin(), last4.end());
    const size_t m = last4.size();
    out.push_back(Scaled(m % 2 ? last4[m / 2] : (last4[m / 2 - 1] + last4[m / 2]) / 2, scale));
    const size_t k = std::min<size_t>(13, obs.size());
    double mx = 0, sum = 0, sq = 0, nonzero = 0;
    for (size_t j = obs.size() - k; j < obs.size(); ++j) {
      mx = std::max(mx, obs[j]);
      sum += obs[j];
      sq += obs[j] * obs[j];
      nonzero += obs[j] > 0;
    }
    const double mean = sum / static_cast<double>(k);
    out.push_back(Scaled(mx, scale));
    out.push_back(
        Scaled(std::sqrt(std::max(0.0, sq / static_cast<double>(k) - mean * mean)), scale));
    out.push_back(static_cast<float>(nonzero / static_cast<double>(k)));
    int since = 0;
    for (size_t j = obs.size(); j-- > 0 && obs[j] == 0;) ++since;
    out.push_back(static_cast<float>(since));
    const DemandProfile profile = ClassifyDemand(obs);
    out.push_back(static_cast<float>(std::min(profile.adi, 100.0)));
    out.push_back(static_cast<float>(profile.cv2));
    double returned = 0;
    for (int64_t p = std::max(o - 13, s.first); p < o; ++p) {
      returned += s.returns[static_cast<size_t>(p - s.first)];
    }
    out.push_back(Scaled(returned, scale * 13));
    const double store_recent = TotalMean(o - 4, o), store_base = TotalMean(o - 13, o);
    out.push_back(store_base > 0 ? static_cast<float>(store_recent / store_base) : kNaN);
    // Price: the latest observed price against the series' mean price, and its level.
    float last_price = kNaN, promo_last = kNaN;
    double price_sum = 0;
    int price_n = 0;
    if (cov_ != nullptr) {
      for (int64_t p = s.first; p < o; ++p) {
        const int64_t idx = cov_->Index(p);
        if (idx < 0) continue;
        const float v = cov_->price[i][static_cast<size_t>(idx)];
        if (std::isnan(v)) continue;
        last_price = v;
        price_sum += v;
        ++price_n;
      }
      const int64_t idx = cov_->Index(o - 1);
      if (idx >= 0) promo_last = cov_->promo[i][static_cast<size_t>(idx)];
    }
    out.push_back(price_n > 0 ? static_cast<float>(last_price / (price_sum / price_n)) : kNaN);
    out.push_back(price_n > 0 ? static_cast<float>(std::log(std::max(last_price, 1e-3f))) : kNaN);
    out.push_back(promo_last);
    for (int l = 1; l <= kLags; ++l) out.push_back(Scaled(At(s, o - l), scale));
  }

  // Appends the features of step k (1-based) from origin o to the base features in `row`.
  void Step(size_t i, int64_t o, int k, double scale, std::vector<float>& row) const {
    const DemandSeries& s = panel_.series[i];
    const int64_t t = o + k - 1;
    row.resize(base_cols_);
    row.push_back(static_cast<float>(k));
    const int64_t day = DayOf(PeriodStart(panel_.period, t));
    const CivilDate date = CivilFromDays(day);
    row.push_back(static_cast<float>((day - DaysFromCivil(date.year, 1, 1)) / 7 + 1));
    row.push_back(static_cast<float>(date.month));
    row.push_back(static_cast<float>(((day % 7) + 10) % 7));
    auto cov_at = [&](const std::vector<float>& v, int64_t p) {
      const int64_t idx = cov_ != nullptr ? cov_->Index(p) : -1;
      return idx >= 0 ? v[static_cast<size_t>(idx)] : kNaN;
    };
    if (cov_ != nullptr) {
      row.push_back(cov_at(cov_->holidays, t));
      row.push_back(cov_at(cov_->holidays, t + 1));
      row.push_back(cov_at(cov_->holidays, t - 1));
      row.push_back(cov_at(cov_->promo[i], t));
    } else {
      row.insert(row.end(), 4, kNaN);
    }
    const int64_t year = panel_.period == Period::kWeek ? 52 : 364;
    row.push_back(t - year < o ? Scaled(At(s, t - year), scale) : kNaN);
    const double store_then = TotalMean(t - year, t - year + 1), store_now = TotalMean(o - 4, o),
                 store_before = TotalMean(o - 4 - year, o - year);
    row.push_back(t - year < o && store_before > 0 && store_now > 0
                      ? static_cast<float>(store_then / store_before)
                      : kNaN);
    if (cov_ != nullptr) {
      for (const auto& name : cov_->extra) row.push_back(cov_at(name[i], t));
    }
  }

 private:
  // Mean total demand of the panel over [from, to) ∩ the panel's past; 0 when empty.
  double TotalMean(int64_t from, int64_t to) const {
    double sum = 0;
    int n = 0;
    for (int64_t p = std::max(from, panel_.first); p < std::min(to, panel_.end); ++p) {
      sum += total_[static_cast<size_t>(p - panel_.first)];
      ++n;
    }
    return n > 0 ? sum / n : 0;
  }

  const DemandPanel& panel_;
  const PanelCovariates* cov_;
  std::vector<double> total_;
  std::vector<std::string> names_;
  size_t base_cols_ = 0;
};

// One fit: trains on examples whose targets lie before `cutoff` and forecasts every series
// from `cutoff` (mean per series; empty when the series has too little history).
struct Fit {
  std::vector<std::vector<double>> mean;
  std::vector<double> gain;
};

Result<Fit> FitAndForecast(const DemandPanel& panel, const FeatureBuilder& fb, int64_t cutoff,
                           int h, const GlobalModelSettings& g) {
  const size_t n = panel.series.size(), cols = fb.cols();
  // Training rows, built per series in parallel and concatenated in series order.
  std::vector<std::vector<float>> xs(n), ys(n), ws(n);
  const int64_t from = std::max(panel.first + 1, cutoff - g.train_origins);
  ParallelFor(n, g.threads, [&](size_t i) {
    const DemandSeries& s = panel.series[i];
    std::vector<float> row;
    for (int64_t o = from; o < cutoff; ++o) {
      const double scale = fb.Scale(s, o, g.min_history);
      if (scale <= 0) continue;
      fb.Base(i, o, scale, row);
      for (int k = 1; k <= h && o + k - 1 < cutoff; ++k) {
        const double y = At(s, o + k - 1);
        if (std::isnan(y)) continue;
        fb.Step(i, o, k, scale, row);
        xs[i].insert(xs[i].end(), row.begin(), row.end());
        ys[i].push_back(static_cast<float>(std::log1p(y / scale)));
        ws[i].push_back(static_cast<float>(scale));
      }
    }
  });
  std::vector<float> x, y, w;
  for (size_t i = 0; i < n; ++i) {
    x.insert(x.end(), xs[i].begin(), xs[i].end());
    y.insert(y.end(), ys[i].begin(), ys[i].end());
    w.insert(w.end(), ws[i].begin(), ws[i].end());
    std::vector<float>().swap(xs[i]);
  }
  if (y.empty()) {
    return InvalidArgument("the global model has no training example before period " +
                           FormatDay(DayOf(PeriodStart(panel.period, cutoff))));
  }
  BoostedTreesParams params;
  params.objective = BoostedObjective::kSquaredError;
  params.rounds = g.rounds;
  params.max_depth = g.max_depth;
  params.eta = g.eta;
  params.seed = g.seed;
  params.nthread = std::max(1, g.threads);
  params.min_child_weight = 1.0;
  ASSIGN_OR_RETURN(BoostedTrees model,
                   BoostedTrees::Train(FeatureMatrix{x, y.size(), cols}, y, w, params));
  // Forecast rows.
  std::vector<float> px;
  std::vector<std::pair<size_t, double>> owners;  // series, scale per block of h rows
  std::vector<float> row;
  for (size_t i = 0; i < n; ++i) {
    const double scale = fb.Scale(panel.series[i], cutoff, g.min_history);
    if (scale <= 0) continue;
    fb.Base(i, cutoff, scale, row);
    for (int k = 1; k <= h; ++k) {
      fb.Step(i, cutoff, k, scale, row);
      px.insert(px.end(), row.begin(), row.end());
    }
    owners.emplace_back(i, scale);
  }
  Fit fit;
  fit.mean.assign(n, {});
  if (!owners.empty()) {
    ASSIGN_OR_RETURN(std::vector<float> pred,
                     model.Predict(FeatureMatrix{px, owners.size() * size_t(h), cols}));
    for (size_t b = 0; b < owners.size(); ++b) {
      auto& f = fit.mean[owners[b].first];
      for (int k = 0; k < h; ++k) {
        const double v = std::expm1(double(pred[b * size_t(h) + size_t(k)])) * owners[b].second;
        f.push_back(std::isfinite(v) ? std::max(v, 0.0) : 0.0);
      }
    }
  }
  ASSIGN_OR_RETURN(fit.gain, model.FeatureGain());
  return fit;
}

// Adds P50/P90/P95 to f.mean from the errors (actual − forecast) `errors`.
void AddQuantiles(std::vector<double> errors, DemandForecast& f) {
  const double q50 = EmpiricalQuantile(errors, 0.5), q90 = EmpiricalQuantile(errors, 0.9),
               q95 = EmpiricalQuantile(errors, 0.95);
  f.p50.clear();
  f.p90.clear();
  f.p95.clear();
  for (double m : f.mean) {
    f.p50.push_back(std::max(0.0, m + q50));
    f.p90.push_back(std::max(0.0, m + q90));
    f.p95.push_back(std::max(0.0, m + q95));
  }
}

}  // namespace

Result<GlobalForecasts> ForecastGlobal(const DemandPanel& panel, const PanelCovariates* covariates,
                                       int64_t origin, const DemandForecastSettings& settings,
                                       const GlobalModelSettings& global) {
  const int h = settings.horizon;
  if (h < 1) return InvalidArgument("horizon must be at least 1");
  if (origin <= panel.first || origin > panel.end) {
    return InvalidArgument("the forecast origin lies outside the panel");
  }
  if (global.rounds < 1 || global.max_depth < 1 || global.train_origins < 1 ||
      global.min_history < 1 || !(global.eta > 0 && global.eta <= 1)) {
    return InvalidArgument(
        "global model: rounds, depth, training origins and minimum history "
        "must be at least 1 and eta in (0, 1]");
  }
  if (covariates != nullptr && (covariates->first > panel.first || covariates->end < origin + h ||
                                covariates->price.size() != panel.series.size())) {
    return InvalidArgument("global model: the covariates do not span the panel and horizon");
  }
  const FeatureBuilder fb(panel, covariates);
  ASSIGN_OR_RETURN(Fit final_fit, FitAndForecast(panel, fb, origin, h, global));
  // The validation fit, when the panel is long enough to train before origin − h.
  const int64_t validation = origin - h;
  Fit val_fit;
  if (validation > panel.first + global.min_history) {
    Result<Fit> fit = FitAndForecast(panel, fb, validation, h, global);
    if (fit.ok()) val_fit = std::move(fit).value();
  }
  const size_t n = panel.series.size();
  GlobalForecasts out;
  out.global.resize(n);
  out.ensemble.resize(n);
  // Per series: the local class model at the validation origin and at the origin, and the
  // validation actuals.
  struct Local {
    DemandForecast val, now;
    std::vector<double> actual;
    DemandClass cls = DemandClass::kSmooth;
  };
  std::vector<Local> local(n);
  ParallelFor(n, global.threads, [&](size_t i) {
    const DemandSeries& s = panel.series[i];
    Local& l = local[i];
    const std::vector<double> history =
        origin > s.first ? Observed(s.sales, static_cast<size_t>(origin - s.first))
                         : std::vector<double>{};
    l.now = ForecastDemand(history, "class", settings).value();
    l.cls = l.now.demand_class;
    if (validation > s.first) {
      l.val = ForecastDemand(Observed(s.sales, static_cast<size_t>(validation - s.first)), "class",
                             settings)
                  .value();
      for (int k = 0; k < h; ++k) l.actual.push_back(At(s, validation + k));
    }
  });
  // Ensemble weight per class: the grid weight with the least pooled validation error.
  std::map<DemandClass, std::vector<double>> loss;
  for (size_t i = 0; i < n; ++i) {
    const Local& l = local[i];
    if (l.actual.empty() || val_fit.mean.empty() || val_fit.mean[i].empty()) continue;
    auto& slot = loss[l.cls];
    slot.resize(std::size(kWeights), 0.0);
    for (size_t k = 0; k < l.actual.size(); ++k) {
      if (std::isnan(l.actual[k])) continue;
      for (size_t w = 0; w < std::size(kWeights); ++w) {
        const double f = kWeights[w] * val_fit.mean[i][k] + (1 - kWeights[w]) * l.val.mean[k];
        slot[w] += std::abs(l.actual[k] - f);
      }
    }
  }
  std::map<DemandClass, double> weight;
  for (DemandClass c : {DemandClass::kSmooth, DemandClass::kErratic, DemandClass::kIntermittent,
                        DemandClass::kLumpy}) {
    double w = 0.5;
    if (auto it = loss.find(c); it != loss.end()) {
      w = kWeights[std::min_element(it->second.begin(), it->second.end()) - it->second.begin()];
    }
    weight[c] = w;
    out.weights[std::string(DemandClassName(c))] = w;
  }
  for (size_t i = 0; i < n; ++i) {
    const Local& l = local[i];
    DemandForecast& g = out.global[i];
    DemandForecast& e = out.ensemble[i];
    g.demand_class = e.demand_class = l.cls;
    const bool has_val = !l.actual.empty() && !val_fit.mean.empty() && !val_fit.mean[i].empty();
    std::vector<double> g_err, e_err;
    const double w = weight[l.cls];
    if (has_val) {
      for (size_t k = 0; k < l.actual.size(); ++k) {
        if (std::isnan(l.actual[k])) continue;
        g_err.push_back(l.actual[k] - val_fit.mean[i][k]);
        e_err.push_back(l.actual[k] - (w * val_fit.mean[i][k] + (1 - w) * l.val.mean[k]));
      }
    }
    if (final_fit.mean[i].empty()) {
      g = l.now;
      e = l.now;
      continue;
    }
    g.model = "global";
    g.mean = final_fit.mean[i];
    AddQuantiles(g_err, g);
    e.model = w == 1.0 ? "global" : w == 0.0 ? l.now.model : "global+" + l.now.model;
    for (int k = 0; k < h; ++k) {
      e.mean.push_back(w * g.mean[size_t(k)] + (1 - w) * l.now.mean[size_t(k)]);
    }
    if (has_val) {
      AddQuantiles(e_err, e);
    } else {
      e.p50 = l.now.p50, e.p90 = l.now.p90, e.p95 = l.now.p95;
    }
  }
  for (size_t c = 0; c < fb.cols() && c < final_fit.gain.size(); ++c) {
    out.gain.emplace_back(fb.names()[c], final_fit.gain[c]);
  }
  return out;
}

}  // namespace mercato::forecast
