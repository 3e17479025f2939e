// Forecast, plan and replay actions on a store, and the inventory options' one description.
#include "app/planning_actions.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "app/store_currency.h"
#include "common/csv_writer.h"
#include "common/slug.h"
#include "common/text.h"
#include "dataset/snapshot.h"
#include "forecast/model_registry.h"
#include "inventory/inventory_data.h"
#include "store/open_store.h"

namespace mercato::app {

std::span<const OptionDoc<inventory::InventoryOptions>> InventoryOptionDocs() {
  using O = inventory::InventoryOptions;
  static const OptionDoc<O> kDocs[] = {
      {"service_level", "Target cycle service level (probability of no stock-out per cycle)",
       &O::service_level},
      {"fill_rate", "Target fill rate instead of the cycle service level (0: use --service-level)",
       &O::fill_rate},
      {"store_fill_rate",
       "Target store-wide fill rate: service allocated across SKUs for the least inventory value "
       "(0: unused)",
       &O::store_fill_rate},
      {"holding_rate", "Annual holding cost as a fraction of unit cost", &O::holding_rate},
      {"ordering_cost", "Cost of one purchase-order line", &O::ordering_cost},
      {"model", "Forecast model for weekly demand", &O::model},
      {"max_cover_days", "Cap on an order cycle, in days of demand", &O::max_order_cover_days},
      {"horizon_days", "Stock-out and order-by dates further ahead than this are left out",
       &O::horizon_days},
  };
  return kDocs;
}

Result<std::optional<int64_t>> ParseDayOption(const std::string& text, const std::string& option) {
  if (text.empty()) return std::optional<int64_t>();
  auto ts = ParseTimestamp(text);
  if (!ts.ok()) return InvalidArgument(option + ": " + ts.status().message());
  return std::optional<int64_t>(DayOf(*ts));
}

std::span<const OptionDoc<forecast::StoreForecastOptions>> StoreForecastOptionDocs() {
  using O = forecast::StoreForecastOptions;
  static const OptionDoc<O> kDocs[] = {
      {"ma_window", "Window of the moving-average baseline \"ma\", in periods", &O::ma_window},
      {"sold_within", "Only SKUs sold within the first N complete periods (0: all)",
       &O::sold_within},
      {"country",
       "Holiday countries (US, GB, DE, FR, NL, CA; repeatable or comma-separated; default: the "
       "customers' main country)",
       &O::countries},
      {"event",
       "Store events the dhr model learns and places by date: first..last dates and a name, as in "
       "2024-07-16..2024-07-17 prime (repeatable or comma-separated)",
       &O::events},
  };
  return kDocs;
}

std::span<const OptionDoc<forecast::StoreForecastOptions>> ForecastOutputOptionDocs() {
  using O = forecast::StoreForecastOptions;
  static const OptionDoc<O> kDocs[] = {
      {"history",
       "Recent units sold per SKU in the JSON, before the forecast: 8w, 56d or a number of "
       "periods (default: as many as the horizon; 0: none)",
       &O::history},
      {"no_pooled_season",
       "Forecast weekly series with less than two years of history without the yearly profile "
       "pooled from their category (on by default)",
       &O::pooled_season, true},
  };
  return kDocs;
}

Result<DemandForecasts> ForecastDemand(const ForecastDemandOptions& options) {
  if (forecast::FindForecastModel(options.model) == nullptr) {
    const std::string names = Join(forecast::ForecastModelNames(forecast::IsPanelModel), ", ") +
                              ", " +
                              Join(forecast::ForecastModelNames(forecast::IsPerSeriesModel), ", ");
    return InvalidArgument("unknown forecast model '" + options.model + "': expected one of " +
                           names);
  }
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  ASSIGN_OR_RETURN(const Snapshot snapshot, LoadSnapshot(*store));
  DemandForecasts out;
  ASSIGN_OR_RETURN(out.demand, forecast::LoadStoreDemand(snapshot, options.store));
  ASSIGN_OR_RETURN(out.demand.currency, StoreCurrency(*store, options.currency));
  ASSIGN_OR_RETURN(out.forecasts,
                   forecast::ForecastStoreDemand(out.demand, options.model, options.store));
  return out;
}

Result<inventory::Plan> PlanInventory(const PlanInventoryOptions& options) {
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  ASSIGN_OR_RETURN(const std::string currency, StoreCurrency(*store, options.currency));
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(*store));
  ASSIGN_OR_RETURN(inventory::InventoryData data,
                   inventory::LoadInventoryData(std::move(snapshot)));
  ASSIGN_OR_RETURN(inventory::Plan plan,
                   inventory::PlanInventory(data, options.inventory, options.as_of_day));
  plan.currency = currency;
  return plan;
}

Result<std::vector<WrittenPurchaseOrder>> WritePurchaseOrders(const inventory::Plan& plan,
                                                              const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create the folder " + dir + ": " + ec.message());
  std::vector<WrittenPurchaseOrder> written;
  std::set<std::string> names;
  for (inventory::SupplierOrder& order : inventory::SupplierOrdersOf(plan)) {
    const std::string slug = order.supplier.empty() ? "no-supplier" : Slug(order.supplier);
    const std::string base = "po-" + (slug.empty() ? std::string("supplier") : slug);
    std::string name = base;
    for (int n = 2; names.count(name) > 0; ++n) name = base + "-" + std::to_string(n);
    names.insert(name);
    const std::string path = (std::filesystem::path(dir) / (name + ".csv")).string();
    const std::string tmp = path + ".tmp";
    ASSIGN_OR_RETURN(auto writer, CsvWriter::Create(tmp));
    for (const std::vector<std::string>& row : inventory::SupplierOrderCsv(order, plan.currency)) {
      writer->WriteRow(row);
    }
    RETURN_IF_ERROR(writer->Close());
    std::filesystem::rename(tmp, path, ec);
    if (ec) return IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
    written.push_back({path, std::move(order)});
  }
  return written;
}

Result<InventorySimulation> SimulateInventory(const SimulateInventoryOptions& options) {
  ASSIGN_OR_RETURN(inventory::PolicySpec policy, inventory::ParsePolicy(options.policy));
  if (options.days < 1) return InvalidArgument("--days must be >= 1");
  if (options.warmup_days < 0) return InvalidArgument("--warmup-days must be >= 0");
  ASSIGN_OR_RETURN(auto store, OpenStore(options.db));
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(*store));
  ASSIGN_OR_RETURN(inventory::InventoryData data,
                   inventory::LoadInventoryData(std::move(snapshot)));
  InventorySimulation out;
  inventory::ReplayOptions& replay = out.replay;
  replay.from_day = options.from_day.value_or(data.end_day - options.days);
  replay.to_day = std::min(data.end_day, replay.from_day + options.days);
  replay.replan_days = options.replan_days;
  replay.warmup_days = options.warmup_days;
  replay.seed = options.seed;
  std::vector<inventory::PolicySpec> policies = {policy};
  const inventory::PolicySpec baseline{inventory::PolicyKind::kBaseline};
  if (policy.kind != inventory::PolicyKind::kBaseline) policies.push_back(baseline);
  ASSIGN_OR_RETURN(out.report, inventory::Replay(data, options.inventory, replay, policies));
  return out;
}

}  // namespace mercato::app
