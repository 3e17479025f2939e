// Decides returns line by line.
#include "synth/returns.h"

#include <algorithm>

#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

constexpr std::string_view kConditions[] = {"unopened", "like_new", "damaged", "worn"};
constexpr double kConditionWeights[] = {0.3, 0.5, 0.1, 0.1};

ReturnDecision Ordinary(const DepartmentSpec& d, double mean_delay, Rng& rng) {
  ReturnDecision r;
  r.delay_days = rng.GammaMeanSd(mean_delay, kReturnDelaySd);
  r.reason = d.return_reasons[rng.Index(d.return_reasons.size())];
  r.condition = kConditions[rng.Categorical(kConditionWeights)];
  return r;
}

}  // namespace

std::optional<ReturnDecision> DecideReturn(const CustomerState& c, const Catalog& catalog,
                                           uint32_t sku, int64_t unit_cents, Rng& rng) {
  const Sku& s = catalog.skus[sku];
  const DepartmentSpec& d = Departments()[s.dept];
  const bool fashion = d.name == "Apparel" || d.name == "Footwear";
  if (c.abuse == Abuse::kWardrobing && fashion && unit_cents >= catalog.dept_median_cents[s.dept]) {
    if (!rng.Bernoulli(kWardrobeReturnProb)) return std::nullopt;
    ReturnDecision r;
    r.delay_days = rng.Uniform(1.0, kWardrobeMaxDays);
    r.reason = rng.Bernoulli(0.5) ? "changed_mind" : "not_as_described";
    r.condition = "worn";
    return r;
  }
  double prob = std::min(0.9, d.return_rate * c.return_propensity);
  if (c.abuse == Abuse::kSerialReturner && d.name != "Grocery") {
    prob = std::max(prob, kSerialReturnProb);
  }
  if (!rng.Bernoulli(prob)) return std::nullopt;
  return Ordinary(d, kReturnDelayMean, rng);
}

}  // namespace mercato::synth
