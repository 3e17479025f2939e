// `mercato clv fit|predict`: buy-till-you-die models on a customer summary file or on the
// store's transactions, with a holdout evaluation after a calibration end.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/customer_data.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/table_output.h"
#include "customers/btyd_model.h"
#include "customers/clv.h"
#include "customers/gamma_gamma.h"
#include "customers/holdout_evaluation.h"
#include "customers/purchase_summaries.h"
#include "customers/summary.h"

namespace mercato::cli {
namespace {

using customers::BtydKind;
using customers::BtydModel;
using customers::FitDiagnostics;

struct ClvArgs {
  std::string summary;
  std::string db;
  std::string calibration_end;
  std::vector<std::string> models{"bgnbd", "mbgnbd", "pareto_nbd"};
  double horizon = 39;
  double discount_rate = 0.0;
  double l2 = 0.0;
  bool json = false;
};

struct ClvModels {
  std::vector<customers::CustomerSummary> summaries;
  bool has_monetary = false;
  std::vector<BtydModel> btyd;
  std::optional<customers::GammaGammaFit> gamma_gamma;
  /// From the store only.
  std::optional<customers::PurchaseSummaries> store_summaries;
  std::string time_unit;
};

Result<std::vector<BtydKind>> ParseModels(const std::vector<std::string>& names) {
  std::vector<BtydKind> kinds;
  for (const std::string& name : names) {
    const auto kind = customers::ParseBtydKind(name);
    if (!kind) {
      return InvalidArgument("--models " + name + ": expected bgnbd, mbgnbd or pareto_nbd");
    }
    kinds.push_back(*kind);
  }
  return kinds;
}

Status LoadSummaries(const ClvArgs& args, ClvModels& m) {
  if (!args.summary.empty()) {
    ASSIGN_OR_RETURN(customers::SummaryTable table, customers::ReadSummaryCsv(args.summary));
    m.summaries = std::move(table.customers);
    m.has_monetary = table.has_monetary;
    m.time_unit = "the file's";
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(app::CustomerData data, app::LoadCustomerData(args.db));
  const Timestamp data_end = DayOf(data.history.end) * kSecondsPerDay + kSecondsPerDay;
  Timestamp calibration_end = data_end;
  std::optional<Timestamp> holdout_end;
  if (!args.calibration_end.empty()) {
    ASSIGN_OR_RETURN(calibration_end, app::DayAfter(args.calibration_end, "--calibration-end"));
    if (calibration_end >= data_end) {
      return InvalidArgument("--calibration-end " + args.calibration_end + ": the data ends on " +
                             FormatTimestamp(data.history.end).substr(0, 10) +
                             ", leaving no holdout period");
    }
    holdout_end = data_end;
  }
  m.store_summaries = customers::SummarizePurchases(data.history, calibration_end, holdout_end);
  if (m.store_summaries->summaries.empty()) {
    return InvalidArgument("--calibration-end " + args.calibration_end +
                           ": no customer bought before it");
  }
  m.summaries = m.store_summaries->summaries;
  m.has_monetary = true;
  m.time_unit = "weeks";
  return Status::Ok();
}

Result<ClvModels> FitModels(const ClvArgs& args) {
  ClvModels m;
  ASSIGN_OR_RETURN(const std::vector<BtydKind> kinds, ParseModels(args.models));
  RETURN_IF_ERROR(LoadSummaries(args, m));
  customers::FitOptions options;
  options.l2_penalty = args.l2;
  for (BtydKind kind : kinds) {
    ASSIGN_OR_RETURN(BtydModel model, customers::FitBtyd(kind, m.summaries, options));
    m.btyd.push_back(model);
  }
  if (m.has_monetary) {
    std::vector<customers::CustomerSummary> spenders;
    for (const auto& c : m.summaries) {
      if (c.frequency > 0 && c.monetary > 0) spenders.push_back(c);
    }
    if (!spenders.empty()) {
      ASSIGN_OR_RETURN(m.gamma_gamma, customers::FitGammaGamma(spenders, options));
    }
  }
  return m;
}

nlohmann::ordered_json Diagnostics(const FitDiagnostics& d) {
  return {{"loglik", d.log_likelihood},
          {"customers", d.customers},
          {"iterations", d.iterations},
          {"restarts", d.restarts},
          {"converged", d.converged}};
}

nlohmann::ordered_json ModelJson(const BtydModel& model) {
  const auto& p = model.params;
  nlohmann::ordered_json j =
      model.kind == BtydKind::kParetoNbd
          ? nlohmann::ordered_json{{"r", p[0]}, {"alpha", p[1]}, {"s", p[2]}, {"beta", p[3]}}
          : nlohmann::ordered_json{{"r", p[0]}, {"alpha", p[1]}, {"a", p[2]}, {"b", p[3]}};
  j.update(Diagnostics(model.diagnostics));
  return j;
}

nlohmann::ordered_json HoldoutJson(const customers::HoldoutEvaluation& e) {
  nlohmann::ordered_json j = {{"customers", e.customers},
                              {"weeks", e.holdout_weeks},
                              {"actual_repeat_purchases", e.actual_total},
                              {"predicted_repeat_purchases", e.predicted_total},
                              {"mae", e.mae},
                              {"correlation", e.correlation},
                              {"customers_buying_again", e.repeaters}};
  j["auc_buys_again"] = e.auc ? nlohmann::ordered_json(*e.auc) : nlohmann::ordered_json(nullptr);
  return j;
}

nlohmann::ordered_json FitJson(const ClvModels& m) {
  nlohmann::ordered_json j;
  j["time_unit"] = m.time_unit;
  if (m.store_summaries) {
    j["customers"] = m.summaries.size();
    j["calibration_end"] = FormatTimestamp(m.store_summaries->calibration_end - 1).substr(0, 10);
  }
  for (const BtydModel& model : m.btyd) {
    nlohmann::ordered_json mj = ModelJson(model);
    if (m.store_summaries && !m.store_summaries->holdout_purchases.empty()) {
      mj["holdout"] = HoldoutJson(customers::EvaluateHoldout(model, *m.store_summaries));
    }
    j[std::string(customers::BtydName(model.kind))] = std::move(mj);
  }
  if (m.gamma_gamma) {
    const auto& g = m.gamma_gamma->params;
    j["gamma_gamma"] = {{"p", g.p}, {"q", g.q}, {"v", g.gamma}};
    j["gamma_gamma"].update(Diagnostics(m.gamma_gamma->diagnostics));
    j["gamma_gamma"]["frequency_monetary_correlation"] =
        m.gamma_gamma->frequency_monetary_correlation;
  }
  return j;
}

void PrintText(const nlohmann::ordered_json& j) {
  for (const auto& [model, fields] : j.items()) {
    if (!fields.is_object()) {
      std::cout << model << ": " << fields << "\n";
      continue;
    }
    std::cout << model << ":";
    for (const auto& [name, value] : fields.items()) {
      if (value.is_object()) continue;
      std::cout << " " << name << "=" << value;
    }
    std::cout << "\n";
    if (fields.contains("holdout")) {
      std::cout << "  holdout:";
      for (const auto& [name, value] : fields["holdout"].items()) {
        std::cout << " " << name << "=" << value;
      }
      std::cout << "\n";
    }
  }
}

int RunFit(const ClvArgs& args) {
  auto models = FitModels(args);
  if (!models.ok()) return Fail("clv fit", models.status());
  const nlohmann::ordered_json j = FitJson(models.value());
  if (args.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    PrintText(j);
  }
  return 0;
}

int RunPredict(const ClvArgs& args) {
  if (!(args.horizon > 0) || !std::isfinite(args.horizon)) {
    return Fail("clv predict", InvalidArgument("--horizon must be a finite number > 0"));
  }
  auto fitted = FitModels(args);
  if (!fitted.ok()) return Fail("clv predict", fitted.status());
  const ClvModels& m = fitted.value();
  std::vector<nlohmann::ordered_json> rows;
  for (const customers::CustomerSummary& c : m.summaries) {
    nlohmann::ordered_json row = {{"id", c.id}};
    // The first model listed gives the unprefixed columns; the others are prefixed by name.
    for (size_t i = 0; i < m.btyd.size(); ++i) {
      const BtydModel& model = m.btyd[i];
      const std::string prefix = i == 0 ? "" : std::string(customers::BtydName(model.kind)) + "_";
      row[prefix + "p_alive"] = model.ProbabilityAlive(c);
      row[prefix + "expected_purchases"] = model.ExpectedPurchases(c, args.horizon);
    }
    if (m.gamma_gamma && !m.btyd.empty()) {
      const BtydModel& model = m.btyd.front();
      const double spend = GammaGammaExpectedSpend(m.gamma_gamma->params, c);
      auto expected = [&](double t) { return model.ExpectedPurchases(c, t); };
      row["expected_spend"] = spend;
      row["clv"] = customers::DiscountedValue(
          expected, spend, args.horizon, args.discount_rate,
          static_cast<int>(std::clamp(std::ceil(args.horizon), 1.0, 1000.0)));
    }
    rows.push_back(std::move(row));
  }
  if (args.json) {
    std::cout << nlohmann::ordered_json(rows).dump(2) << "\n";
    return 0;
  }
  std::cout << RowsAsCsv(rows);
  return 0;
}

}  // namespace

void RegisterClvCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ClvArgs>();
  CLI::App* clv = app.add_subcommand("clv", "Customer lifetime value: buy-till-you-die models");
  clv->require_subcommand(1);
  auto add_common = [&args](CLI::App* cmd) {
    auto* summary =
        cmd->add_option("--summary", args->summary,
                        "CSV with frequency,recency,T[,monetary_value] or x,t_x,T[,zbar]");
    summary->check(CLI::ExistingFile);
    auto* db = cmd->add_option("--db", args->db,
                               "Store to summarize (purchases are days with an order; weeks)");
    summary->excludes(db);
    cmd->add_option("--calibration-end", args->calibration_end,
                    "With --db: fit on purchases up to this date, evaluate on the rest")
        ->needs(db);
    cmd->add_option("--models", args->models, "Models: bgnbd, mbgnbd, pareto_nbd")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--l2", args->l2, "L2 penalty on the log-parameters")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print JSON");
  };
  auto require_source = [args](CLI::App* cmd) {
    if (args->summary.empty() && args->db.empty()) {
      throw CLI::RequiredError(cmd->get_name() + ": --summary or --db");
    }
  };
  CLI::App* fit = clv->add_subcommand("fit", "Fit BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma");
  add_common(fit);
  fit->callback([args, fit, require_source, &exit_code] {
    require_source(fit);
    exit_code = RunFit(*args);
  });
  CLI::App* predict =
      clv->add_subcommand("predict", "P(alive), expected purchases and CLV per customer");
  add_common(predict);
  predict->add_option("--horizon", args->horizon, "Periods ahead, in the data's time unit")
      ->capture_default_str();
  predict
      ->add_option("--discount-rate", args->discount_rate,
                   "Discount rate per time unit for the CLV (needs monetary values)")
      ->capture_default_str();
  predict->callback([args, predict, require_source, &exit_code] {
    require_source(predict);
    exit_code = RunPredict(*args);
  });
}

}  // namespace mercato::cli
