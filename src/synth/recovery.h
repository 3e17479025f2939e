// Planted cart-recovery behaviour: the incentives a recovery email can carry and the probability
// that each customer segment comes back to its abandoned cart under each of them.
#pragma once

#include <array>
#include <string_view>

#include "synth/customers.h"

namespace mercato::synth {

enum class Incentive : uint8_t { kFreeShipping, kPctDiscount, kUrgency, kNone };
constexpr size_t kIncentiveCount = 4;
constexpr std::array<std::string_view, kIncentiveCount> kIncentiveNames{
    "free_shipping", "pct_discount", "urgency", "none"};

/// P(recovery | segment, incentive of the email), rows in Segment order.
constexpr std::array<std::array<double, kIncentiveCount>, kSegmentCount> kRecoveryProb{{
    {0.12, 0.30, 0.08, 0.06},  // price_sensitive: responds to a discount
    {0.28, 0.12, 0.10, 0.07},  // convenience_seeker: responds to free shipping
    {0.10, 0.12, 0.30, 0.08},  // impulse: responds to urgency
    {0.20, 0.21, 0.19, 0.18},  // loyal: about the same for all
}};
/// P(recovery | segment) when no email may be sent (no email_marketing consent).
constexpr std::array<double, kSegmentCount> kRecoveryWithoutEmail{0.04, 0.04, 0.05, 0.12};
/// Percentage off of the pct_discount incentive (code COMEBACK10) and of the first-order code
/// WELCOME10, used by kWelcomeCodeShare of first orders.
constexpr double kIncentivePct = 10.0;
constexpr double kWelcomeCodeShare = 0.25;
/// Orders from this subtotal (after discount) on ship free; otherwise shipping costs kShipping.
constexpr int64_t kFreeShippingFromCents = 5000;
constexpr int64_t kShippingCents = 599;
/// A cart idle for this long is declared abandoned; the email follows kEmailDelayDays later.
constexpr double kAbandonAfterDays = 1.0 / 24.0;
constexpr double kEmailDelayDays = 5.0 / 1440.0;
/// Time from the email to the recovering purchase: gamma mean and sd (days).
constexpr double kRecoveryDelayMean = 0.75;
constexpr double kRecoveryDelaySd = 0.5;

}  // namespace mercato::synth
