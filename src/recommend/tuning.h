// Per-store hyper-parameter tuning: each model's few parameters chosen on a validation split
// carved from the end of a training window, under a wall-clock budget, starting from the defaults.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "recommend/evaluation.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

struct TuneOptions {
  int validation_days = 30;  // the training window's last days the settings are measured on
  int k = 10;                // list length of the figures
  /// Fewer customers with validation purchases than this keep the defaults (too few to compare).
  int64_t min_users = 50;
  /// Wall-clock budget: no setting is tried once this much time has passed since the start;
  /// 0 or less turns tuning off (every model keeps its defaults).
  double seconds = 60;
};

/// A parameter of a tried setting: its RecommendConfig field name and its value as text
/// ("64", "0.05", "lift").
struct TunedValue {
  std::string name;
  std::string value;
};

/// One setting of one model measured on the validation split.
struct TuningTrial {
  ModelKind model = ModelKind::kAls;
  std::vector<TunedValue> values;  // every tuned parameter of the model, in the grid's order
  Metrics metrics;                 // at options.k, on the user surface's question (ForUser)
  double seconds = 0;              // training and measuring it
};

/// The record of a tuning run.
struct Tuning {
  /// Why every model kept its defaults (tuning off, no split, too few validation customers);
  /// empty when settings were measured.
  std::string skipped;
  int validation_days = 30;
  int k = 10;
  double budget_seconds = 0;
  std::optional<Timestamp> split_at;  // the window's data before it trained, after it measured
  int64_t validation_users = 0;       // customers with history and validation purchases
  bool budget_spent = false;          // the grid was cut: some settings were not tried
  double seconds = 0;
  std::vector<TuningTrial> trials;  // in the order tried; each model's defaults first
  /// Per tuned model that was tried, the index in `trials` of its best setting (highest
  /// recall@k, then NDCG@k; a tie keeps the one tried first, the defaults before any other).
  std::vector<size_t> chosen;
  RecommendConfig config;  // the base configuration with every chosen setting applied
};

/// The models tuned, in the order their grids are tried (cheapest first): SAR (similarity,
/// half-life), EASE (lambda), ALS (factors, regularization, alpha, iterations), BPR (epochs,
/// learning rate, regularization).
std::span<const ModelKind> TunedModels();

/// Tunes on `window` (a snapshot of the training window only: the caller leaves out any
/// evaluation holdout): splits off its last options.validation_days (InMemoryTimeSplit), then per
/// model in TunedModels() order measures the defaults of `base`, then moves one parameter at a
/// time over its grid, keeping each value that beats the best so far (coordinate search). Stops
/// trying settings once options.seconds have passed; the models not reached keep `base`. A window
/// too short to split, or with fewer than options.min_users validation customers, keeps `base`
/// and says why in `skipped`. A setting a model cannot train on (FailedPrecondition) is left out;
/// other training failures are errors, and so are options.k <= 0 or validation_days <= 0.
Result<Tuning> Tune(const Snapshot& window, const RecommendConfig& base,
                    const TuneOptions& options);

}  // namespace mercato::recommend
