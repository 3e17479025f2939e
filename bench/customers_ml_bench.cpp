// VIP early identification and behavioural clustering on a store:
// `mercato_customers_ml_bench DB [--dump=CSV] [VALUE_DAYS...]` prints JSON with the time-split VIP
// evaluation (model and spend-so-far AUC at the 2nd and 3rd order) for each value window, and the
// clustering (chosen k, silhouette per k, cluster profiles, seconds). --dump writes each clustered
// customer's raw features and cluster, for a reference implementation to cluster the same input.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "customers/clustering.h"
#include "customers/vip.h"
#include "store/open_store.h"

namespace {

using mercato::customers::OrderHistory;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json OptionalNumber(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json Vip(const OrderHistory& history, int value_days) {
  mercato::customers::VipOptions options;
  options.value_days = value_days;
  const auto start = std::chrono::steady_clock::now();
  auto ev = mercato::customers::EvaluateVip(history, std::nullopt, options);
  nlohmann::json out = {{"value_days", value_days}};
  if (!ev.ok()) {
    out["error"] = ev.status().ToString();
    return out;
  }
  out["seconds"] = SecondsSince(start);
  out["cutoff"] = mercato::FormatTimestamp(ev->cutoff);
  out["evaluated_cohorts"] = {mercato::FormatTimestamp(ev->cohort_begin),
                              mercato::FormatTimestamp(ev->cohort_end)};
  out["training_customers"] = ev->training_customers;
  out["evaluated_customers"] = ev->evaluated_customers;
  out["train_threshold"] = ev->train_threshold;
  out["evaluation_threshold"] = ev->evaluation_threshold;
  for (const auto& at : ev->at_order) {
    out["at_order"].push_back({{"order_number", at.order_number},
                               {"customers", at.customers},
                               {"vips", at.vips},
                               {"model_auc", OptionalNumber(at.model_auc)},
                               {"baseline_auc", OptionalNumber(at.baseline_auc)}});
  }
  for (size_t i = 0; i < ev->feature_gain.size() && i < 8; ++i) {
    out["top_features"].push_back({ev->feature_gain[i].first, ev->feature_gain[i].second});
  }
  return out;
}

void Dump(const OrderHistory& history, const mercato::customers::Clustering& clustering,
          const std::string& path) {
  std::vector<int32_t> customers;
  const std::vector<double> x =
      mercato::customers::CustomerFeatures(history, history.end + 1, customers);
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return;
  for (const std::string& name : mercato::customers::ClusterFeatureNames()) {
    std::fprintf(f, "%s,", name.c_str());
  }
  std::fprintf(f, "cluster\n");
  const size_t dims = mercato::customers::kClusterFeatures;
  for (size_t i = 0; i < customers.size(); ++i) {
    for (size_t j = 0; j < dims; ++j) std::fprintf(f, "%.17g,", x[i * dims + j]);
    std::fprintf(f, "%d\n", clustering.assignment[i]);
  }
  std::fclose(f);
}

nlohmann::json Clusters(const OrderHistory& history, const std::string& dump) {
  const auto start = std::chrono::steady_clock::now();
  auto clustering = mercato::customers::ClusterCustomers(history, {});
  if (!clustering.ok()) return {{"error", clustering.status().ToString()}};
  const double seconds = SecondsSince(start);
  if (!dump.empty()) Dump(history, *clustering, dump);
  nlohmann::json out = {{"seconds", seconds},
                        {"customers", clustering->assignment.size()},
                        {"k", clustering->k},
                        {"silhouette", clustering->silhouette}};
  for (const auto& [k, s] : clustering->silhouette_by_k) {
    out["silhouette_by_k"].push_back({{"k", k}, {"silhouette", s}});
  }
  const auto names = mercato::customers::ClusterFeatureNames();
  for (const auto& c : clustering->clusters) {
    nlohmann::json means;
    for (size_t f = 0; f < names.size(); ++f) means[names[f]] = c.mean[f];
    out["clusters"].push_back({{"label", c.label}, {"size", c.size}, {"mean", means}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [--dump=CSV] [VALUE_DAYS...]\n", argv[0]);
    return 2;
  }
  std::vector<int> windows;
  std::string dump;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--dump=", 0) == 0) {
      dump = arg.substr(7);
    } else {
      windows.push_back(std::atoi(argv[i]));
    }
  }
  if (windows.empty()) windows.push_back(365);
  auto store = mercato::OpenStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto snapshot = mercato::LoadSnapshot(*store.value());
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s\n", snapshot.status().ToString().c_str());
    return 1;
  }
  const OrderHistory history = mercato::customers::LoadOrderHistory(*snapshot);
  nlohmann::json out = {{"load_seconds", SecondsSince(start)},
                        {"customers_with_orders", 0},
                        {"orders", history.ts.size()}};
  int64_t with_orders = 0;
  for (int32_t c = 0; c < history.num_customers(); ++c) with_orders += history.num_orders(c) > 0;
  out["customers_with_orders"] = with_orders;
  for (int days : windows) out["vip"].push_back(Vip(history, days));
  out["clustering"] = Clusters(history, dump);
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}
