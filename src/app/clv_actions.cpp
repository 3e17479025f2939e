// Fitting and predicting with the buy-till-you-die models.
#include "app/clv_actions.h"

#include <algorithm>
#include <cmath>

#include "app/customer_data.h"
#include "customers/clv.h"

namespace mercato::app {
namespace {

using customers::BtydKind;
using customers::BtydModel;

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

// The summaries to fit on, whether they carry monetary values.
Status LoadSummaries(const ClvOptions& args, ClvFit& m, bool& has_monetary) {
  if (!args.summary.empty()) {
    ASSIGN_OR_RETURN(customers::SummaryTable table, customers::ReadSummaryCsv(args.summary));
    m.summaries = std::move(table.customers);
    has_monetary = table.has_monetary;
    m.time_unit = "the file's";
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(CustomerData data, LoadCustomerData(args.db));
  const Timestamp data_end = DayOf(data.history.end) * kSecondsPerDay + kSecondsPerDay;
  Timestamp calibration_end = data_end;
  std::optional<Timestamp> holdout_end;
  if (!args.calibration_end.empty()) {
    ASSIGN_OR_RETURN(calibration_end, DayAfter(args.calibration_end, "--calibration-end"));
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
  has_monetary = true;
  m.time_unit = "weeks";
  return Status::Ok();
}

}  // namespace

std::span<const OptionDoc<ClvOptions>> ClvOptionDocs() {
  using O = ClvOptions;
  static const OptionDoc<O> kDocs[] = {
      {"calibration_end", "With --db: fit on purchases up to this date, evaluate on the rest",
       &O::calibration_end},
      {"models", "Models: bgnbd, mbgnbd, pareto_nbd (slow; not in the default list)", &O::models},
      {"l2", "L2 penalty on the log-parameters", &O::l2},
  };
  return kDocs;
}

std::span<const OptionDoc<PredictClvOptions>> PredictClvOptionDocs() {
  using O = PredictClvOptions;
  static const OptionDoc<O> kDocs[] = {
      {"horizon", "Periods ahead, in the data's time unit", &O::horizon},
      {"discount_rate", "Discount rate per time unit for the CLV (needs monetary values)",
       &O::discount_rate},
  };
  return kDocs;
}

Result<ClvFit> FitClv(const ClvOptions& options) {
  ClvFit m;
  ASSIGN_OR_RETURN(const std::vector<BtydKind> kinds, ParseModels(options.models));
  bool has_monetary = false;
  RETURN_IF_ERROR(LoadSummaries(options, m, has_monetary));
  m.data_check = customers::CheckModelData(
      m.summaries,
      m.store_summaries ? std::optional<double>(customers::kDaysPerSummaryUnit) : std::nullopt);
  customers::FitOptions fit;
  fit.l2_penalty = options.l2;
  for (BtydKind kind : kinds) {
    ASSIGN_OR_RETURN(BtydModel model, customers::FitBtyd(kind, m.summaries, fit));
    FittedBtyd fitted{model, std::nullopt};
    if (m.store_summaries && !m.store_summaries->holdout_purchases.empty()) {
      fitted.holdout = customers::EvaluateHoldout(model, *m.store_summaries);
    }
    m.btyd.push_back(std::move(fitted));
  }
  if (has_monetary) {
    std::vector<customers::CustomerSummary> spenders;
    for (const auto& c : m.summaries) {
      if (c.frequency > 0 && c.monetary > 0) spenders.push_back(c);
    }
    if (!spenders.empty()) {
      ASSIGN_OR_RETURN(m.gamma_gamma, customers::FitGammaGamma(spenders, fit));
    }
  }
  return m;
}

Result<ClvPrediction> PredictClv(const PredictClvOptions& options) {
  if (!(options.horizon > 0) || !std::isfinite(options.horizon)) {
    return InvalidArgument("--horizon must be a finite number > 0");
  }
  ASSIGN_OR_RETURN(const ClvFit m, FitClv(options.fit));
  ClvPrediction out;
  for (const FittedBtyd& f : m.btyd) out.models.push_back(f.model.kind);
  if (!m.data_check.passed) {
    out.warnings.push_back(
        "too little data for these models to be trusted: " + m.data_check.Describe() +
        " (`mercato customers list` uses the empirical estimate instead)");
  }
  for (const FittedBtyd& f : m.btyd) {
    if (f.model.diagnostics.degenerate) {
      out.warnings.push_back(std::string(customers::BtydName(f.model.kind)) + ": " +
                             f.model.diagnostics.warning);
    }
  }
  for (const customers::CustomerSummary& c : m.summaries) {
    CustomerClv row;
    row.id = c.id;
    for (const FittedBtyd& f : m.btyd) {
      row.p_alive.push_back(f.model.ProbabilityAlive(c));
      row.expected_purchases.push_back(f.model.ExpectedPurchases(c, options.horizon));
    }
    if (m.gamma_gamma && !m.btyd.empty()) {
      const BtydModel& model = m.btyd.front().model;
      const double spend = customers::GammaGammaExpectedSpend(m.gamma_gamma->params, c);
      auto expected = [&](double t) { return model.ExpectedPurchases(c, t); };
      row.expected_spend = spend;
      row.clv = customers::DiscountedValue(
          expected, spend, options.horizon, options.discount_rate,
          static_cast<int>(std::clamp(std::ceil(options.horizon), 1.0, 1000.0)));
    }
    out.customers.push_back(std::move(row));
  }
  return out;
}

}  // namespace mercato::app
