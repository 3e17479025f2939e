// Per-store hyper-parameter tuning by coordinate search on a validation split, under a budget.
#include "recommend/tuning.h"

#include <chrono>
#include <cstdio>
#include <type_traits>
#include <variant>

namespace mercato::recommend {
namespace {

constexpr std::string_view kSimilarityNames[] = {"jaccard", "lift", "cosine", "cooccurrence"};

// One tuned field of RecommendConfig and the values its grid tries (a Similarity by its enum
// value).
struct Param {
  std::string_view name;
  std::variant<int RecommendConfig::*, double RecommendConfig::*, Similarity RecommendConfig::*>
      field;
  std::vector<double> values;
};

struct ModelGrid {
  ModelKind model;
  std::vector<Param> params;
};

// The grids around the defaults of RecommendConfig (chosen on UCI Online Retail): each spans
// about an order of magnitude either side, a few points, so that a grid fits a budget of
// a minute on a store of UCI's size.
const std::vector<ModelGrid>& Grids() {
  using C = RecommendConfig;
  static const std::vector<ModelGrid> kGrids = {
      {ModelKind::kSar,
       {{"sar_similarity", &C::sar_similarity, {0, 1, 2, 3}},
        {"sar_half_life_days", &C::sar_half_life_days, {7, 30, 90, 365}}}},
      {ModelKind::kEase, {{"ease_lambda", &C::ease_lambda, {100, 250, 500, 1000, 2000}}}},
      {ModelKind::kAls,
       {{"als_factors", &C::als_factors, {32, 64, 128}},
        {"als_regularization", &C::als_regularization, {0.01, 0.05, 0.2}},
        {"als_alpha", &C::als_alpha, {1, 10, 40}},
        {"als_iterations", &C::als_iterations, {8, 15, 25}}}},
      {ModelKind::kBpr,
       {{"bpr_epochs", &C::bpr_epochs, {20, 50}},
        {"bpr_learning_rate", &C::bpr_learning_rate, {0.01, 0.05}},
        {"bpr_regularization", &C::bpr_regularization, {0.001, 0.01}}}},
  };
  return kGrids;
}

double Get(const RecommendConfig& c, const Param& p) {
  return std::visit(
      [&](auto field) -> double {
        if constexpr (std::is_enum_v<std::remove_cvref_t<decltype(c.*field)>>) {
          return static_cast<double>(static_cast<int>(c.*field));
        } else {
          return static_cast<double>(c.*field);
        }
      },
      p.field);
}

void Set(RecommendConfig& c, const Param& p, double value) {
  std::visit(
      [&](auto field) {
        using T = std::remove_reference_t<decltype(c.*field)>;
        if constexpr (std::is_enum_v<T>) {
          c.*field = static_cast<T>(static_cast<int>(value));
        } else {
          c.*field = static_cast<T>(value);
        }
      },
      p.field);
}

void Copy(RecommendConfig& to, const RecommendConfig& from, const Param& p) {
  Set(to, p, Get(from, p));
}

std::string Text(const RecommendConfig& c, const Param& p) {
  if (std::holds_alternative<Similarity RecommendConfig::*>(p.field)) {
    return std::string(kSimilarityNames[static_cast<size_t>(Get(c, p))]);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", Get(c, p));
  return buf;
}

}  // namespace

std::span<const ModelKind> TunedModels() {
  static constexpr ModelKind kModels[] = {ModelKind::kSar, ModelKind::kEase, ModelKind::kAls,
                                          ModelKind::kBpr};
  return kModels;
}

Result<Tuning> Tune(const Snapshot& window, const RecommendConfig& base,
                    const TuneOptions& options) {
  if (options.k <= 0) return InvalidArgument("the tuning's k must be positive");
  if (options.validation_days <= 0) {
    return InvalidArgument("the tuning's validation days must be positive");
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  Tuning tuning;
  tuning.validation_days = options.validation_days;
  tuning.k = options.k;
  tuning.budget_seconds = options.seconds;
  tuning.config = base;
  if (options.seconds <= 0) {
    tuning.skipped = "tuning turned off (a budget of 0 seconds): every model keeps its defaults";
    return tuning;
  }
  auto split = InMemoryTimeSplit(window, options.validation_days);
  if (!split.ok()) {
    if (split.status().code() != StatusCode::kInvalidArgument &&
        split.status().code() != StatusCode::kFailedPrecondition) {
      return split.status();
    }
    tuning.skipped =
        "no validation split (" + split.status().message() + "): every model keeps its defaults";
    return tuning;
  }
  tuning.split_at = split->train.until;
  tuning.validation_users = UsersEvaluated(*split);
  if (tuning.validation_users < options.min_users) {
    tuning.skipped = "only " + std::to_string(tuning.validation_users) +
                     " customers with a history bought new items in the training window's last " +
                     std::to_string(options.validation_days) + " days (at least " +
                     std::to_string(options.min_users) +
                     " needed to compare settings): every model keeps its defaults";
    return tuning;
  }
  const TrainInput input{split->train, split->item_texts};
  // Trains and measures `config` for `grid`'s model; false when it was not tried (the budget
  // is spent, or the data cannot train the model).
  auto attempt = [&](const ModelGrid& grid, const RecommendConfig& config) -> Result<bool> {
    if (elapsed() >= options.seconds) {
      tuning.budget_spent = true;
      return false;
    }
    const auto trial_start = std::chrono::steady_clock::now();
    auto model = Train(grid.model, input, config);
    if (!model.ok()) {
      if (model.status().code() == StatusCode::kFailedPrecondition) return false;
      return model.status();
    }
    TuningTrial trial;
    trial.model = grid.model;
    for (const Param& p : grid.params)
      trial.values.push_back({std::string(p.name), Text(config, p)});
    trial.metrics = Evaluate(**model, *split, options.k, EvalQuery::kUser);
    trial.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - trial_start).count();
    tuning.trials.push_back(std::move(trial));
    return true;
  };
  for (const ModelGrid& grid : Grids()) {
    RecommendConfig best = base;
    ASSIGN_OR_RETURN(const bool tried, attempt(grid, best));
    if (!tried) continue;
    size_t best_trial = tuning.trials.size() - 1;
    for (const Param& p : grid.params) {
      const double current = Get(best, p);
      for (double value : p.values) {
        if (value == current) continue;
        RecommendConfig candidate = best;
        Set(candidate, p, value);
        ASSIGN_OR_RETURN(const bool measured, attempt(grid, candidate));
        if (!measured) continue;
        if (RanksAbove(tuning.trials.back().metrics, tuning.trials[best_trial].metrics)) {
          best = candidate;
          best_trial = tuning.trials.size() - 1;
        }
      }
    }
    tuning.chosen.push_back(best_trial);
    for (const Param& p : grid.params) Copy(tuning.config, best, p);
  }
  tuning.seconds = elapsed();
  return tuning;
}

}  // namespace mercato::recommend
