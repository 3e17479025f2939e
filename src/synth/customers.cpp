// Draws the customers, their planted parameters and their consent ledger.
#include "synth/customers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/text.h"
#include "synth/vocabulary.h"

namespace mercato::synth {

namespace {

// Acquisition time: the day with density ∝ 1 − decline·x on [0, 1) (by inverting its CDF), the
// time of day by the hourly profile.
double DrawAcquisition(double decline, const Clock& clock, Rng& rng) {
  const double u = rng.Uniform();
  const double x =
      decline <= 1e-9
          ? u
          : (1.0 - std::sqrt(1.0 - 2.0 * decline * u * (1.0 - decline / 2.0))) / decline;
  const double day = std::floor(std::min(x, 0.999999) * static_cast<double>(clock.days()));
  return day + clock.TimeOfDay(rng.Uniform());
}

void DrawTaste(const Catalog& catalog, bool apparel_first, double background, Rng& rng,
               CustomerState& c) {
  std::vector<double> share(catalog.subcats.size());
  for (size_t s = 0; s < share.size(); ++s) {
    share[s] = static_cast<double>(catalog.subcats[s].skus.size());
  }
  static constexpr double kCountProbs[] = {0.35, 0.40, 0.25};
  c.taste_count = static_cast<uint8_t>(rng.Categorical(kCountProbs) + 1);
  std::array<double, 3> w{};
  double total = 0;
  for (uint8_t i = 0; i < c.taste_count; ++i) {
    size_t s = 0;
    if (i == 0 && apparel_first) {
      s = rng.Index(Departments()[0].subcategories.size());  // Apparel is department 0
    } else if (i > 0 && rng.Bernoulli(0.6)) {
      // Coherent tastes: another subcategory of the first one's department.
      const int dept = catalog.subcats[c.taste[0]].dept;
      std::vector<size_t> same;
      for (size_t t = 0; t < catalog.subcats.size(); ++t) {
        if (catalog.subcats[t].dept == dept) same.push_back(t);
      }
      s = same[rng.Index(same.size())];
    } else {
      s = rng.Categorical(share);
    }
    if (std::find(c.taste.begin(), c.taste.begin() + i, s) != c.taste.begin() + i) {
      c.taste_count = i;  // a repeat: keep the distinct ones
      break;
    }
    c.taste[i] = static_cast<uint16_t>(s);
    w[i] = rng.Exponential(1.0);
    total += w[i];
  }
  for (uint8_t i = 0; i < c.taste_count; ++i) {
    c.taste_weight[i] = static_cast<float>((1.0 - background) * w[i] / total);
  }
}

std::string Digits(int n, Rng& rng) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Index(10)));
  return s;
}

void WriteConsent(Sinks& sinks, const std::string& id, std::string_view purpose, bool granted,
                  Timestamp ts, std::string_view source) {
  Consent row;
  row.customer_id = id;
  row.purpose = std::string(purpose);
  row.granted = granted;
  row.ts = ts;
  row.source = std::string(source);
  sinks.Write(row);
}

// Sign-up consents by regime, then at most one later change per purpose.
void PlanConsents(const Customer& customer, bool has_phone, const RegionSpec& region,
                  const Clock& clock, double acquired, Rng& rng, Sinks& sinks, CustomerState& c) {
  const Timestamp signup = *customer.created_at;
  std::array<bool, 4> allowed{};
  for (size_t i = 0; i < kConsentPurposes.size(); ++i) {
    if (region.regime == ConsentRegime::kOptIn) {
      allowed[i] = (i != 2 || has_phone) && rng.Bernoulli(kOptInGrantRate[i]);
      WriteConsent(sinks, customer.id, kConsentPurposes[i], allowed[i], signup, "signup");
    } else {
      const double opt_out =
          i == 3 && region.group == "US-CA" ? kCaliforniaSaleOptOutRate : kOptOutSignupRate;
      allowed[i] = !rng.Bernoulli(opt_out);
      if (!allowed[i])
        WriteConsent(sinks, customer.id, kConsentPurposes[i], false, signup, "signup");
    }
  }
  c.email_initial = allowed[1];
  const double days = static_cast<double>(clock.days());
  // Later changes: unsubscribes (revocations) and grants at checkout.
  for (size_t i = 0; i < 2; ++i) {
    const double rate = allowed[i] ? (i == 1 ? kEmailRevokeRate : kPersonalizationRevokeRate)
                                   : (i == 1 ? kEmailLaterGrantRate : 0.0);
    if (!rng.Bernoulli(rate)) continue;
    const double t = acquired + rng.Exponential(1.0 / kConsentChangeMeanDays);
    if (t >= days) continue;
    const char* source =
        allowed[i] ? (i == 1 ? "unsubscribe_link" : "preference-center") : "checkout";
    WriteConsent(sinks, customer.id, kConsentPurposes[i], !allowed[i], clock.ToTimestamp(t),
                 source);
    if (i == 1) c.email_change = t;
  }
}

}  // namespace

