// Writes the recommendations holdout's exposures and its planted truth.
#include "synth/holdout.h"

#include <cmath>
#include <cstdio>

#include "common/csv_writer.h"
#include "common/time.h"
#include "synth/customers.h"

namespace mercato::synth {

experiment::Assigner HoldoutAssigner(const SynthConfig& config) {
  experiment::AssignmentSpec spec;
  spec.salt = kHoldoutExperiment;
  spec.weights = {config.rec_holdout_share, 1.0 - config.rec_holdout_share};
  // The spec is valid for every config ValidateConfig accepts (a share in (0, 1)).
  return experiment::Assigner::Create(std::move(spec)).value();
}

Status WriteHoldoutExposures(const std::vector<HoldoutExposure>& exposures, const Clock& clock,
                             const std::string& dir) {
  ASSIGN_OR_RETURN(auto csv, CsvWriter::Create(dir + "/experiment_exposures.csv"));
  csv->WriteRow({"experiment", "unit", "variant", "exposed_at"});
  for (const HoldoutExposure& e : exposures) {
    csv->WriteRow({kHoldoutExperiment, CustomerId(e.customer),
                   e.treatment ? "treatment" : "control",
                   FormatTimestamp(clock.ToTimestamp(e.at))});
  }
  return csv->Close();
}

namespace {

// The first day exposures happen: rec_test_start of the period, at midnight.
Timestamp TestStart(const SynthConfig& config, const Clock& clock) {
  return clock.ToTimestamp(std::floor(config.rec_test_start * static_cast<double>(config.days)));
}

}  // namespace

Status WriteHoldoutDefinition(const SynthConfig& config, const Clock& clock,
                              const std::string& dir) {
  const nlohmann::ordered_json definition = nlohmann::ordered_json::array({{
      {"key", kHoldoutExperiment},
      {"name", "Recommendations against none (holdout)"},
      {"capability", "recommendations"},
      {"unit", "customer"},
      {"status", "running"},
      {"variants",
       {{{"name", "control"},
         {"weight", config.rec_holdout_share},
         {"config", {{"recommender", "none"}}}},
        {{"name", "treatment"},
         {"weight", 1.0 - config.rec_holdout_share},
         {"config", nlohmann::ordered_json::object()}}}},
      {"primary_metric", "revenue_per_visitor"},
      {"attribution_days", config.rec_attribution_days},
      {"started_at", FormatTimestamp(TestStart(config, clock))},
  }});
  const std::string path = dir + "/experiments.json";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return IoError("cannot write " + path);
  const std::string text = definition.dump(1) + "\n";
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return IoError("writing " + path + " failed (disk full?)");
  return Status::Ok();
}

nlohmann::ordered_json HoldoutTruthJson(const SynthConfig& config, const Clock& clock,
                                        const std::vector<HoldoutExposure>& exposures) {
  struct Arm {
    int64_t units = 0, orders = 0, caused_orders = 0;
    double revenue = 0, caused = 0;
  };
  Arm arm[2];  // control, treatment
  for (const HoldoutExposure& e : exposures) {
    Arm& a = arm[e.treatment ? 1 : 0];
    ++a.units;
    a.orders += e.window_orders;
    a.revenue += e.window_revenue;
    a.caused_orders += e.caused_orders;
    a.caused += e.caused_revenue;
  }
  auto per_unit = [](double sum, int64_t n) { return n > 0 ? sum / static_cast<double>(n) : 0.0; };
  const Arm& treated = arm[1];
  const double caused_per_unit = per_unit(treated.caused, treated.units);
  // What the treated would have spent without recommendations: their revenue less what the
  // recommendations caused (the arms differ only by those orders).
  const double without = per_unit(treated.revenue - treated.caused, treated.units);
  auto cents = [](double x) { return std::round(x * 100.0) / 100.0; };
  auto arm_json = [&](const Arm& a) {
    return nlohmann::ordered_json{{"units", a.units},
                                  {"orders", a.orders},
                                  {"revenue", cents(a.revenue)},
                                  {"revenue_per_visitor", per_unit(a.revenue, a.units)}};
  };
  return {
      {"experiment", kHoldoutExperiment},
      {"unit", "customer"},
      {"design",
       "from test_start each customer's first visit exposes them; held out with probability "
       "holdout_share (control: no recommendations), else shown recommendations, which add "
       "purchase occasions at rec_lift times the customer's own repeat-purchase intensity "
       "(BG/NBD lambda times the seasonal and weekday factors), never ending their lifetime"},
      {"test_start", FormatTimestamp(TestStart(config, clock))},
      {"holdout_share", config.rec_holdout_share},
      {"rec_lift", config.rec_lift},
      {"attribution_days", config.rec_attribution_days},
      {"revenue",
       "order line subtotal less the order's discount (no shipping), orders placed in "
       "[exposed_at, exposed_at + attribution_days)"},
      {"control", arm_json(arm[0])},
      {"treatment", arm_json(treated)},
      {"caused_orders", treated.caused_orders},
      {"planted_rpv_lift", caused_per_unit},
      {"planted_rpv_lift_relative", without > 0 ? caused_per_unit / without : 0.0},
      {"note",
       "planted_rpv_lift is the revenue per treated customer that recommendations caused within "
       "the window (their orders and the follow-ups those triggered); an unbiased experiment "
       "report's treatment-minus-control revenue per visitor estimates it"},
  };
}

}  // namespace mercato::synth
