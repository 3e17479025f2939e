// Boosted trees over XGBoost's C API: every XGBoost call is checked and its error becomes a
// Status; handles are owned by unique_ptrs.
#include "numeric/boosted_trees.h"

#include <xgboost/c_api.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <mutex>

namespace mercato {
namespace {

/// Internal error carrying XGBoost's message when `rc` reports a failure.
Status Check(int rc, const char* what) {
  if (rc == 0) return Status::Ok();
  return Internal(std::string("xgboost: ") + what + ": " + XGBGetLastError());
}

/// XGBoost logs through stdout by default; mercato's output is its own, so keep it quiet.
void SilenceXgboostOnce() {
  static std::once_flag once;
  std::call_once(once, [] { XGBSetGlobalConfig(R"({"verbosity": 0})"); });
}

struct DMatrixDeleter {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

Status CheckShape(const FeatureMatrix& x) {
  if (x.rows == 0 || x.cols == 0)
    return InvalidArgument("boosted trees: the feature matrix is empty");
  if (x.values.size() != x.rows * x.cols) {
    return InvalidArgument("boosted trees: the feature matrix has " +
                           std::to_string(x.values.size()) + " values, expected rows x cols = " +
                           std::to_string(x.rows) + " x " + std::to_string(x.cols));
  }
  return Status::Ok();
}

Result<DMatrixPtr> MakeDMatrix(const FeatureMatrix& x, int nthread) {
  RETURN_IF_ERROR(CheckShape(x));
  DMatrixHandle handle = nullptr;
  RETURN_IF_ERROR(
      Check(XGDMatrixCreateFromMat_omp(x.values.data(), x.rows, x.cols,
                                       std::numeric_limits<float>::quiet_NaN(), &handle, nthread),
            "creating the feature matrix"));
  return DMatrixPtr(handle);
}

Status CheckParams(const BoostedTreesParams& p) {
  auto in_unit = [](double v) { return v > 0.0 && v <= 1.0; };
  if (p.rounds < 1) return InvalidArgument("boosted trees: rounds must be >= 1");
  if (p.max_depth < 1) return InvalidArgument("boosted trees: max_depth must be >= 1");
  if (!in_unit(p.eta)) return InvalidArgument("boosted trees: eta must be in (0, 1]");
  if (!in_unit(p.subsample)) return InvalidArgument("boosted trees: subsample must be in (0, 1]");
  if (!in_unit(p.colsample)) return InvalidArgument("boosted trees: colsample must be in (0, 1]");
  if (!(p.min_child_weight >= 0.0) || !std::isfinite(p.min_child_weight)) {
    return InvalidArgument("boosted trees: min_child_weight must be finite and >= 0");
  }
  if (!(p.lambda >= 0.0) || !std::isfinite(p.lambda)) {
    return InvalidArgument("boosted trees: lambda must be finite and >= 0");
  }
  if (p.nthread < 1) return InvalidArgument("boosted trees: nthread must be >= 1");
  return Status::Ok();
}

Status CheckLabels(std::span<const float> labels, std::span<const float> weights, size_t rows,
                   BoostedObjective objective) {
  if (labels.size() != rows) {
    return InvalidArgument("boosted trees: " + std::to_string(labels.size()) + " labels for " +
                           std::to_string(rows) + " rows");
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    const float y = labels[i];
    bool ok = std::isfinite(y);
    std::string expected = "a finite value";
    if (objective == BoostedObjective::kBinaryLogistic) {
      ok = y >= 0.0f && y <= 1.0f;
      expected = "a value in [0, 1]";
    } else if (objective == BoostedObjective::kRankNdcg) {
      ok = y >= 0.0f && y <= 31.0f;
      expected = "a relevance grade in [0, 31]";
    }
    if (!ok) {
      return InvalidArgument("boosted trees: label of row " + std::to_string(i) + " is " +
                             std::to_string(y) + ", expected " + expected);
    }
  }
  if (!weights.empty() && weights.size() != rows) {
    return InvalidArgument("boosted trees: " + std::to_string(weights.size()) + " weights for " +
                           std::to_string(rows) + " rows");
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] >= 0.0f) || !std::isfinite(weights[i])) {
      return InvalidArgument("boosted trees: weight of row " + std::to_string(i) +
                             " must be finite and >= 0");
    }
  }
  return Status::Ok();
}

