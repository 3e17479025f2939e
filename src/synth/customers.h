// Planted customers: BG/NBD purchase rate and dropout, Gamma-Gamma spend, taste over
// subcategories, segment, region, abuse type and consent history (customers.csv, consents.csv).
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "synth/catalog.h"
#include "synth/clock.h"
#include "synth/demand.h"
#include "synth/generator.h"
#include "synth/output.h"
#include "synth/random.h"

namespace mercato::synth {

enum class Segment : uint8_t { kPriceSensitive, kConvenienceSeeker, kImpulse, kLoyal };
constexpr size_t kSegmentCount = 4;
std::string_view SegmentName(Segment s);
/// Planted share of each segment.
const std::array<double, kSegmentCount>& SegmentShares();

enum class Abuse : uint8_t { kNone, kWardrobing, kSerialReturner };
std::string_view AbuseName(Abuse a);

constexpr double kNever = std::numeric_limits<double>::infinity();

// Planted consent behaviour.
constexpr std::array<std::string_view, 4> kConsentPurposes{"personalization", "email_marketing",
                                                           "sms_marketing", "sale_sharing"};
/// Opt-in regimes: grant rate at sign-up per purpose (sms only for customers with a phone).
constexpr std::array<double, 4> kOptInGrantRate{0.70, 0.45, 0.12, 0.08};
/// Opt-out regimes: explicit opt-out at sign-up (any purpose), and for sale_sharing in California.
constexpr double kOptOutSignupRate = 0.04;
constexpr double kCaliforniaSaleOptOutRate = 0.15;
/// Later changes, at sign-up + Exponential(mean kConsentChangeMeanDays) if within the period:
/// revocation of an allowed email_marketing / personalization, grant of a refused email_marketing.
constexpr double kEmailRevokeRate = 0.12;
constexpr double kPersonalizationRevokeRate = 0.03;
constexpr double kEmailLaterGrantRate = 0.10;
constexpr double kConsentChangeMeanDays = 200.0;

struct CustomerState {
  double lambda = 0;             // repeat purchases per day (BG/NBD λ)
  double p = 0;                  // dropout probability after each repeat purchase
  double nu = 0;                 // Gamma-Gamma rate: mean spend p_spend / ν
  double acquired = 0;           // simulation time of sign-up and first order
  double death = kNever;         // time of dropout
  double bound = 0;              // max over days of the intensity multiplier (for thinning)
  double return_propensity = 1;  // multiplies the department return rates
  double email_change = -1;      // time of the one later change of email_marketing consent, or -1
  std::array<uint16_t, 3> taste{};
  std::array<float, 3> taste_weight{};  // share of purchases from taste[i]; the rest is background
  uint8_t taste_count = 0;
  uint16_t region = 0;  // index into Regions()
  Segment segment = Segment::kLoyal;
  Abuse abuse = Abuse::kNone;
  bool email_initial = false;  // email_marketing allowed at sign-up
  uint32_t repeat_orders = 0;  // BG/NBD repeat purchases made in the period

  bool alive() const { return death == kNever; }
  /// Whether email marketing is allowed at time t.
  bool EmailAllowed(double t) const {
    return email_change >= 0 && t >= email_change ? !email_initial : email_initial;
  }
};

/// Id of the i-th customer: C0000001, ...
std::string CustomerId(size_t i);

/// Draws every customer, writes customers.csv and consents.csv.
std::vector<CustomerState> PlanCustomers(const SynthConfig& config, const Catalog& catalog,
                                         const DemandCalendar& calendar, const Clock& clock,
                                         Rng& rng, Sinks& sinks);

}  // namespace mercato::synth
