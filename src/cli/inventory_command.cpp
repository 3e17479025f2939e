// `mercato inventory plan|simulate`: the reorder plan an ERP can import, and the replay of
// historical demand under the planned policy beside the min/max baseline.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/planning_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/documented_options.h"
#include "cli/table_output.h"
#include "common/csv_writer.h"
#include "common/money.h"
#include "common/text.h"
#include "inventory/plan_json.h"

namespace mercato::cli {
namespace {

using inventory::InventoryOptions;
using inventory::Plan;
using inventory::PlanLine;

struct InventoryArgs {
  std::string db;
  InventoryOptions options;
  std::string as_of;  // plan: the day planned for
  std::string out;
  std::string po_dir;    // plan: one purchase-order CSV per supplier into this folder
  std::string currency;  // plan: configured; empty: the store's
  bool json = false;
  // simulate
  std::string policy = "forecast";
  std::string from;
  int64_t days = 182;
  int replan_days = 7;
  int64_t warmup_days = 0;
  uint64_t seed = 1;
};

std::string Day(const std::optional<int64_t>& day) { return day ? FormatDay(*day) : ""; }

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The ERP columns first (sku … reason), then the planning detail.
const std::vector<std::string> kCsvHeader = {"sku",
                                             "location",
                                             "on_hand",
                                             "on_order",
                                             "reorder_point",
                                             "order_quantity",
                                             "order_by_date",
                                             "reason",
                                             "safety_stock",
                                             "eoq",
                                             "weeks_of_cover",
                                             "stockout_date",
                                             "supplier",
                                             "order_up_to",
                                             "demand_per_day",
                                             "lead_time_days",
                                             "lead_time_source",
                                             "excess_units",
                                             "markdown_candidate",
                                             "title",
                                             "unit_cost",
                                             "order_value",
                                             "supplier_source"};

// The header, with a last column "currency" when the plan's is known.
std::vector<std::string> CsvHeader(const Plan& plan) {
  std::vector<std::string> header = kCsvHeader;
  if (!plan.currency.empty()) header.push_back("currency");
  return header;
}

std::vector<std::string> CsvRow(const Plan& plan, const PlanLine& l) {
  std::vector<std::string> row = {l.sku,
                                  l.location,
                                  std::to_string(l.on_hand),
                                  std::to_string(l.on_order),
                                  std::to_string(l.policy.reorder_point),
                                  std::to_string(l.order_quantity),
                                  Day(l.order_by_day),
                                  inventory::PlanReasonName(l.reason),
                                  Fixed(l.policy.safety_stock, 2),
                                  std::isfinite(l.policy.eoq) ? Fixed(l.policy.eoq, 1) : "",
                                  l.weeks_of_cover ? Fixed(*l.weeks_of_cover, 2) : "",
                                  Day(l.stockout_day),
                                  l.supplier,
                                  std::to_string(l.policy.order_up_to),
                                  Fixed(l.demand.mean, 4),
                                  Fixed(l.lead_time.moments.mean, 2),
                                  inventory::LeadTimeSourceName(l.lead_time.source),
                                  std::to_string(l.excess_units),
                                  l.markdown_candidate ? "true" : "false",
                                  l.title,
                                  l.unit_cost ? FormatMoney(*l.unit_cost) : "",
                                  l.order_value ? FormatMoney(*l.order_value) : "",
                                  inventory::SupplierSourceName(l.supplier_source)};
  if (!plan.currency.empty()) row.push_back(plan.currency);
  return row;
}

// Writes the purchase orders and says what went where: on standard output when it carries no
// CSV or JSON, else on standard error.
Status WritePurchaseOrderFiles(const Plan& plan, const std::string& dir, FILE* report) {
  ASSIGN_OR_RETURN(const auto written, app::WritePurchaseOrders(plan, dir));
  std::fprintf(report, "%zu purchase order(s) written to %s\n", written.size(), dir.c_str());
  for (const app::WrittenPurchaseOrder& po : written) {
    const std::string supplier = po.order.supplier.empty() ? "(no supplier)" : po.order.supplier;
    const std::string uncosted =
        po.order.lines_without_cost > 0
            ? " (" + std::to_string(po.order.lines_without_cost) + " lines without a cost)"
            : "";
    std::fprintf(report, "  %-32s %4zu lines %7lld units %12s%s  %s\n", supplier.c_str(),
                 po.order.lines.size(), static_cast<long long>(po.order.units),
                 MoneyText(po.order.value, plan.currency).c_str(), uncosted.c_str(),
                 po.path.c_str());
  }
  return Status::Ok();
}

int RunPlan(const InventoryArgs& args) {
  constexpr std::string_view kCommand = "inventory plan";
  auto as_of = app::ParseDayOption(args.as_of, "--as-of");
  if (!as_of.ok()) return Fail(kCommand, as_of.status());
  auto plan = app::PlanInventory({args.db, args.options, *as_of, args.currency});
  if (!plan.ok()) return Fail(kCommand, plan.status());
  const inventory::PlanCounts counts = inventory::CountPlan(*plan);
  if (!args.po_dir.empty()) {
    const bool quiet_stdout = args.json || args.out.empty();
    const Status s = WritePurchaseOrderFiles(*plan, args.po_dir, quiet_stdout ? stderr : stdout);
    if (!s.ok()) return Fail(kCommand, s);
  }
  if (args.json) {
    std::cout << inventory::PlanJson(*plan).dump(2) << "\n";
    return 0;
  }
  if (args.out.empty()) {
    std::string text = CsvLine(CsvHeader(*plan));
    for (const PlanLine& l : plan->lines) text += CsvLine(CsvRow(*plan, l));
    std::cout << text;
    return 0;
  }
  auto writer = CsvWriter::Create(args.out);
  if (!writer.ok()) return Fail(kCommand, writer.status());
  (*writer)->WriteRow(CsvHeader(*plan));
  for (const PlanLine& l : plan->lines) (*writer)->WriteRow(CsvRow(*plan, l));
  if (Status s = (*writer)->Close(); !s.ok()) return Fail(kCommand, s);
  const std::string uncosted =
      counts.orders_without_cost > 0
          ? ", " + std::to_string(counts.orders_without_cost) + " order line(s) without a cost"
          : "";
  const std::string target = plan->service_kind == "cycle"
                                 ? Fixed(100 * plan->service_level, 1) +
                                       "% cycle service level (z = " + Fixed(plan->z, 3) + ")"
                             : plan->service_kind == "fill_rate"
                                 ? Fixed(100 * plan->service_level, 1) + "% fill rate per SKU"
                                 : Fixed(100 * plan->service_level, 1) + "% store-wide fill rate";
  std::printf(
      "plan for %s at a %s: %zu SKU x location lines, %lld to reorder now (%lld units), %lld with "
      "excess stock, %lld markdown candidates -> %s\n"
      "  orders worth %s at unit cost%s\n",
      FormatDay(plan->as_of_day).c_str(), target.c_str(), plan->lines.size(),
      static_cast<long long>(counts.reorder_now), static_cast<long long>(counts.units_to_order),
      static_cast<long long>(counts.excess), static_cast<long long>(counts.markdown),
      args.out.c_str(), MoneyText(counts.order_value, plan->currency).c_str(), uncosted.c_str());
  if (plan->stock_source == "catalog") {
    std::printf(
        "  stock on hand from the product catalog's inventory quantities (no stock levels "
        "imported), as of the last day with sales, location '%s'\n",
        std::string(inventory::kCatalogLocation).c_str());
  }
  return 0;
}

nlohmann::ordered_json ResultJson(const inventory::ReplayResult& r) {
  return {{"fill_rate", r.fill_rate},
          {"stockout_days", r.stockout_days},
          {"avg_inventory_units", r.avg_inventory_units},
          {"avg_inventory_value", r.avg_inventory_value},
          {"avg_excess_value", r.avg_excess_value},
          {"units_demanded", r.units_demanded},
          {"units_served", r.units_served},
          {"orders", r.orders},
          {"avg_covered_value", r.avg_covered_value}};
}

int RunSimulate(const InventoryArgs& args) {
  constexpr std::string_view kCommand = "inventory simulate";
  auto from = app::ParseDayOption(args.from, "--from");
  if (!from.ok()) return Fail(kCommand, from.status());
  app::SimulateInventoryOptions options;
  options.db = args.db;
  options.inventory = args.options;
  options.policy = args.policy;
  options.from_day = *from;
  options.days = args.days;
  options.replan_days = args.replan_days;
  options.warmup_days = args.warmup_days;
  options.seed = args.seed;
  auto simulation = app::SimulateInventory(options);
  if (!simulation.ok()) return Fail(kCommand, simulation.status());
  const inventory::ReplayOptions& replay = simulation->replay;
  const inventory::ReplayReport* report = &simulation->report;
  const std::vector<inventory::ReplayResult>& results = report->results;
  const inventory::ReplayReference& ref = report->reference;
  const inventory::ReplayResult& p = results.front();
  const inventory::ReplayResult& b = results.back();
  const double reduction =
      b.avg_inventory_value > 0 ? 1.0 - p.avg_inventory_value / b.avg_inventory_value : 0.0;
  if (args.json) {
    nlohmann::ordered_json j;
    j["from"] = FormatDay(replay.from_day);
    j["to"] = FormatDay(replay.to_day - 1);
    j["days"] = p.days;
    j["warmup_days"] = replay.warmup_days;
    j["skus"] = p.skus;
    const inventory::ServiceTarget target = inventory::ServiceTargetOf(args.options);
    j["service_level_kind"] = target.kind;
    j["service_level"] = target.level;
    j["model"] = args.options.model;
    j["max_cover_days"] = args.options.max_order_cover_days;
    j["seed"] = args.seed;
    j["policy"] = p.policy;
    j["baseline"] = b.policy;
    for (const auto& r : results) j["results"][r.policy] = ResultJson(r);
    j["inventory_reduction"] = reduction;
    j["fill_rate_delta"] = p.fill_rate - b.fill_rate;
    j["reference"] = {{"covered_skus", ref.covered_skus},
                      {"start_stock_value", ref.start_stock_value},
                      {"clairvoyant_value", ref.clairvoyant_value}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("replay of %s .. %s (%lld days, %lld SKUs), lead times drawn with seed %llu\n",
              FormatDay(replay.from_day).c_str(), FormatDay(replay.to_day - 1).c_str(),
              static_cast<long long>(p.days), static_cast<long long>(p.skus),
              static_cast<unsigned long long>(args.seed));
  if (replay.warmup_days > 0) {
    std::printf("  after %lld warm-up days from the stock recorded on %s, not measured\n",
                static_cast<long long>(replay.warmup_days),
                FormatDay(replay.from_day - replay.warmup_days - 1).c_str());
  }
  std::printf("  %-16s %9s %14s %14s %14s %12s %8s\n", "policy", "fill rate", "stockout days",
              "avg inv units", "avg inv value", "avg excess", "orders");
  for (const auto& r : results) {
    std::printf("  %-16s %9.4f %14lld %14.1f %14.1f %12.1f %8lld\n", r.policy.c_str(), r.fill_rate,
                static_cast<long long>(r.stockout_days), r.avg_inventory_units,
                r.avg_inventory_value, r.avg_excess_value, static_cast<long long>(r.orders));
  }
  std::printf(
      "  average inventory value with no order at all (starting stock selling down): %.1f; "
      "clairvoyant policy (economic orders arriving the day stock runs short): %.1f\n",
      ref.start_stock_value, ref.clairvoyant_value);
  std::printf("  %lld SKUs start with stock for the whole period's demand; their value:",
              static_cast<long long>(ref.covered_skus));
  for (const auto& r : results) std::printf(" %s %.1f", r.policy.c_str(), r.avg_covered_value);
  std::printf("\n");
  if (results.size() > 1) {
    std::printf("  %s vs %s: average inventory value %+.1f%%, fill rate %+.4f\n", p.policy.c_str(),
                b.policy.c_str(), -100.0 * reduction, p.fill_rate - b.fill_rate);
  }
  return 0;
}

void AddCommon(CLI::App* cmd, InventoryArgs& a) {
  cmd->add_option("--db", a.db, "Database file")->required()->check(CLI::ExistingFile);
  AddDocumentedOptions(cmd, a.options, app::InventoryOptionDocs());
  cmd->add_flag("--json", a.json, "Print JSON");
}

}  // namespace

void RegisterInventoryCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<InventoryArgs>();
  CLI::App* cmd = app.add_subcommand("inventory", "Reorder plans and inventory policy replay");
  cmd->require_subcommand(1);
  CLI::App* plan =
      cmd->add_subcommand("plan", "Reorder plan per SKU x location (CSV for an ERP, or JSON)");
  AddCommon(plan, *args);
  plan->add_option("--as-of", args->as_of, "Plan for this date (default: the day after the data)");
  plan->add_option("--out", args->out, "Write the CSV to this file and print a summary");
  plan->add_option("--po-dir", args->po_dir,
                   "Also write one purchase-order CSV per supplier (the product's vendor when "
                   "no supplier is known) into this folder");
  AddCurrencyOption(plan, args->currency);
  plan->callback([args, &exit_code] { exit_code = RunPlan(*args); });

  CLI::App* simulate = cmd->add_subcommand(
      "simulate", "Replay historical daily demand under a policy beside the min/max baseline");
  AddCommon(simulate, *args);
  simulate
      ->add_option("--policy", args->policy,
                   "forecast, minmax (baseline from history) or minmax:MIN:MAX")
      ->capture_default_str();
  simulate->add_option("--from", args->from,
                       "First replayed date (default: --days before the end)");
  simulate->add_option("--days", args->days, "Days replayed")->capture_default_str();
  simulate->add_option("--replan-days", args->replan_days, "Days between re-plans")
      ->capture_default_str();
  simulate
      ->add_option("--warmup-days", args->warmup_days,
                   "Days replayed before --from and not measured, so each policy starts the "
                   "measured period from its own stock instead of the recorded one")
      ->capture_default_str();
  simulate->add_option("--seed", args->seed, "Seed of the lead-time draws")->capture_default_str();
  simulate->callback([args, &exit_code] { exit_code = RunSimulate(*args); });
}

}  // namespace mercato::cli