Status CheckGroups(std::span<const uint32_t> group_sizes, std::span<const float> weights,
                   size_t rows, BoostedObjective objective) {
  if (objective != BoostedObjective::kRankNdcg) {
    if (!group_sizes.empty()) {
      return InvalidArgument("boosted trees: groups are for the ranking objective only");
    }
    return Status::Ok();
  }
  if (!weights.empty()) {
    return InvalidArgument("boosted trees: the ranking objective takes no row weights");
  }
  if (group_sizes.empty()) {
    return InvalidArgument("boosted trees: the ranking objective needs the rows' groups");
  }
  size_t total = 0;
  for (size_t g = 0; g < group_sizes.size(); ++g) {
    if (group_sizes[g] == 0) {
      return InvalidArgument("boosted trees: group " + std::to_string(g) + " is empty");
    }
    total += group_sizes[g];
  }
  if (total != rows) {
    return InvalidArgument("boosted trees: the groups hold " + std::to_string(total) +
                           " rows, the feature matrix " + std::to_string(rows));
  }
  return Status::Ok();
}

const char* ObjectiveName(BoostedObjective objective) {
  switch (objective) {
    case BoostedObjective::kBinaryLogistic:
      return "binary:logistic";
    case BoostedObjective::kSquaredError:
      return "reg:squarederror";
    case BoostedObjective::kRankNdcg:
      return "rank:ndcg";
  }
  return "reg:squarederror";
}

/// XGBoost's seed is a signed integer; larger seeds are reduced modulo this.
constexpr uint64_t kSeedModulus = 2147483647;

Status SetParam(BoosterHandle booster, const char* name, const std::string& value) {
  return Check(XGBoosterSetParam(booster, name, value.c_str()), name);
}

}  // namespace

void BoostedTrees::BoosterDeleter::operator()(void* handle) const { XGBoosterFree(handle); }

BoostedTrees::BoostedTrees(BoosterPtr booster, size_t num_features)
    : booster_(std::move(booster)), num_features_(num_features) {}
BoostedTrees::BoostedTrees(BoostedTrees&&) noexcept = default;
BoostedTrees& BoostedTrees::operator=(BoostedTrees&&) noexcept = default;
BoostedTrees::~BoostedTrees() = default;

Result<BoostedTrees> BoostedTrees::Train(const FeatureMatrix& x, std::span<const float> labels,
                                         std::span<const float> weights,
                                         const BoostedTreesParams& params,
                                         std::span<const uint32_t> group_sizes) {
  SilenceXgboostOnce();
  RETURN_IF_ERROR(CheckParams(params));
  RETURN_IF_ERROR(CheckShape(x));
  RETURN_IF_ERROR(CheckLabels(labels, weights, x.rows, params.objective));
  RETURN_IF_ERROR(CheckGroups(group_sizes, weights, x.rows, params.objective));
  ASSIGN_OR_RETURN(DMatrixPtr data, MakeDMatrix(x, params.nthread));
  RETURN_IF_ERROR(
      Check(XGDMatrixSetFloatInfo(data.get(), "label", labels.data(), labels.size()), "labels"));
  if (!weights.empty()) {
    RETURN_IF_ERROR(Check(
        XGDMatrixSetFloatInfo(data.get(), "weight", weights.data(), weights.size()), "weights"));
  }
  if (!group_sizes.empty()) {
    RETURN_IF_ERROR(
        Check(XGDMatrixSetUIntInfo(data.get(), "group", group_sizes.data(), group_sizes.size()),
              "groups"));
  }
  DMatrixHandle cache[] = {data.get()};
  BoosterHandle raw = nullptr;
  RETURN_IF_ERROR(Check(XGBoosterCreate(cache, 1, &raw), "creating the booster"));
  BoosterPtr booster(raw);
  const std::pair<const char*, std::string> settings[] = {
      {"verbosity", "0"},
      {"objective", ObjectiveName(params.objective)},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(params.max_depth)},
      {"eta", std::to_string(params.eta)},
      {"subsample", std::to_string(params.subsample)},
      {"colsample_bytree", std::to_string(params.colsample)},
      {"min_child_weight", std::to_string(params.min_child_weight)},
      {"lambda", std::to_string(params.lambda)},
      {"seed", std::to_string(params.seed % kSeedModulus)},
      {"nthread", std::to_string(params.nthread)},
  };
  for (const auto& [name, value] : settings) RETURN_IF_ERROR(SetParam(raw, name, value));
  for (int round = 0; round < params.rounds; ++round) {
    RETURN_IF_ERROR(Check(XGBoosterUpdateOneIter(raw, round, data.get()), "boosting a round"));
  }
  return BoostedTrees(std::move(booster), x.cols);
}

