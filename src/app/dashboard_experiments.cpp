// The experiments page's list: the stored experiments and their exposures per variant.
#include "app/dashboard_experiments.h"

#include <filesystem>

#include "store/open_store.h"

namespace mercato::app {

Result<DashboardExperiments> BuildDashboardExperiments(const std::string& db) {
  if (!std::filesystem::exists(db)) {
    return NotFound(db + ": no such store (create it with `mercato import --db " + db + " ...`)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(db));
  ASSIGN_OR_RETURN(std::vector<StoredExperiment> all, ListExperiments(*store));
  DashboardExperiments out;
  for (StoredExperiment& e : all) {
    const experiment::Definition& d = e.definition;
    std::vector<int64_t> counts(d.variants.size(), 0);
    RETURN_IF_ERROR(store->ForEachExposure(d.key, [&](const Exposure& x) -> Status {
      const int32_t v = d.VariantIndex(x.variant);
      if (v < 0) {
        return Internal("experiment '" + d.key + "': an exposure names the variant '" + x.variant +
                        "', which its definition does not have");
      }
      ++counts[static_cast<size_t>(v)];
      return Status::Ok();
    }));
    out.experiments.push_back({std::move(e), std::move(counts)});
  }
  return out;
}

nlohmann::json DashboardExperimentsJson(const DashboardExperiments& page) {
  nlohmann::json list = nlohmann::json::array();
  for (const DashboardExperiment& e : page.experiments) {
    nlohmann::json j = StoredExperimentJson(e.experiment);
    nlohmann::json per_variant = nlohmann::json::object();
    const auto& variants = e.experiment.definition.variants;
    for (size_t v = 0; v < variants.size(); ++v) {
      per_variant[variants[v].name] = e.exposures_per_variant[v];
    }
    j["exposures_per_variant"] = std::move(per_variant);
    list.push_back(std::move(j));
  }
  return {{"experiments", std::move(list)}};
}

}  // namespace mercato::app
