// `mercato clv fit|predict`: buy-till-you-die models on a customer summary file or on the
// store's transactions, with a holdout evaluation after a calibration end.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/clv_actions.h"
#include "cli/command_failure.h"
#include "cli/commands.h"
#include "cli/documented_options.h"
#include "cli/table_output.h"
#include "customers/btyd_model.h"

namespace mercato::cli {
namespace {

using customers::BtydKind;
using customers::BtydModel;
using customers::FitDiagnostics;

struct ClvArgs {
  app::PredictClvOptions options;  // options.fit: what both subcommands take
  bool json = false;
};

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
  j["degenerate"] = model.diagnostics.degenerate;
  if (model.diagnostics.degenerate) j["warning"] = model.diagnostics.warning;
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

nlohmann::ordered_json FitJson(const app::ClvFit& m) {
  nlohmann::ordered_json j;
  j["time_unit"] = m.time_unit;
  if (m.store_summaries) {
    j["customers"] = m.summaries.size();
    j["calibration_end"] = FormatTimestamp(m.store_summaries->calibration_end - 1).substr(0, 10);
  }
  j["enough_data"] = m.data_check.passed;
  j["data_check"] = m.data_check.Describe();
  for (const app::FittedBtyd& fitted : m.btyd) {
    nlohmann::ordered_json mj = ModelJson(fitted.model);
    if (fitted.holdout) mj["holdout"] = HoldoutJson(*fitted.holdout);
    j[std::string(customers::BtydName(fitted.model.kind))] = std::move(mj);
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
  auto models = app::FitClv(args.options.fit);
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
  auto prediction = app::PredictClv(args.options);
  if (!prediction.ok()) return Fail("clv predict", prediction.status());
  for (const std::string& warning : prediction->warnings) {
    std::cerr << "warning: " << warning << "\n";
  }
  std::vector<nlohmann::ordered_json> rows;
  for (const app::CustomerClv& c : prediction->customers) {
    nlohmann::ordered_json row = {{"id", c.id}};
    // The first model listed gives the unprefixed columns; the others are prefixed by name.
    for (size_t i = 0; i < prediction->models.size(); ++i) {
      const std::string prefix =
          i == 0 ? "" : std::string(customers::BtydName(prediction->models[i])) + "_";
      row[prefix + "p_alive"] = c.p_alive[i];
      row[prefix + "expected_purchases"] = c.expected_purchases[i];
    }
    if (c.clv) {
      row["expected_spend"] = *c.expected_spend;
      row["clv"] = *c.clv;
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
        cmd->add_option("--summary", args->options.fit.summary,
                        "CSV with frequency,recency,T[,monetary_value] or x,t_x,T[,zbar]");
    summary->check(CLI::ExistingFile);
    auto* db = cmd->add_option("--db", args->options.fit.db,
                               "Store to summarize (purchases are days with an order; weeks)");
    summary->excludes(db);
    AddDocumentedOptions(cmd, args->options.fit, app::ClvOptionDocs());
    cmd->get_option("--calibration-end")->needs(db);
    cmd->add_flag("--json", args->json, "Print JSON");
  };
  auto require_source = [args](CLI::App* cmd) {
    if (args->options.fit.summary.empty() && args->options.fit.db.empty()) {
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
  AddDocumentedOptions(predict, args->options, app::PredictClvOptionDocs());
  predict->callback([args, predict, require_source, &exit_code] {
    require_source(predict);
    exit_code = RunPredict(*args);
  });
}

}  // namespace mercato::cli