std::string_view SegmentName(Segment s) {
  static constexpr std::string_view kNames[] = {"price_sensitive", "convenience_seeker", "impulse",
                                                "loyal"};
  return kNames[static_cast<size_t>(s)];
}

const std::array<double, kSegmentCount>& SegmentShares() {
  static const std::array<double, kSegmentCount> s{0.30, 0.25, 0.20, 0.25};
  return s;
}

std::string_view AbuseName(Abuse a) {
  static constexpr std::string_view kNames[] = {"none", "wardrobing", "serial_returner"};
  return kNames[static_cast<size_t>(a)];
}

std::string CustomerId(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "C%07zu", i + 1);
  return buf;
}

std::vector<CustomerState> PlanCustomers(const SynthConfig& config, const Catalog& catalog,
                                         const DemandCalendar& calendar, const Clock& clock,
                                         Rng& rng, Sinks& sinks) {
  const auto& regions = Regions();
  std::vector<double> region_weights;
  for (const auto& r : regions) region_weights.push_back(r.weight);
  static constexpr double kChannelWeights[] = {0.3, 0.2, 0.2, 0.05, 0.1, 0.15};
  static constexpr std::string_view kChannels[] = {"organic_search", "paid_search", "social",
                                                   "email",          "referral",    "direct"};
  const double max_weekday = *std::max_element(DemandCalendar::WeekdayMultipliers().begin(),
                                               DemandCalendar::WeekdayMultipliers().end());

  std::vector<CustomerState> out(config.customers);
  for (size_t i = 0; i < out.size(); ++i) {
    CustomerState& c = out[i];
    c.lambda = rng.Gamma(config.bgnbd_r, 1.0 / config.bgnbd_alpha);
    c.p = rng.Beta(config.bgnbd_a, config.bgnbd_b);
    c.nu = rng.Gamma(config.spend_q, 1.0 / config.spend_gamma);
    c.acquired = DrawAcquisition(config.acquisition_decline, clock, rng);
    c.segment = static_cast<Segment>(rng.Categorical(SegmentShares()));
    if (rng.Bernoulli(config.abuser_share)) {
      c.abuse = rng.Bernoulli(0.5) ? Abuse::kWardrobing : Abuse::kSerialReturner;
    }
    c.return_propensity = rng.Gamma(4.0, 0.25);
    DrawTaste(catalog, c.abuse == Abuse::kWardrobing, config.taste_background, rng, c);
    double bound = config.taste_background * calendar.MaxBackground();
    for (uint8_t t = 0; t < c.taste_count; ++t) {
      bound += c.taste_weight[t] * calendar.MaxSubcat(c.taste[t]);
    }
    c.bound = max_weekday * clock.MaxHourFactor() * bound;
    c.region = static_cast<uint16_t>(rng.Categorical(region_weights));
    const RegionSpec& region = regions[c.region];

    Customer row;
    row.id = CustomerId(i);
    row.first_name = std::string(FirstNames()[rng.Index(FirstNames().size())]);
    row.last_name = std::string(LastNames()[rng.Index(LastNames().size())]);
    row.email = ToLower(row.first_name) + "." + ToLower(row.last_name) + "." +
                std::to_string(i + 1) + "@example.com";
    const bool has_phone = rng.Bernoulli(0.4);
    if (has_phone) row.phone = "+1555" + Digits(7, rng);
    row.country = std::string(region.country);
    row.region = std::string(region.region);
    row.city = std::string(region.city);
    row.postal_code = Digits(region.postal_digits, rng);
    row.created_at = clock.ToTimestamp(c.acquired);
    row.channel = std::string(kChannels[rng.Categorical(kChannelWeights)]);
    sinks.Write(row);
    PlanConsents(row, has_phone, region, clock, c.acquired, rng, sinks, c);
  }
  return out;
}

}  // namespace mercato::synth
