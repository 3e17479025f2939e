// RFM quintile scoring by rank, and the segment rules.
#include "customers/rfm.h"

#include <algorithm>
#include <numeric>

#include "common/text.h"

namespace mercato::customers {
namespace {

constexpr std::string_view kNames[] = {
    "Champions",      "Loyal",   "Potential loyalist", "New",         "Promising",
    "Need attention", "At risk", "Can't lose",         "Hibernating", "Lost"};

// 1 + floor(5 * (customers strictly worse) / n), where larger values are better.
std::vector<uint8_t> Quintiles(std::span<const double> better_when_larger) {
  const size_t n = better_when_larger.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return better_when_larger[a] < better_when_larger[b];
  });
  std::vector<uint8_t> score(n);
  size_t worse = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && better_when_larger[order[i]] != better_when_larger[order[i - 1]]) worse = i;
    score[order[i]] = static_cast<uint8_t>(1 + (5 * worse) / n);
  }
  return score;
}

}  // namespace

std::string_view RfmSegmentName(RfmSegment segment) { return kNames[static_cast<size_t>(segment)]; }

std::optional<RfmSegment> ParseRfmSegment(std::string_view name) {
  const std::string wanted = ToLower(name);
  for (RfmSegment segment : AllRfmSegments()) {
    if (ToLower(RfmSegmentName(segment)) == wanted) return segment;
  }
  return std::nullopt;
}

const std::array<RfmSegment, kRfmSegmentCount>& AllRfmSegments() {
  static const std::array<RfmSegment, kRfmSegmentCount> all = [] {
    std::array<RfmSegment, kRfmSegmentCount> a{};
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<RfmSegment>(i);
    return a;
  }();
  return all;
}

RfmSegment SegmentOf(uint8_t r, uint8_t f, uint8_t m) {
  if (r >= 4 && f >= 4 && m >= 4) return RfmSegment::kChampions;
  if (r >= 3 && f >= 4) return RfmSegment::kLoyal;
  if (r <= 2 && f >= 4 && m >= 4) return RfmSegment::kCantLose;
  if (r <= 2 && f >= 3) return RfmSegment::kAtRisk;
  if (r == 5 && f == 1) return RfmSegment::kNew;
  if (r == 4 && f == 1) return RfmSegment::kPromising;
  if (r >= 4) return RfmSegment::kPotentialLoyalist;
  if (r == 3) return RfmSegment::kNeedAttention;
  if (r == 2) return RfmSegment::kHibernating;
  return RfmSegment::kLost;
}

std::vector<RfmScore> ScoreRfm(std::span<const double> days_since_last,
                               std::span<const double> purchases, std::span<const double> spend) {
  std::vector<double> recency(days_since_last.begin(), days_since_last.end());
  for (double& d : recency) d = -d;  // fewer days is better
  const std::vector<uint8_t> r = Quintiles(recency), f = Quintiles(purchases), m = Quintiles(spend);
  std::vector<RfmScore> out(r.size());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = {r[i], f[i], m[i], SegmentOf(r[i], f[i], m[i])};
  }
  return out;
}

}  // namespace mercato::customers
