// Tests of lead-time estimation from purchase orders.
#include "inventory/lead_time.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mercato::inventory {
namespace {

PurchaseOrder Po(int64_t ordered_day, std::optional<int64_t> received_day,
                 std::optional<int64_t> promised_day = std::nullopt) {
  PurchaseOrder po;
  po.ordered_at = ordered_day * kSecondsPerDay;
  if (received_day) po.received_at = *received_day * kSecondsPerDay;
  if (promised_day) po.promised_at = *promised_day * kSecondsPerDay;
  return po;
}

TEST(LeadTimeTest, ObservesReceivedAndOverdueOrders) {
  const std::vector<PurchaseOrder> pos = {
      Po(0, 10),
      Po(5, 13),
      Po(20, 40),                // 40 is after the as-of day 30: open
      Po(22, std::nullopt, 27),  // open, promised in 5 days, 8 days old: overdue
      Po(26, std::nullopt, 36),  // open, not yet due: no information
      Po(31, 35)};               // ordered after the as-of day
  std::vector<const PurchaseOrder*> ptrs;
  for (const auto& po : pos) ptrs.push_back(&po);
  const auto obs = ObservedLeadTimes(ptrs, 30 * kSecondsPerDay, 14);
  ASSERT_EQ(obs.size(), 3u);
  EXPECT_DOUBLE_EQ(obs[0].days, 10);
  EXPECT_DOUBLE_EQ(obs[1].days, 8);
  EXPECT_DOUBLE_EQ(obs[2].days, 8);  // the overdue order's age so far
  // Without a promise, an open order counts once older than `overdue_after_days` (14).
  EXPECT_EQ(ObservedLeadTimes(ptrs, 35 * kSecondsPerDay, 14).size(), 4u);  // day 20 order: 15 old
}

TEST(LeadTimeTest, MomentsOfTheMostRecentWindow) {
  const std::vector<LeadTimeObservation> obs = {{0, 100}, {1, 4}, {2, 6}, {3, 8}};
  const LeadTimeMoments m = MomentsOfRecent(obs, 3);
  EXPECT_DOUBLE_EQ(m.mean, 6);
  EXPECT_DOUBLE_EQ(m.sd, 2);  // sample sd of 4, 6, 8
  EXPECT_DOUBLE_EQ(MomentsOfRecent(obs, 10).mean, 29.5);
  EXPECT_DOUBLE_EQ(MomentsOfRecent({}, 3).mean, 0);
}

TEST(LeadTimeTest, FallsBackFromSkuToSupplierToNominalToDefault) {
  InventoryOptions o;
  o.min_lead_time_observations = 3;
  o.nominal_lead_time_cv = 0.25;
  o.default_lead_time_days = 14;
  const std::vector<LeadTimeObservation> few = {{0, 5}, {1, 7}};
  const std::vector<LeadTimeObservation> many = {{0, 10}, {1, 12}, {2, 14}};
  Supplier s;
  s.lead_time_days = 20;

  LeadTimeEstimate e = EstimateLeadTime(many, {}, &s, o);
  EXPECT_EQ(e.source, LeadTimeSource::kSku);
  EXPECT_DOUBLE_EQ(e.moments.mean, 12);
  EXPECT_EQ(e.observations, 3);

  e = EstimateLeadTime(few, many, &s, o);
  EXPECT_EQ(e.source, LeadTimeSource::kSupplier);
  EXPECT_DOUBLE_EQ(e.moments.sd, 2);

  e = EstimateLeadTime(few, few, &s, o);
  EXPECT_EQ(e.source, LeadTimeSource::kNominal);
  EXPECT_DOUBLE_EQ(e.moments.mean, 20);
  EXPECT_DOUBLE_EQ(e.moments.sd, 5);

  e = EstimateLeadTime({}, {}, nullptr, o);
  EXPECT_EQ(e.source, LeadTimeSource::kDefault);
  EXPECT_DOUBLE_EQ(e.moments.mean, 14);
  EXPECT_STREQ(LeadTimeSourceName(e.source), "default");
}

}  // namespace
}  // namespace mercato::inventory
