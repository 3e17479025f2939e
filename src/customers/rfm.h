// RFM scores (quintiles of recency, frequency and monetary value) and the named segments built
// from them. The rules are documented in docs/customers.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace mercato::customers {

enum class RfmSegment {
  kChampions,
  kLoyal,
  kPotentialLoyalist,
  kNew,
  kPromising,
  kNeedAttention,
  kAtRisk,
  kCantLose,
  kHibernating,
  kLost,
};
inline constexpr size_t kRfmSegmentCount = 10;

/// "Champions", "Loyal", "Potential loyalist", "New", "Promising", "Need attention", "At risk",
/// "Can't lose", "Hibernating", "Lost".
std::string_view RfmSegmentName(RfmSegment segment);
/// Every segment, in the order above.
const std::array<RfmSegment, kRfmSegmentCount>& AllRfmSegments();
/// The segment named `name` (a name above, any letter case), nullopt for other names.
std::optional<RfmSegment> ParseRfmSegment(std::string_view name);

struct RfmScore {
  uint8_t recency = 0, frequency = 0, monetary = 0;  // 1..5, 5 best
  RfmSegment segment = RfmSegment::kLost;
};

/// Quintile scores: a customer's score is 1 + floor(5 q), q the fraction of customers ranked
/// strictly worse (so ties share a score). Recency is days since the last purchase (fewer is
/// better), frequency the number of purchases, monetary the total spend. All spans have one
/// entry per customer.
std::vector<RfmScore> ScoreRfm(std::span<const double> days_since_last,
                               std::span<const double> purchases, std::span<const double> spend);

/// The segment of a score (first matching rule):
/// Champions R>=4, F>=4, M>=4; Loyal R>=3, F>=4; Can't lose R<=2, F>=4, M>=4; At risk R<=2,
/// F>=3; New R=5, F=1; Promising R=4, F=1; Potential loyalist R>=4 (F 2-3); Need attention R=3
/// (F<=3); Hibernating R=2 (F<=2); Lost R=1 (F<=2).
RfmSegment SegmentOf(uint8_t recency, uint8_t frequency, uint8_t monetary);

}  // namespace mercato::customers
