// `mercato clv fit|predict`: buy-till-you-die models on a customer summary file.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "common/csv_writer.h"
#include "common/text.h"
#include "customers/bgnbd.h"
#include "customers/clv.h"
#include "customers/gamma_gamma.h"
#include "customers/pareto_nbd.h"
#include "customers/summary.h"

namespace mercato::cli {
namespace {

using customers::FitDiagnostics;

struct ClvArgs {
  std::string summary;
  double horizon = 39;
  double discount_rate = 0.0;
  double l2 = 0.0;
  bool json = false;
};

struct ClvModels {
  customers::SummaryTable table;
  customers::BgNbdFit bgnbd;
  customers::ParetoNbdFit pareto;
  std::optional<customers::GammaGammaFit> gamma_gamma;
};

Result<ClvModels> FitModels(const ClvArgs& args) {
  ClvModels m;
  ASSIGN_OR_RETURN(m.table, customers::ReadSummaryCsv(args.summary));
  customers::FitOptions options;
  options.l2_penalty = args.l2;
  ASSIGN_OR_RETURN(m.bgnbd, customers::FitBgNbd(m.table.customers, options));
  ASSIGN_OR_RETURN(m.pareto, customers::FitParetoNbd(m.table.customers, options));
  if (m.table.has_monetary) {
    ASSIGN_OR_RETURN(m.gamma_gamma, customers::FitGammaGamma(m.table.customers, options));
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

nlohmann::ordered_json FitJson(const ClvModels& m) {
  nlohmann::ordered_json j;
  const auto& b = m.bgnbd.params;
  j["bgnbd"] = {{"r", b.r}, {"alpha", b.alpha}, {"a", b.a}, {"b", b.b}};
  j["bgnbd"].update(Diagnostics(m.bgnbd.diagnostics));
  const auto& p = m.pareto.params;
  j["pareto_nbd"] = {{"r", p.r}, {"alpha", p.alpha}, {"s", p.s}, {"beta", p.beta}};
  j["pareto_nbd"].update(Diagnostics(m.pareto.diagnostics));
  if (m.gamma_gamma) {
    const auto& g = m.gamma_gamma->params;
    j["gamma_gamma"] = {{"p", g.p}, {"q", g.q}, {"v", g.gamma}};
    j["gamma_gamma"].update(Diagnostics(m.gamma_gamma->diagnostics));
    j["gamma_gamma"]["frequency_monetary_correlation"] =
        m.gamma_gamma->frequency_monetary_correlation;
  }
  return j;
}

int Fail(const char* command, const Status& status) {
  std::fprintf(stderr, "mercato clv %s: %s\n", command, status.message().c_str());
  return 1;
}

int RunFit(const ClvArgs& args) {
  auto models = FitModels(args);
  if (!models.ok()) return Fail("fit", models.status());
  const nlohmann::ordered_json j = FitJson(models.value());
  if (args.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  for (const auto& [model, fields] : j.items()) {
    std::cout << model << ":";
    for (const auto& [name, value] : fields.items()) std::cout << " " << name << "=" << value;
    std::cout << "\n";
  }
  return 0;
}

int RunPredict(const ClvArgs& args) {
  if (!(args.horizon > 0) || !std::isfinite(args.horizon)) {
    return Fail("predict", InvalidArgument("--horizon must be a finite number > 0"));
  }
  auto fitted = FitModels(args);
  if (!fitted.ok()) return Fail("predict", fitted.status());
  const ClvModels& m = fitted.value();
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const customers::CustomerSummary& c : m.table.customers) {
    nlohmann::ordered_json row = {
        {"id", c.id},
        {"p_alive", BgNbdProbabilityAlive(m.bgnbd.params, c)},
        {"expected_purchases", BgNbdExpectedPurchases(m.bgnbd.params, c, args.horizon)},
        {"pareto_nbd_p_alive", ParetoNbdProbabilityAlive(m.pareto.params, c)},
        {"pareto_nbd_expected_purchases",
         ParetoNbdExpectedPurchases(m.pareto.params, c, args.horizon)}};
    if (m.gamma_gamma) {
      const double spend = GammaGammaExpectedSpend(m.gamma_gamma->params, c);
      auto expected = [&](double t) { return BgNbdExpectedPurchases(m.bgnbd.params, c, t); };
      row["expected_spend"] = spend;
      row["clv"] = customers::DiscountedValue(
          expected, spend, args.horizon, args.discount_rate,
          static_cast<int>(std::clamp(std::ceil(args.horizon), 1.0, 1000.0)));
    }
    rows.push_back(std::move(row));
  }
  if (args.json) {
    std::cout << rows.dump(2) << "\n";
    return 0;
  }
  std::string out;
  for (const auto& [name, value] : rows.front().items()) {
    if (!out.empty()) out += ',';
    AppendCsvField(out, name);
  }
  out += '\n';
  for (const auto& row : rows) {
    bool first = true;
    for (const auto& [name, value] : row.items()) {
      if (!first) out += ',';
      first = false;
      AppendCsvField(
          out, value.is_string() ? value.get<std::string>() : FormatReal(value.get<double>()));
    }
    out += '\n';
  }
  std::cout << out;
  return 0;
}

}  // namespace

void RegisterClvCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ClvArgs>();
  CLI::App* clv = app.add_subcommand("clv", "Customer lifetime value: buy-till-you-die models");
  clv->require_subcommand(1);
  auto add_common = [&args](CLI::App* cmd) {
    cmd->add_option("--summary", args->summary,
                    "CSV with frequency,recency,T[,monetary_value] or x,t_x,T[,zbar]")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--l2", args->l2, "L2 penalty on the log-parameters")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print JSON");
  };
  CLI::App* fit = clv->add_subcommand("fit", "Fit BG/NBD, Pareto/NBD and Gamma-Gamma");
  add_common(fit);
  fit->callback([args, &exit_code] { exit_code = RunFit(*args); });
  CLI::App* predict =
      clv->add_subcommand("predict", "P(alive), expected purchases and CLV per customer");
  add_common(predict);
  predict->add_option("--horizon", args->horizon, "Periods ahead, in the file's time unit")
      ->capture_default_str();
  predict
      ->add_option("--discount-rate", args->discount_rate,
                   "Discount rate per time unit for the CLV (needs monetary values)")
      ->capture_default_str();
  predict->callback([args, &exit_code] { exit_code = RunPredict(*args); });
}

}  // namespace mercato::cli
