// Chooses hyper-parameters on a validation split inside the training window, never on the
// evaluation holdout: `mercato_recommend_tune_bench DB HOLDOUT_DAYS VALIDATION_DAYS [MODEL]`
// trains on the data before (end - HOLDOUT_DAYS - VALIDATION_DAYS), measures on the
// VALIDATION_DAYS that follow (the split of `mercato eval recommend`), for each value of the
// grid of EASE and BPR beside the reference models (MODEL: one of ease, bpr, reference; all
// by default), and prints one JSON line per setting.
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "recommend/evaluation.h"
#include "store/open_store.h"

namespace {

using mercato::recommend::ModelKind;
using mercato::recommend::RecommendConfig;

struct Setting {
  ModelKind kind;
  std::string label;
  std::function<void(RecommendConfig&)> apply;
};

std::string Short(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The grid of `model` (ease, bpr, reference or every one): EASE's lambda, BPR's epochs, learning
// rate and regularization; "reference" is popularity, trending, SAR and ALS at their defaults,
// the figures to beat on the same split, and BPR at its defaults (EASE's default is a point of
// its grid).
std::vector<Setting> Grid(const std::string& model) {
  std::vector<Setting> grid;
  if (model.empty() || model == "reference") {
    for (ModelKind kind : {ModelKind::kPopularity, ModelKind::kTrending, ModelKind::kSar,
                           ModelKind::kAls, ModelKind::kBpr}) {
      grid.push_back({kind, std::string(mercato::recommend::ModelKindName(kind)) + " (defaults)",
                      [](RecommendConfig&) {}});
    }
  }
  if (model.empty() || model == "ease") {
    for (double lambda : {100.0, 250.0, 500.0, 1000.0}) {
      grid.push_back({ModelKind::kEase, "ease_lambda=" + Short(lambda),
                      [=](RecommendConfig& c) { c.ease_lambda = lambda; }});
    }
  }
  if (model.empty() || model == "bpr") {
    for (int epochs : {20, 50}) {
      for (double lr : {0.01, 0.05}) {
        for (double reg : {0.001, 0.01}) {
          grid.push_back({ModelKind::kBpr,
                          "bpr_epochs=" + std::to_string(epochs) + " bpr_learning_rate=" +
                              Short(lr) + " bpr_regularization=" + Short(reg),
                          [=](RecommendConfig& c) {
                            c.bpr_epochs = epochs;
                            c.bpr_learning_rate = lr;
                            c.bpr_regularization = reg;
                          }});
        }
      }
    }
  }
  return grid;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DB HOLDOUT_DAYS VALIDATION_DAYS [ease|bpr|reference]\n",
                 argv[0]);
    return 2;
  }
  const int holdout = std::atoi(argv[2]), validation = std::atoi(argv[3]);
  const std::string model = argc > 4 ? argv[4] : "";
  namespace rec = mercato::recommend;
  auto store = mercato::OpenStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  // The training window of the evaluation, then the validation split inside it.
  auto all = mercato::LoadSnapshot(*store.value());
  auto window_end = all.ok() ? rec::TimeSplitCutoff(all.value(), holdout)
                             : mercato::Result<mercato::Timestamp>(all.status());
  auto window = window_end.ok() ? mercato::LoadSnapshot(*store.value(), {.until = *window_end})
                                : mercato::Result<mercato::Snapshot>(window_end.status());
  auto cutoff = window.ok() ? rec::TimeSplitCutoff(window.value(), validation)
                            : mercato::Result<mercato::Timestamp>(window.status());
  auto train = cutoff.ok() ? mercato::LoadSnapshot(*store.value(), {.until = *cutoff})
                           : mercato::Result<mercato::Snapshot>(cutoff.status());
  auto split = train.ok() ? rec::TimeSplit(window.value(), std::move(train).value())
                          : mercato::Result<rec::EvalSplit>(train.status());
  if (!split.ok()) {
    std::fprintf(stderr, "%s\n", split.status().ToString().c_str());
    return 1;
  }
  std::printf("{\"validation_users\": %lld, \"threads\": %d}\n",
              static_cast<long long>(rec::UsersEvaluated(split.value())), omp_get_max_threads());
  for (const Setting& s : Grid(model)) {
    RecommendConfig config;
    s.apply(config);
    const rec::ModelKind kinds[] = {s.kind};
    auto reports = rec::EvaluateModels(split.value(), kinds, config, 10);
    if (!reports.ok()) {
      std::printf("{\"setting\": \"%s\", \"error\": \"%s\"}\n", s.label.c_str(),
                  reports.status().ToString().c_str());
      continue;
    }
    const rec::ModelReport& r = reports.value().front();
    std::printf(
        "{\"setting\": \"%s\", \"recall@10\": %.4f, \"ndcg@10\": %.4f, \"hit_rate@10\": %.4f, "
        "\"train_seconds\": %.2f}\n",
        s.label.c_str(), r.metrics.recall, r.metrics.ndcg, r.metrics.hit_rate, r.train_seconds);
    std::fflush(stdout);
  }
  return 0;
}