Result<BoostedTrees> BoostedTrees::Load(std::string_view bytes, int nthread) {
  SilenceXgboostOnce();
  if (bytes.empty()) return InvalidArgument("boosted trees: the model bytes are empty");
  if (nthread < 1) return InvalidArgument("boosted trees: nthread must be >= 1");
  BoosterHandle raw = nullptr;
  RETURN_IF_ERROR(Check(XGBoosterCreate(nullptr, 0, &raw), "creating the booster"));
  BoosterPtr booster(raw);
  if (XGBoosterLoadModelFromBuffer(raw, bytes.data(), bytes.size()) != 0) {
    return InvalidArgument(std::string("boosted trees: the bytes are not a saved model: ") +
                           XGBGetLastError());
  }
  RETURN_IF_ERROR(SetParam(raw, "nthread", std::to_string(nthread)));
  RETURN_IF_ERROR(SetParam(raw, "verbosity", "0"));
  bst_ulong features = 0;
  RETURN_IF_ERROR(Check(XGBoosterGetNumFeature(raw, &features), "reading the feature count"));
  return BoostedTrees(std::move(booster), features);
}

Result<std::vector<float>> BoostedTrees::Predict(const FeatureMatrix& x) const {
  RETURN_IF_ERROR(CheckShape(x));
  if (x.cols != num_features_) {
    return InvalidArgument("boosted trees: " + std::to_string(x.cols) +
                           " feature columns, the model was trained on " +
                           std::to_string(num_features_));
  }
  ASSIGN_OR_RETURN(DMatrixPtr data, MakeDMatrix(x, 1));
  const char* config =
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0,
          "strict_shape": false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  RETURN_IF_ERROR(
      Check(XGBoosterPredictFromDMatrix(booster_.get(), data.get(), config, &shape, &dim, &out),
            "predicting"));
  bst_ulong n = 1;
  for (bst_ulong d = 0; d < dim; ++d) n *= shape[d];
  if (n != x.rows) {
    return Internal("boosted trees: " + std::to_string(n) + " predictions for " +
                    std::to_string(x.rows) + " rows");
  }
  return std::vector<float>(out, out + n);
}

Result<std::string> BoostedTrees::Save() const {
  bst_ulong len = 0;
  const char* bytes = nullptr;
  RETURN_IF_ERROR(
      Check(XGBoosterSaveModelToBuffer(booster_.get(), R"({"format": "ubj"})", &len, &bytes),
            "saving the model"));
  return std::string(bytes, len);
}

Result<std::vector<double>> BoostedTrees::FeatureGain() const {
  bst_ulong n_features = 0, dim = 0;
  const char** names = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  RETURN_IF_ERROR(Check(XGBoosterFeatureScore(booster_.get(), R"({"importance_type": "gain"})",
                                              &n_features, &names, &dim, &shape, &scores),
                        "computing feature importance"));
  // Features are named f0, f1, ... and only those split on are listed.
  std::vector<double> gain(num_features_, 0.0);
  for (bst_ulong i = 0; i < n_features; ++i) {
    const std::string_view name = names[i];
    size_t column = 0;
    const bool named = name.size() >= 2 && name[0] == 'f';
    const auto parsed = named ? std::from_chars(name.data() + 1, name.data() + name.size(), column)
                              : std::from_chars_result{name.data(), std::errc::invalid_argument};
    if (parsed.ec != std::errc() || parsed.ptr != name.data() + name.size() ||
        column >= gain.size()) {
      return Internal("boosted trees: unexpected feature name '" + std::string(name) + "'");
    }
    gain[column] = scores[i];
  }
  return gain;
}

}  // namespace mercato
