// The tuning record as text.
#include "cli/tuning_output.h"

#include <cstdio>
#include <string>

#include "common/time.h"

namespace mercato::cli {

void PrintTuning(const recommend::Tuning& t) {
  if (!t.skipped.empty()) {
    std::printf("hyper-parameters: defaults (%s)\n", t.skipped.c_str());
    return;
  }
  std::printf(
      "hyper-parameters tuned on %lld customers' purchases from %s (the training window's last "
      "%d days): %zu settings in %.2f s of %.0f s%s\n",
      static_cast<long long>(t.validation_users),
      t.split_at ? FormatTimestamp(*t.split_at).c_str() : "-", t.validation_days, t.trials.size(),
      t.seconds, t.budget_seconds,
      t.budget_spent ? " (budget spent: the rest keep their defaults)" : "");
  for (size_t index : t.chosen) {
    const recommend::TuningTrial& trial = t.trials[index];
    std::string values;
    for (const recommend::TunedValue& v : trial.values) {
      values += (values.empty() ? "" : " ") + v.name + "=" + v.value;
    }
    std::printf("  %-8s recall@%d %.4f ndcg@%d %.4f  %s\n",
                std::string(recommend::ModelKindName(trial.model)).c_str(), t.k,
                trial.metrics.recall, t.k, trial.metrics.ndcg, values.c_str());
  }
}

}  // namespace mercato::cli
