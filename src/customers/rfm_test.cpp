// Tests of RFM quintiles (ties share a score) and of the segment rules.
#include "customers/rfm.h"

#include <gtest/gtest.h>

#include <set>

namespace mercato::customers {
namespace {

TEST(Rfm, QuintilesByRankWithTiesSharingAScore) {
  // Ten customers: recency 1..10 days, frequency with a big tie, spend 10..100.
  std::vector<double> days, purchases, spend;
  for (int i = 0; i < 10; ++i) {
    days.push_back(i + 1);
    purchases.push_back(i < 6 ? 1 : i - 4);
    spend.push_back(10.0 * (i + 1));
  }
  const std::vector<RfmScore> s = ScoreRfm(days, purchases, spend);
  EXPECT_EQ(s[0].recency, 5);  // most recent
  EXPECT_EQ(s[9].recency, 1);
  EXPECT_EQ(s[9].monetary, 5);
  EXPECT_EQ(s[0].monetary, 1);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(s[i].frequency, 1);  // the tie: all worst
  EXPECT_EQ(s[6].frequency, 4);                              // 6 of 10 strictly worse
  EXPECT_EQ(s[9].frequency, 5);
}

TEST(Rfm, EveryScoreHasExactlyOneSegment) {
  std::set<RfmSegment> seen;
  for (uint8_t r = 1; r <= 5; ++r)
    for (uint8_t f = 1; f <= 5; ++f)
      for (uint8_t m = 1; m <= 5; ++m) seen.insert(SegmentOf(r, f, m));
  EXPECT_EQ(seen.size(), kRfmSegmentCount);  // every segment is reachable
}

TEST(Rfm, SegmentRules) {
  EXPECT_EQ(SegmentOf(5, 5, 5), RfmSegment::kChampions);
  EXPECT_EQ(SegmentOf(3, 5, 1), RfmSegment::kLoyal);
  EXPECT_EQ(SegmentOf(1, 5, 5), RfmSegment::kCantLose);
  EXPECT_EQ(SegmentOf(2, 3, 5), RfmSegment::kAtRisk);
  EXPECT_EQ(SegmentOf(5, 1, 2), RfmSegment::kNew);
  EXPECT_EQ(SegmentOf(4, 1, 2), RfmSegment::kPromising);
  EXPECT_EQ(SegmentOf(5, 3, 2), RfmSegment::kPotentialLoyalist);
  EXPECT_EQ(SegmentOf(3, 2, 2), RfmSegment::kNeedAttention);
  EXPECT_EQ(SegmentOf(2, 1, 5), RfmSegment::kHibernating);
  EXPECT_EQ(SegmentOf(1, 2, 5), RfmSegment::kLost);
  EXPECT_EQ(RfmSegmentName(RfmSegment::kCantLose), "Can't lose");
}

TEST(Rfm, SegmentsParseByNameInAnyCase) {
  for (RfmSegment segment : AllRfmSegments()) {
    EXPECT_EQ(ParseRfmSegment(RfmSegmentName(segment)), segment);
  }
  EXPECT_EQ(ParseRfmSegment("at risk"), RfmSegment::kAtRisk);
  EXPECT_EQ(ParseRfmSegment("CAN'T LOSE"), RfmSegment::kCantLose);
  EXPECT_EQ(ParseRfmSegment("at-risk"), std::nullopt);
  EXPECT_EQ(ParseRfmSegment(""), std::nullopt);
}

}  // namespace
}  // namespace mercato::customers
