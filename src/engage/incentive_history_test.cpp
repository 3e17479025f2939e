// The bandit's context from earlier orders, past incentive decisions read from the outbox and
// from imported events, their outcomes, and the bandit fitted on a planted history.
#include "engage/incentive_history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mercato::engage {
namespace {

constexpr Timestamp kHistoryNow = 1'700'000'000;
constexpr Timestamp kHistoryDay = kSecondsPerDay;

// A snapshot of customers and their orders (customer, time, channel).
struct History {
  Snapshot snapshot;
  void Customer(const std::string& id) { snapshot.customers.Add(id); }
  void Order(const std::string& customer, Timestamp ts, const std::string& channel = "web") {
    snapshot.orders.Add("o" + std::to_string(snapshot.order_ts.size()));
    snapshot.order_customer.push_back(snapshot.customers.Find(customer));
    snapshot.order_ts.push_back(ts);
    snapshot.order_channel.push_back(snapshot.channels.Add(channel));
  }
};

TEST(IncentiveContexts, ValueTierReturningAndDeviceFromEarlierOrdersOnly) {
  History h;
  for (const char* id : {"new", "once", "repeat", "lapsed"}) h.Customer(id);
  h.Order("new", kHistoryNow + kHistoryDay);  // after the decision: still new
  h.Order("once", kHistoryNow - 10 * kHistoryDay, "Mobile");
  h.Order("repeat", kHistoryNow - 20 * kHistoryDay,
          "mobile");  // the later, web order decides the device
  h.Order("repeat", kHistoryNow - 5 * kHistoryDay);
  h.Order("lapsed", kHistoryNow - 400 * kHistoryDay);
  h.Order("lapsed", kHistoryNow - 181 * kHistoryDay, "app");  // 181 days > kLapsedAfterDays
  const IncentiveContexts contexts(h.snapshot);
  auto at = [&](const char* id, double value) {
    return contexts.At(h.snapshot.customers.Find(id), kHistoryNow, value);
  };
  const IncentiveContext fresh = at("new", 20);
  EXPECT_EQ(fresh.segment, 0);
  EXPECT_FALSE(fresh.returning);
  EXPECT_EQ(fresh.cart_band, 0);  // 20 < 50
  EXPECT_EQ(fresh.device, 0);
  const IncentiveContext once = at("once", 50);
  EXPECT_EQ(once.segment, 1);
  EXPECT_TRUE(once.returning);
  EXPECT_EQ(once.cart_band, 1);  // 50 is in [50, 150)
  EXPECT_EQ(once.device, 1);     // "Mobile", any letter case
  const IncentiveContext repeat = at("repeat", 150);
  EXPECT_EQ(repeat.segment, 2);
  EXPECT_EQ(repeat.cart_band, 2);
  EXPECT_EQ(repeat.device, 0);
  const IncentiveContext lapsed = at("lapsed", 80);
  EXPECT_EQ(lapsed.segment, 3);
  EXPECT_EQ(lapsed.device, 1);
  // An order exactly at the decision is not earlier; one 181 days before a decision a day
  // earlier is 180 days old: not lapsed.
  EXPECT_EQ(contexts.At(h.snapshot.customers.Find("new"), kHistoryNow + kHistoryDay, 10).segment,
            0);
  EXPECT_EQ(contexts.At(h.snapshot.customers.Find("lapsed"), kHistoryNow - kHistoryDay, 10).segment,
            2);
  EXPECT_EQ(contexts.At(IdIndex::kNone, kHistoryNow, 10).segment, 0);
}

TEST(IncentiveContexts, OrderedBetweenIsOpenAtTheStartAndClosedAtTheEnd) {
  History h;
  h.Customer("a");
  h.Order("a", kHistoryNow);
  const IncentiveContexts contexts(h.snapshot);
  const int32_t a = h.snapshot.customers.Find("a");
  EXPECT_TRUE(contexts.OrderedBetween(a, kHistoryNow - 1, kHistoryNow));
  EXPECT_FALSE(contexts.OrderedBetween(a, kHistoryNow, kHistoryNow + kHistoryDay));
  EXPECT_FALSE(contexts.OrderedBetween(a, kHistoryNow - kHistoryDay, kHistoryNow - 1));
  EXPECT_FALSE(
      contexts.OrderedBetween(7, kHistoryNow - 1, kHistoryNow));  // unknown customer: no orders
}

OutboxMessage Delivered(const std::string& payload) {
  OutboxMessage m;
  m.customer_id = "c1";
  m.journey_id = "cart_recovery";
  m.status = std::string(kOutboxDelivered);
  m.delivered_at = kHistoryNow;
  m.payload_json = payload;
  return m;
}

TEST(IncentiveSends, FromDeliveredCartMessagesThatCarryAnIncentive) {
  const auto send = SendFromOutbox(Delivered(R"({"incentive": "free_shipping", "value": 72.5})"));
  ASSERT_TRUE(send);
  EXPECT_EQ(send->customer_id, "c1");
  EXPECT_EQ(send->at, kHistoryNow);
  EXPECT_EQ(send->incentive, Incentive::kFreeShipping);
  EXPECT_DOUBLE_EQ(send->cart_value, 72.5);
  const auto no_value = SendFromOutbox(Delivered(R"({"incentive": "urgency", "value": null})"));
  ASSERT_TRUE(no_value);
  EXPECT_DOUBLE_EQ(no_value->cart_value, 0);
  OutboxMessage pending = Delivered(R"({"incentive": "urgency"})");
  pending.status = std::string(kOutboxPending);
  pending.delivered_at.reset();
  EXPECT_FALSE(SendFromOutbox(pending));
  EXPECT_FALSE(SendFromOutbox(Delivered(R"({"subject": "first reminder"})")));
  EXPECT_FALSE(SendFromOutbox(Delivered(R"({"incentive": "free_pony"})")));
  EXPECT_FALSE(SendFromOutbox(Delivered("not json")));
  EXPECT_FALSE(SendFromOutbox(Delivered(R"(["incentive"])")));
}

TEST(IncentiveSends, FromImportedEmailSentEventsWithAnIncentiveSource) {
  Event e;
  e.customer_id = "c2";
  e.ts = kHistoryNow;
  e.type = "email_sent";
  e.source = "incentive:pct_discount";
  e.value = 40;
  const auto send = SendFromEvent(e);
  ASSERT_TRUE(send);
  EXPECT_EQ(send->incentive, Incentive::kSmallDiscount);  // the synthetic store's 10% discount
  EXPECT_DOUBLE_EQ(send->cart_value, 40);
  e.source = "incentive:large_discount";
  EXPECT_EQ(SendFromEvent(e)->incentive, Incentive::kLargeDiscount);
  e.source = "incentive:";
  EXPECT_FALSE(SendFromEvent(e));
  e.source = "newsletter";
  EXPECT_FALSE(SendFromEvent(e));
  e.source = "incentive:urgency";
  e.type = "email_open";
  EXPECT_FALSE(SendFromEvent(e));
}

TEST(IncentiveOutcomes, ConvertedWhenTheCustomerOrdersWithinTheWindowAfterTheSend) {
  History h;
  for (const char* id : {"soon", "late", "before", "open"}) h.Customer(id);
  const Timestamp sent = kHistoryNow - 10 * kHistoryDay;
  const int64_t window = 3 * kHistoryDay;
  h.Order("soon", sent + window);      // the window's last second: converted
  h.Order("late", sent + window + 1);  // too late
  h.Order("before", sent);             // at the send, not after it
  const IncentiveContexts contexts(h.snapshot);
  const std::vector<IncentiveSend> sends = {
      {"soon", sent, Incentive::kUrgency, 30},
      {"late", sent, Incentive::kNone, 30},
      {"before", sent, Incentive::kFreeShipping, 200},
      {"open", kHistoryNow - window + 1, Incentive::kNone,
       30},                                      // window still open at kHistoryNow: skipped
      {"stranger", sent, Incentive::kNone, 30},  // not in the snapshot: skipped
  };
  const auto outcomes = IncentiveOutcomes(h.snapshot, contexts, sends, window, kHistoryNow);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_TRUE(outcomes[0].converted);
  EXPECT_EQ(outcomes[0].incentive, Incentive::kUrgency);
  EXPECT_EQ(outcomes[0].context.segment, 0);  // its order came after the send
  EXPECT_FALSE(outcomes[1].converted);
  EXPECT_FALSE(outcomes[2].converted);
  EXPECT_EQ(outcomes[2].context.cart_band, 2);
}

// The planted history: 1,000 new customers and 1,000 repeat customers (two orders in the last
// 60 days), each sent one cart-recovery email as an imported email_sent event, 200 per incentive
// and group, for carts of 80; the first k of each 200 order the next day. Conversions per 200:
//                 none  free_shipping  small_discount  large_discount  urgency
//   new            10        80             20              30           12
//   repeat         20        10             16              20           70
// Posterior means (k + 1) / 202 times the margin after cost of an 80 cart (40% margin = 32;
// free shipping 32 − 6 = 26, small 32 − 8 = 24, large 32 − 16 = 16, none and urgency 32):
//   new:    none 1.74, free shipping 10.43, small 2.50, large 2.44, urgency 2.06 → free shipping
//   repeat: none 3.33, free shipping 1.42, small 2.02, large 1.66, urgency 11.25 → urgency
TEST(FitIncentiveBandit, BestPicksThePlantedWinnerOfEachSegment) {
  constexpr int kConverted[2][kIncentives] = {{10, 80, 20, 30, 12}, {20, 10, 16, 20, 70}};
  History h;
  std::vector<IncentiveSend> sends;
  const Timestamp sent = kHistoryNow - 30 * kHistoryDay;
  for (int group = 0; group < 2; ++group) {
    for (int a = 0; a < kIncentives; ++a) {
      for (int i = 0; i < 200; ++i) {
        const std::string id =
            std::to_string(group) + "-" + std::to_string(a) + "-" + std::to_string(i);
        h.Customer(id);
        if (group == 1) {
          h.Order(id, sent - 60 * kHistoryDay);
          h.Order(id, sent - 20 * kHistoryDay);
        }
        if (i < kConverted[group][a]) h.Order(id, sent + kHistoryDay);
        Event e;
        e.customer_id = id;
        e.ts = sent;
        e.type = "email_sent";
        e.source = "incentive:" + std::string(IncentiveName(static_cast<Incentive>(a)));
        e.value = 80;
        sends.push_back(*SendFromEvent(e));
      }
    }
  }
  const IncentiveContexts contexts(h.snapshot);
  const auto outcomes =
      IncentiveOutcomes(h.snapshot, contexts, sends, 3 * kHistoryDay, kHistoryNow);
  IncentiveBandit bandit(BanditConfig{});
  EXPECT_EQ(FitIncentiveBandit(bandit, outcomes), 2000);
  const IncentiveContext fresh{0, false, CartBand(80), 0};
  const IncentiveContext repeat{2, true, CartBand(80), 0};
  EXPECT_EQ(bandit.Best(fresh, 80), Incentive::kFreeShipping);
  EXPECT_EQ(bandit.Best(repeat, 80), Incentive::kUrgency);
  // Unfitted, every rate's mean is the prior's 1/2: the incentive costing nothing comes first.
  const IncentiveBandit prior(BanditConfig{});
  EXPECT_EQ(prior.Best(fresh, 80), Incentive::kNone);
  EXPECT_EQ(prior.Best(repeat, 80), Incentive::kNone);
}

}  // namespace
}  // namespace mercato::engage
