// `mercato customers segment|list|vip|lapse|export-esp`: customer intelligence from the store —
// RFM segments, behavioural clusters, lifecycle stages, lapse and win-back timing, VIP early
// identification, the win-back lapse model and a consent-checked export for email service
// providers.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/customer_actions.h"
#include "app/evaluation_actions.h"
#include "app/lapse_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/documented_options.h"
#include "cli/table_output.h"
#include "customers/clustering.h"
#include "customers/insight_json.h"
#include "customers/insights.h"

namespace mercato::cli {
namespace {

using customers::CustomerInsight;
using customers::CustomerInsights;

struct CustomersArgs {
  std::string db;
  app::InsightArgs insight;
  app::EvaluateVipOptions vip;
  app::LapseActionOptions lapse;
  size_t lapse_limit = 20;
  app::CustomerSelectionArgs selection;
  size_t limit = 0;
  std::string out;
  std::string consent_policy;
  bool json = false;
  bool clusters = true;
  std::string esp_layout = "klaviyo";
  int recommendations = 3;
  std::string shop_url;
  std::string currency;  // configured; empty: the store's
};

std::string Day(Timestamp ts) { return FormatTimestamp(ts).substr(0, 10); }

nlohmann::ordered_json ModelJson(const CustomerInsights& insights) {
  const auto& p = insights.model.params;
  nlohmann::ordered_json j = {{"model", customers::BtydName(insights.model.kind)},
                              {"time_unit", "weeks"},
                              {"params", p},
                              {"converged", insights.model.diagnostics.converged},
                              {"degenerate", insights.model.diagnostics.degenerate},
                              {"basis", customers::BasisName(insights)},
                              {"data_check", insights.data_check.Describe()},
                              {"warnings", insights.warnings}};
  if (insights.spend_model) {
    const auto& g = insights.spend_model->params;
    j["gamma_gamma"] = {{"p", g.p}, {"q", g.q}, {"v", g.gamma}};
  }
  return j;
}

int RunSegment(const CustomersArgs& args) {
  auto segments = app::SegmentCustomers({args.db, args.insight, args.clusters, args.currency});
  if (!segments.ok()) return Fail("customers segment", segments.status());
  const CustomerInsights* insights = &segments->insights;
  const auto& by_segment = segments->by_segment;
  const auto& by_stage = segments->by_stage;
  auto tally_json = [](const std::map<std::string, app::SegmentTally>& m) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& [name, t] : m) {
      j[name] = {{"customers", t.customers},
                 {"total_spend", t.spend},
                 {"mean_clv", t.customers ? t.clv / static_cast<double>(t.customers) : 0.0}};
    }
    return j;
  };
  nlohmann::ordered_json j = {{"as_of", Day(insights->as_of - 1)},
                              {"customers", insights->customers.size()},
                              {"model", ModelJson(*insights)},
                              {"segments", tally_json(by_segment)},
                              {"stages", tally_json(by_stage)}};
  if (!segments->currency.empty()) j["currency"] = segments->currency;
  const std::map<int32_t, int32_t>& cluster_of = segments->cluster_of;
  if (segments->clustering) {
    const customers::Clustering& clustering = *segments->clustering;
    nlohmann::ordered_json cj = {{"k", clustering.k},
                                 {"rule", "highest mean silhouette over k = 2..8"},
                                 {"silhouette", clustering.silhouette},
                                 {"clusters", nlohmann::ordered_json::array()}};
    const std::vector<std::string> names = customers::ClusterFeatureNames();
    for (const auto& profile : clustering.clusters) {
      nlohmann::ordered_json pj = {{"label", profile.label}, {"customers", profile.size}};
      for (size_t f = 0; f < names.size(); ++f) pj["mean_" + names[f]] = profile.mean[f];
      cj["clusters"].push_back(std::move(pj));
    }
    j["clusters"] = std::move(cj);
  } else if (args.clusters) {
    j["clusters"] = {{"skipped", segments->clusters_skipped}};
  }
  if (!args.out.empty()) {
    std::vector<nlohmann::ordered_json> rows;
    for (const CustomerInsight& c : insights->customers) {
      nlohmann::ordered_json row = {{"id", c.id},
                                    {"segment", customers::RfmSegmentName(c.rfm.segment)},
                                    {"recency_score", c.rfm.recency},
                                    {"frequency_score", c.rfm.frequency},
                                    {"monetary_score", c.rfm.monetary},
                                    {"stage", customers::LifecycleStageName(c.stage)}};
      const auto it = cluster_of.find(c.customer);
      row["cluster"] = it == cluster_of.end() ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(it->second);
      rows.push_back(std::move(row));
    }
    const Status written = WriteOutput(args.out, RowsAsCsv(rows));
    if (!written.ok()) return Fail("customers segment", written);
  }
  if (args.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("%zu customers as of %s (%s)\n", insights->customers.size(),
              Day(insights->as_of - 1).c_str(), customers::BasisName(*insights).c_str());
  for (const std::string& warning : insights->warnings) {
    std::printf("warning: %s\n", warning.c_str());
  }
  // The money columns name the currency when it is known ("total spend USD"), widened to fit.
  const std::string in = segments->currency.empty() ? "" : " " + segments->currency;
  const std::string spend = "total spend" + in, clv = "mean CLV" + in;
  const int spend_width = std::max(14, static_cast<int>(spend.size()));
  const int clv_width = std::max(10, static_cast<int>(clv.size()));
  for (const auto& [title, tallies] :
       {std::pair{"RFM segment", &by_segment}, std::pair{"lifecycle stage", &by_stage}}) {
    std::printf("\n%-20s %10s %*s %*s\n", title, "customers", spend_width, spend.c_str(), clv_width,
                clv.c_str());
    for (const auto& [name, t] : *tallies) {
      std::printf("%-20s %10lld %*.2f %*.2f\n", name.c_str(), static_cast<long long>(t.customers),
                  spend_width, t.spend, clv_width, t.clv / static_cast<double>(t.customers));
    }
  }
  if (j.contains("clusters") && j["clusters"].contains("clusters")) {
    std::printf("\nbehavioural clusters: k = %d (silhouette %.3f)\n", j["clusters"]["k"].get<int>(),
                j["clusters"]["silhouette"].get<double>());
    for (const auto& c : j["clusters"]["clusters"]) {
      std::printf("  %-40s %8lld customers\n", c["label"].get<std::string>().c_str(),
                  static_cast<long long>(c["customers"].get<int64_t>()));
    }
  }
  return 0;
}

int RunList(const CustomersArgs& args) {
  auto selection = app::ParseCustomerSelection(args.selection);
  if (!selection.ok()) return Fail("customers list", selection.status());
  app::ListCustomersOptions options;
  options.db = args.db;
  options.insight = args.insight;
  options.selection = *selection;
  options.limit = args.limit;
  options.currency = args.currency;
  auto list = app::ListCustomers(options);
  if (!list.ok()) return Fail("customers list", list.status());
  std::vector<nlohmann::ordered_json> rows;
  for (size_t n = 0; n < list->chosen.size(); ++n) {
    rows.push_back(
        app::CustomerListRow(list->insights->customers[list->chosen[n]], list->contacts[n]));
  }
  if (args.json) {
    nlohmann::ordered_json j = {{"as_of", Day(list->insights->as_of - 1)},
                                {"model", ModelJson(*list->insights)},
                                {"customers", rows}};
    if (!list->currency.empty()) j["currency"] = list->currency;
    const Status written = WriteOutput(args.out, j.dump(2) + "\n");
    return written.ok() ? 0 : Fail("customers list", written);
  }
  const Status written = WriteOutput(args.out, app::CustomerListCsv(*list));
  return written.ok() ? 0 : Fail("customers list", written);
}

int RunVip(const CustomersArgs& args) {
  app::EvaluateVipOptions options = args.vip;
  options.db = args.db;
  options.currency = args.currency;
  auto vip = app::EvaluateVipIdentification(options);
  if (!vip.ok()) return Fail("customers vip", vip.status());
  const customers::VipEvaluation* evaluation = &vip->evaluation;
  const std::vector<customers::VipScore>* scores = &vip->scores;
  const auto& e = *evaluation;
  nlohmann::ordered_json j;
  j["definition"] = "top 10% by value in the " + std::to_string(args.vip.value_days) +
                    " days from the first order (returns deducted)";
  j["evaluation"] = {{"train_until", Day(e.cutoff)},
                     {"evaluated_cohorts", {Day(e.cohort_begin), Day(e.cohort_end)}},
                     {"training_customers", e.training_customers},
                     {"evaluated_customers", e.evaluated_customers},
                     {"at_order", nlohmann::ordered_json::array()}};
  for (const auto& o : e.at_order) {
    auto opt = [](const std::optional<double>& v) {
      return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    j["evaluation"]["at_order"].push_back({{"order", o.order_number},
                                           {"customers", o.customers},
                                           {"vips", o.vips},
                                           {"model_auc", opt(o.model_auc)},
                                           {"spend_so_far_auc", opt(o.baseline_auc)}});
  }
  j["customers"] = nlohmann::ordered_json::array();
  const size_t limit = args.limit > 0 ? args.limit : scores->size();
  for (size_t i = 0; i < std::min(limit, scores->size()); ++i) {
    const auto& s = (*scores)[i];
    j["customers"].push_back(
        {{"id", s.customer_id}, {"orders", s.orders}, {"p_vip", s.p_vip}, {"spend", s.spend}});
  }
  if (!vip->currency.empty()) j["currency"] = vip->currency;
  if (args.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& o : j["evaluation"]["at_order"]) {
    std::cout << "at order " << o["order"] << ": " << o["customers"] << " customers, " << o["vips"]
              << " VIPs; AUC model " << o["model_auc"] << " vs spend so far "
              << o["spend_so_far_auc"] << "\n";
  }
  std::cout << "\ntop customers by P(VIP):\n";
  for (size_t i = 0; i < std::min<size_t>(10, j["customers"].size()); ++i) {
    const auto& c = j["customers"][i];
    std::printf("  %-16s orders %d  p_vip %.3f  spend %.2f%s\n", c["id"].get<std::string>().c_str(),
                c["orders"].get<int>(), c["p_vip"].get<double>(), c["spend"].get<double>(),
                vip->currency.empty() ? "" : (" " + vip->currency).c_str());
  }
  return 0;
}

int RunLapse(const CustomersArgs& args) {
  app::LapseActionOptions options = args.lapse;
  options.db = args.db;
  auto report = app::PredictLapse(options);
  if (!report.ok()) return Fail("customers lapse", report.status());
  const app::LapseReport& r = *report;
  auto opt = [](const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  nlohmann::ordered_json j;
  if (r.evaluation) {
    const customers::LapseEvaluation& e = *r.evaluation;
    j["auc"] = opt(e.auc);
    j["baselines"] = {{"bgnbd", opt(e.bgnbd_auc)}, {"recency", opt(e.recency_auc)}};
    j["brier"] = e.brier;
    j["calibration_end"] = Day(e.calibration_end - 1);
    j["holdout_end"] = Day(e.holdout_end - 1);
    j["population"] =
        "customers with a purchase by the calibration end, as in the BG/NBD holdout evaluation";
    j["customers"] = e.customers;
    j["lapsed"] = e.lapsed;
  }
  j["as_of"] = Day(r.as_of - 1);
  j["horizon_days"] = r.horizon_days;
  j["horizon_basis"] = r.horizon_basis;
  j["definition"] = "lapsed: no purchase in the " + std::to_string(r.horizon_days) +
                    " days after " + Day(r.as_of - 1);
  nlohmann::ordered_json cutoffs = nlohmann::ordered_json::array();
  for (Timestamp c : r.cutoffs) cutoffs.push_back(Day(c - 1));
  j["training"] = {{"cutoffs", cutoffs},
                   {"rows", r.training_rows},
                   {"lapsed", r.training_lapsed},
                   {"label_horizon_days", r.label_horizon_days},
                   {"label", "no purchase in the " + std::to_string(r.label_horizon_days) +
                                 " days after a cut-off; p_lapse = P(none in " +
                                 std::to_string(r.label_horizon_days) + " days)^(" +
                                 std::to_string(r.horizon_days) + "/" +
                                 std::to_string(r.label_horizon_days) + "), a constant hazard"}};
  if (r.evaluation) {
    nlohmann::ordered_json features = nlohmann::ordered_json::array();
    for (const auto& [name, gain] : r.evaluation->feature_gain) {
      features.push_back({{"name", name}, {"gain", gain}});
    }
    j["features"] = std::move(features);
  }
  j["top_risks"] = nlohmann::ordered_json::array();
  const size_t limit = args.lapse_limit > 0 ? args.lapse_limit : r.scores.size();
  for (size_t i = 0; i < std::min(limit, r.scores.size()); ++i) {
    const customers::LapseScore& s = r.scores[i];
    j["top_risks"].push_back(
        {{"id", s.customer_id},
         {"p_lapse", s.p_lapse},
         {"days_since_last_purchase", s.days_since_last_purchase},
         {"lapse_date", s.lapse_date ? nlohmann::ordered_json(Day(*s.lapse_date))
                                     : nlohmann::ordered_json(nullptr)}});
  }
  if (args.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << j["definition"].get<std::string>() << " (horizon " << r.horizon_basis << ")\n";
  std::cout << "trained on " << r.training_rows << " rows at " << r.cutoffs.size() << " cut-offs, "
            << r.training_lapsed << " lapsed in " << r.label_horizon_days << " days\n";
  if (r.evaluation) {
    std::cout << r.evaluation->customers << " customers, " << r.evaluation->lapsed
              << " lapsed; AUC model " << j["auc"] << " vs BG/NBD " << j["baselines"]["bgnbd"]
              << " and recency " << j["baselines"]["recency"] << "\n";
  }
  std::cout << "\nhighest lapse risks:\n";
  for (const auto& c : j["top_risks"]) {
    std::printf("  %-16s p_lapse %.3f  %5.0f days since last purchase  lapse date %s\n",
                c["id"].get<std::string>().c_str(), c["p_lapse"].get<double>(),
                c["days_since_last_purchase"].get<double>(),
                c["lapse_date"].is_null() ? "none" : c["lapse_date"].get<std::string>().c_str());
  }
  return 0;
}

int RunExportEsp(const CustomersArgs& args) {
  constexpr std::string_view kCommand = "customers export-esp";
  auto selection = app::ParseCustomerSelection(args.selection);
  if (!selection.ok()) return Fail(kCommand, selection.status());
  auto layout = app::ParseEspLayout(args.esp_layout);
  if (!layout.ok()) return Fail(kCommand, layout.status());
  app::EspExportOptions options;
  options.db = args.db;
  options.insight = args.insight;
  options.selection = *selection;
  options.layout = *layout;
  options.recommendations = args.recommendations;
  options.shop_url = args.shop_url;
  options.currency = args.currency;
  if (!args.consent_policy.empty()) {
    auto loaded = privacy::LoadConsentPolicy(args.consent_policy);
    if (!loaded.ok()) return Fail(kCommand, loaded.status());
    options.policy = std::move(loaded).value();
  }
  auto exported = app::ExportEsp(options);
  if (!exported.ok()) return Fail(kCommand, exported.status());
  const app::EspExport& e = *exported;
  CsvLayout layout_of_columns{{"clv", "aov"}, {"p_alive", "churn_probability"}, {}};
  for (const std::string& column : app::EspColumns(options.layout, options.recommendations)) {
    if (column.ends_with("_price")) layout_of_columns.money.push_back(column);
    layout_of_columns.empty_header_row[column] = nullptr;
  }
  if (!e.currency.empty()) layout_of_columns.empty_header_row["currency"] = nullptr;
  const std::string csv = RowsAsCsv(e.rows, layout_of_columns);
  const Status written = WriteOutput(args.out, csv);
  if (!written.ok()) return Fail(kCommand, written);
  std::fprintf(stderr,
               "mercato customers export-esp: %zu rows written to %s; of %lld selected customers, "
               "%lld left out without email-marketing consent, %lld without an email address\n",
               e.rows.size(), args.out.c_str(), static_cast<long long>(e.selected),
               static_cast<long long>(e.no_consent), static_cast<long long>(e.no_email));
  if (!e.recommendations_skipped.empty()) {
    std::fprintf(stderr, "mercato customers export-esp: no recommended products: %s\n",
                 e.recommendations_skipped.c_str());
  }
  return 0;
}

}  // namespace

void RegisterCustomersCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CustomersArgs>();
  CLI::App* cmd = app.add_subcommand(
      "customers", "Customer intelligence: segments, lifecycle, win-back timing, VIPs");
  cmd->require_subcommand(1);
  auto add_common = [&args](CLI::App* sub) {
    sub->add_option("--db", args->db, "Database file")->required();
    AddDocumentedOptions(sub, args->insight, app::InsightOptionDocs());
  };
  auto add_selection = [&args](CLI::App* sub) {
    AddDocumentedOptions(sub, args->selection, app::CustomerSelectionOptionDocs());
  };

  CLI::App* segment = cmd->add_subcommand("segment", "RFM segments, lifecycle stages, clusters");
  add_common(segment);
  segment->add_option("--out", args->out,
                      "Also write each customer's segment, stage and cluster (CSV)");
  segment->add_flag("!--no-clusters", args->clusters, "Skip behavioural clustering");
  segment->add_flag("--json", args->json, "Print JSON");
  AddCurrencyOption(segment, args->currency);
  segment->callback([args, &exit_code] { exit_code = RunSegment(*args); });

  CLI::App* list = cmd->add_subcommand("list", "Customers with their predictions, filtered");
  add_common(list);
  add_selection(list);
  list->add_option("--limit", args->limit, "At most this many, highest CLV first");
  list->add_option("--out", args->out, "Write to this file instead of standard output");
  list->add_flag("--json", args->json, "JSON instead of CSV");
  AddCurrencyOption(list, args->currency);
  list->callback([args, &exit_code] { exit_code = RunList(*args); });

  CLI::App* vip = cmd->add_subcommand("vip", "VIP early identification at the 2nd and 3rd order");
  vip->add_option("--db", args->db, "Database file")->required();
  vip->add_option("--limit", args->limit, "List at most this many customers");
  AddDocumentedOptions(vip, args->vip, app::EvaluateVipOptionDocs());
  vip->add_flag("--json", args->json, "Print JSON");
  AddCurrencyOption(vip, args->currency);
  vip->callback([args, &exit_code] { exit_code = RunVip(*args); });

  CLI::App* lapse = cmd->add_subcommand(
      "lapse", "Win-back lapse model: P(no purchase in the next N days) and lapse dates");
  lapse->add_option("--db", args->db, "Database file")->required();
  lapse
      ->add_option("--limit", args->lapse_limit,
                   "List at most this many customers, highest P(lapse) first (0: all)")
      ->capture_default_str();
  AddDocumentedOptions(lapse, args->lapse, app::LapseActionOptionDocs());
  lapse->add_flag("--json", args->json, "Print JSON");
  lapse->callback([args, &exit_code] { exit_code = RunLapse(*args); });

  CLI::App* esp = cmd->add_subcommand(
      "export-esp", "CSV for an email service, only customers who allow email marketing");
  add_common(esp);
  add_selection(esp);
  esp->add_option("--out", args->out, "Output CSV file")->required();
  esp->add_option("--consent-policy", args->consent_policy,
                  "JSON file overriding the regional consent defaults (docs/consent.md)");
  esp->add_option("--layout", args->esp_layout,
                  "Column layout: klaviyo (email column \"Email\") or mailchimp (\"Email "
                  "Address\"); the profile properties and products follow in both")
      ->capture_default_str()
      ->check(CLI::IsMember({"klaviyo", "mailchimp"}));
  esp->add_option("--recommendations", args->recommendations,
                  "Recommended products per row (title, URL, image, price), from the trained "
                  "models (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, app::kMaxEspRecommendations));
  esp->add_option("--shop-url", args->shop_url,
                  "The storefront's address (https://roaster.example): products without a URL "
                  "link to its product pages; usually set once as [shop] url in mercato.toml");
  AddCurrencyOption(esp, args->currency);
  esp->callback([args, &exit_code] { exit_code = RunExportEsp(*args); });
}

}  // namespace mercato::cli
