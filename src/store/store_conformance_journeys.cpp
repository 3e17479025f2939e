// The conformance suite's tests of the journey log: what every store back-end (with
// ErasureGuard) must do.
#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace mercato {
namespace {

JourneyLogRecord LogRow(const std::string& journey, const std::string& customer,
                        const std::string& entry, int32_t step, Timestamp at,
                        const std::string& detail) {
  JourneyLogRecord r;
  r.journey_id = journey;
  r.customer_id = customer;
  r.entry_id = entry;
  r.step = step;
  r.at = at;
  r.holdout = detail.empty();
  r.detail = detail;
  return r;
}

// The whole log as "journey/customer/entry/step@at holdout? detail", in the order it streams.
std::vector<std::string> Log(Store& store) {
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  .ForEachJourneyLog([&](const JourneyLogRecord& r) {
                    out.push_back(r.journey_id + "/" + r.customer_id + "/" + r.entry_id + "/" +
                                  std::to_string(r.step) + "@" + std::to_string(r.at) +
                                  (r.holdout ? " holdout " : " ") + r.detail);
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

TEST_P(StoreConformance, JourneyLogRowsAreWrittenOnceAndStreamInKeyOrder) {
  const std::vector<JourneyLogRecord> first = {
      LogRow("win_back", "bob", "o7", JourneyLogRecord::kEnterStep, 50, "lapse"),
      LogRow("cart_recovery", "bob", "c2", 0, 20, "m-1"),
      LogRow("cart_recovery", "alice", "c1", JourneyLogRecord::kEnterStep, 10, "cart"),
      LogRow("cart_recovery", "bob", "c2", JourneyLogRecord::kEnterStep, 15, "cart"),
      LogRow("cart_recovery", "bob", "c2", 0, 99, "m-duplicate"),  // same key earlier: ignored
  };
  EXPECT_EQ(store_->AppendJourneyLog(first).value(), 4);
  // A re-run decision writes nothing: the stored row keeps its time and detail.
  const std::vector<JourneyLogRecord> again = {
      LogRow("cart_recovery", "bob", "c2", 0, 30, "m-2"),
      LogRow("cart_recovery", "bob", "c2", JourneyLogRecord::kExitStep, 40, "purchase")};
  EXPECT_EQ(store_->AppendJourneyLog(again).value(), 1);
  EXPECT_EQ(Log(*store_), (std::vector<std::string>{
                              "cart_recovery/alice/c1/-1@10 cart",
                              "cart_recovery/bob/c2/-1@15 cart",
                              "cart_recovery/bob/c2/0@20 m-1",
                              "cart_recovery/bob/c2/1073741824@40 purchase",
                              "win_back/bob/o7/-1@50 lapse",
                          }));
  // Inside a rolled-back transaction nothing lands; the holdout flag round-trips.
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(store_
                ->AppendJourneyLog(
                    std::vector<JourneyLogRecord>{LogRow("vip", "carol", "vip", 0, 60, "")})
                .value(),
            1);
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(Log(*store_).size(), 5u);
  EXPECT_EQ(store_
                ->AppendJourneyLog(
                    std::vector<JourneyLogRecord>{LogRow("vip", "carol", "vip", 0, 60, "")})
                .value(),
            1);
  // "vip" sorts between "cart_recovery" and "win_back".
  EXPECT_EQ(Log(*store_)[4], "vip/carol/vip/0@60 holdout ");
}

TEST_P(StoreConformance, ErasureDeletesTheCustomersJourneyLogAndWithholdsLaterRows) {
  PutCustomerWorld(*store_, "alice", 1);
  const std::vector<JourneyLogRecord> rows = {
      LogRow("vip", "alice", "vip", JourneyLogRecord::kEnterStep, 1, "vip"),
      LogRow("vip", "bob", "vip", JourneyLogRecord::kEnterStep, 1, "vip")};
  ASSERT_EQ(store_->AppendJourneyLog(rows).value(), 2);
  // Before: her export holds her row only.
  const std::vector<JourneyLogRecord> hers =
      store_->GetCustomerRecords("alice").value().journey_log;
  ASSERT_EQ(hers.size(), 1u);
  EXPECT_EQ(hers[0].customer_id, "alice");
  EXPECT_EQ(hers[0].step, JourneyLogRecord::kEnterStep);
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  EXPECT_EQ(Log(*store_), (std::vector<std::string>{"vip/bob/vip/-1@1 vip"}));
  EXPECT_TRUE(store_->GetCustomerRecords("alice").value().journey_log.empty());
  const int64_t withheld = store_->WithheldWrites();
  const std::vector<JourneyLogRecord> late = {LogRow("vip", "alice", "vip", 0, 5, "m-a"),
                                              LogRow("vip", "carol", "vip", 0, 5, "m-c")};
  EXPECT_EQ(store_->AppendJourneyLog(late).value(), 1);
  EXPECT_EQ(store_->WithheldWrites(), withheld + 1);
  EXPECT_EQ(Log(*store_),
            (std::vector<std::string>{"vip/bob/vip/-1@1 vip", "vip/carol/vip/0@5 m-c"}));
}

}  // namespace
}  // namespace mercato
