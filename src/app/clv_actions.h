// CLV actions: fit the buy-till-you-die models (BG/NBD, MBG/NBD, Pareto/NBD) and Gamma-Gamma on
// a customer summary file or on the store's purchases, evaluate them on a holdout after a
// calibration end, and predict each customer's P(alive), expected purchases and CLV.
// `mercato clv fit|predict` call these.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/option_doc.h"
#include "common/status.h"
#include "customers/btyd_model.h"
#include "customers/gamma_gamma.h"
#include "customers/holdout_evaluation.h"
#include "customers/model_gate.h"
#include "customers/purchase_summaries.h"
#include "customers/summary.h"

namespace mercato::app {

struct ClvOptions {
  std::string summary;          // a CSV of frequency,recency,T[,monetary_value], or
  std::string db;               // a store to summarize (purchases are days with an order; weeks)
  std::string calibration_end;  // with db: fit up to this date, evaluate on the rest
  /// Pareto/NBD is selectable but not fitted by default: its likelihood (a 2F1 per customer per
  /// step, derivative-free Nelder–Mead with restarts) took 2 min of CPU on a 110-customer store
  /// and ran into its bounds there; the beta-geometric fits take milliseconds (bench/REPORT.md).
  std::vector<std::string> models{"bgnbd", "mbgnbd"};
  double l2 = 0.0;  // L2 penalty on the log-parameters
};

/// The fitting options a user sets besides the data: calibration_end, models, l2.
std::span<const OptionDoc<ClvOptions>> ClvOptionDocs();

struct FittedBtyd {
  customers::BtydModel model;
  std::optional<customers::HoldoutEvaluation> holdout;  // with a calibration end
};

struct ClvFit {
  std::vector<customers::CustomerSummary> summaries;
  std::string time_unit;         // "weeks" for a store, "the file's" for a summary file
  std::vector<FittedBtyd> btyd;  // in the order the models were asked
  std::optional<customers::GammaGammaFit> gamma_gamma;  // when monetary values are known
  /// From a store only: the calibration end and the holdout purchases.
  std::optional<customers::PurchaseSummaries> store_summaries;
  /// The minimum-data gate on the summaries (the time requirements only for a store, whose unit
  /// is known): when it fails, the fits are reported but not to be trusted.
  customers::ModelDataCheck data_check;
};

/// Fits every model asked for; each is evaluated on the holdout when there is one. A fit on a
/// parameter bound is marked degenerate (not converged) with a warning.
Result<ClvFit> FitClv(const ClvOptions& options);

struct PredictClvOptions {
  ClvOptions fit;
  double horizon = 39;         // periods ahead, in the data's time unit
  double discount_rate = 0.0;  // per time unit, for the CLV
};

/// The prediction's own options: horizon, discount_rate.
std::span<const OptionDoc<PredictClvOptions>> PredictClvOptionDocs();

struct CustomerClv {
  std::string id;
  /// Per fitted model, in the fit's order.
  std::vector<double> p_alive, expected_purchases;
  /// With a spend model: expected spend per purchase and the discounted CLV of the first model.
  std::optional<double> expected_spend, clv;
};

struct ClvPrediction {
  std::vector<customers::BtydKind> models;  // the fit's order
  std::vector<CustomerClv> customers;       // the summaries' order
  /// Why the predictions are not to be trusted, one sentence each: the data fail the
  /// minimum-data gate (saying what is missing), a fit is degenerate. Empty when they hold.
  std::vector<std::string> warnings;
};

/// Fits the models and predicts every customer over the horizon, with the model's figures even
/// where the data fail the gate (this is the models' own view; `customers` falls back to the
/// empirical estimate there) and a warning saying so.
Result<ClvPrediction> PredictClv(const PredictClvOptions& options);

}  // namespace mercato::app
