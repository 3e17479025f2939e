// Own-price elasticities: a log-log demand model fitted per series (Poisson quasi-likelihood, so
// periods without sales count), shrunk series -> group -> all by empirical Bayes, with intervals.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "pricing/price_panel.h"

namespace mercato::pricing {

struct ElasticityOptions {
  /// Nominal coverage of every interval, in (0, 1).
  double interval = 0.9;
  /// A series gets an estimate of its own only with at least this many price changes (periods
  /// whose price differs from the previous observed period's by more than 1%) ...
  int min_price_changes = 1;
  /// ... and at least this many observed periods beyond the model's coefficients.
  int min_residual_dof = 4;
  /// The store's daily estimator (pricing/event_elasticity.h) reads the days within this many
  /// days of each of a product's price changes.
  int event_window_days = 28;
};

/// The fit of one series' own model.
struct SeriesFit {
  /// False when the series has too little data or price variation for a model of its own; it is
  /// then pooled (`reason` says why).
  bool estimated = false;
  std::string reason;
  double elasticity = 0;  // the coefficient of log(price)
  double se = 0;          // its standard error (quasi-Poisson, dispersion at least 1)
  int n_obs = 0;
  int n_price_changes = 0;
  /// The cross-price elasticity: the coefficient of "log_category_price" (the series' category
  /// price index, pricing/cross_price.h) and its standard error, when the model has that term.
  bool cross_estimated = false;
  double cross_elasticity = 0, cross_se = 0;
  /// The model's terms, in order: "intercept", "log_price", then those that vary (and are not
  /// collinear with the earlier ones) among "log_category_price", "promo", "feature", each
  /// covariate, "trend", "season_sin", "season_cos".
  std::vector<std::string> terms;
  std::vector<double> coefficients;
};

/// Fits log E[units] = b0 + e·log(price) + the varying terms listed in SeriesFit::terms (the
/// category price index from series.category_price when it has one), by
/// iteratively reweighted least squares (Poisson quasi-likelihood). Seasonality (one annual
/// harmonic on 52.1775-period years) enters only for series spanning at least a year; a linear
/// trend for series spanning at least 8 periods. Never fails: a series that cannot be fitted
/// (no positive units, no price variation, collinear terms, too few periods) has estimated =
/// false and a reason; so does one whose likelihood has no finite maximum (a term separating
/// weeks without sales: a fitted weekly mean below 1e-6). Input values must be finite, prices > 0
/// and units >= 0 (what the panel readers check).
SeriesFit FitSeries(const PriceSeries& series, const std::vector<std::string>& covariate_names,
                    const ElasticityOptions& options);

/// An estimate after shrinkage with its interval.
struct Estimate {
  double elasticity = 0, ci_low = 0, ci_high = 0;
  double sd = 0;  // posterior standard deviation
};

struct SeriesElasticity {
  Estimate estimate;
  SeriesFit fit;
  /// The panel's series level ("product": its own fit, shrunk), group level ("category": the
  /// group's, when the series has no fit of its own) or top level ("store": the overall one,
  /// when its group has no estimate either).
  std::string pooling;
  /// The weight of the series' own estimate in `estimate`: tau^2 / (tau^2 + se^2); 0 when pooled.
  double weight = 0;
};

struct GroupElasticity {
  std::string name;
  Estimate estimate;
  int n_series = 0, n_estimated = 0;
  /// The weight of the group's own random-effects mean in `estimate`; 0 without estimates.
  double weight = 0;
};

struct ElasticityReport {
  double interval = 0.9;
  std::string series_level, group_level, top_level;
  std::vector<SeriesElasticity> series;  // as panel.series
  std::vector<GroupElasticity> groups;   // as panel.groups
  Estimate overall;
  /// Between-series variance within groups and between-group variance (DerSimonian–Laird).
  double tau2_series = 0, tau2_groups = 0;
  int n_estimated = 0;
};

/// Fits every series (FitSeries) and shrinks the fits (ShrinkElasticities).
Result<ElasticityReport> EstimateElasticities(const PricePanel& panel,
                                              const ElasticityOptions& options);

/// Shrinks the fits (one per panel.series, in order; only their estimated, elasticity, se are
/// read): the between-series variance within groups tau2_series and the between-group variance
/// tau2_groups by DerSimonian–Laird; each group's random-effects mean m_g (variance V_g) shrunk
/// toward the overall mean M (variance V) with weight w_g = tau2_groups / (tau2_groups + V_g);
/// each fitted series' estimate b (variance s^2) shrunk toward its group's posterior (mean m,
/// variance v) with weight w = tau2_series / (tau2_series + s^2): mean w·b + (1 − w)·m, variance
/// w·s^2 + (1 − w)^2·v. A series without a fit gets its group's posterior widened by
/// tau2_series (a new member's spread); a group without fits the overall mean widened by
/// tau2_groups. Intervals are mean ± z·sd with z the normal quantile of (1 + interval) / 2.
/// InvalidArgument for an interval outside (0, 1), a fit count unlike the series count or a
/// series naming a group the panel does not have; FailedPrecondition when no series has a fit
/// (nothing to pool from).
Result<ElasticityReport> ShrinkElasticities(const PricePanel& panel, std::vector<SeriesFit> fits,
                                            const ElasticityOptions& options);

}  // namespace mercato::pricing
