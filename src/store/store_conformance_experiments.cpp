// The conformance suite's tests of experiments, their exposures and the lean order read that
// attributes sales to them: what every store back-end (with ErasureGuard) must do.
#include <string>
#include <vector>

#include "store/store_conformance.h"

namespace mercato {
namespace {

ExperimentRecord SampleExperiment(const std::string& key, const std::string& unit, Timestamp at) {
  ExperimentRecord r;
  r.key = key;
  r.unit = unit;
  r.definition = R"({"key":")" + key + R"(","unit":")" + unit + R"("})";
  r.created_at = at;
  r.updated_at = at;
  return r;
}

// Every exposure of an experiment, as "unit=variant@first_at".
std::vector<std::string> Exposures(Store& store, const std::string& key) {
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  .ForEachExposure(key,
                                   [&](const Exposure& e) {
                                     out.push_back(e.unit + "=" + e.variant + "@" +
                                                   std::to_string(e.first_at));
                                     return Status::Ok();
                                   })
                  .ok());
  return out;
}

TEST_P(StoreConformance, ExperimentsAreReplacedByKeyKeepingTheirCreationTime) {
  EXPECT_EQ(store_->GetExperiment("recs").value(), std::nullopt);
  EXPECT_TRUE(store_->ListExperiments().value().empty());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("recs", "customer", 100)).ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("price", "product", 200)).ok());
  ExperimentRecord changed = SampleExperiment("recs", "session", 300);
  changed.created_at = 999;  // ignored: the first creation time stays
  ASSERT_TRUE(store_->PutExperiment(changed).ok());
  auto recs = store_->GetExperiment("recs").value();
  ASSERT_TRUE(recs.has_value());
  EXPECT_EQ(recs->unit, "session");
  EXPECT_EQ(recs->definition, changed.definition);
  EXPECT_EQ(recs->created_at, 100);
  EXPECT_EQ(recs->updated_at, 300);
  auto all = store_->ListExperiments().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key, "price");
  EXPECT_EQ(all[1].key, "recs");
  // A rolled-back transaction writes no experiment; another connection sees committed ones.
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("search", "session", 400)).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  auto other = GetParam()(dir_);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other.value()->ListExperiments().value().size(), 2u);
  EXPECT_EQ(other.value()->GetExperiment("search").value(), std::nullopt);
}

TEST_P(StoreConformance, FirstExposureSticksAndExposuresStreamInUnitOrder) {
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("recs", "customer", 100)).ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("other", "customer", 100)).ok());
  const std::vector<Exposure> first = {
      {"c2", "treatment", 10}, {"c1", "control", 11}, {"c2", "control", 12}};
  EXPECT_EQ(store_->RecordExposures("recs", first).value(), 2);
  const std::vector<Exposure> again = {{"c1", "treatment", 20}, {"c3", "treatment", 21}};
  EXPECT_EQ(store_->RecordExposures("recs", again).value(), 1);
  EXPECT_EQ(store_->RecordExposures("other", again).value(), 2);
  EXPECT_EQ(Exposures(*store_, "recs"),
            (std::vector<std::string>{"c1=control@11", "c2=treatment@10", "c3=treatment@21"}));
  EXPECT_EQ(Exposures(*store_, "other"),
            (std::vector<std::string>{"c1=treatment@20", "c3=treatment@21"}));
  EXPECT_EQ(store_->CountExposures("recs").value(), 3);
  EXPECT_EQ(store_->CountExposures("nope").value(), 0);
  EXPECT_TRUE(Exposures(*store_, "nope").empty());
  // The callback's error stops the stream and is returned.
  int seen = 0;
  const Status stopped = store_->ForEachExposure("recs", [&](const Exposure&) {
    ++seen;
    return InvalidArgument("enough");
  });
  EXPECT_EQ(stopped.message(), "enough");
  EXPECT_EQ(seen, 1);
}

TEST_P(StoreConformance, ExposuresOfAnUnknownExperimentWriteNothing) {
  const std::vector<Exposure> batch = {{"c1", "control", 10}};
  auto r = store_->RecordExposures("nope", batch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("nope"), std::string::npos);
  // Inside a transaction the failure leaves the transaction usable and its other writes intact.
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("recs", "customer", 100)).ok());
  EXPECT_FALSE(store_->RecordExposures("nope", batch).ok());
  EXPECT_EQ(store_->RecordExposures("recs", batch).value(), 1);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->CountExposures("recs").value(), 1);
  // A rolled-back transaction keeps none of its exposures.
  ASSERT_TRUE(store_->Begin().ok());
  const std::vector<Exposure> more = {{"c2", "control", 10}};
  EXPECT_EQ(store_->RecordExposures("recs", more).value(), 1);
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(store_->CountExposures("recs").value(), 1);
}

TEST_P(StoreConformance, ErasureDeletesTheCustomersExposuresAndWithholdsLaterOnes) {
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("recs", "customer", 100)).ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("search", "session", 100)).ok());
  ASSERT_TRUE(store_->PutExperiment(SampleExperiment("price", "product", 100)).ok());
  PutCustomerWorld(*store_, "alice", 1);
  Event in_session;  // alice's session s-alice; s-bob is someone else's
  in_session.id = "e-session";
  in_session.customer_id = "alice";
  in_session.session_id = "s-alice";
  in_session.type = "view";
  ASSERT_TRUE(store_->Put(&in_session).ok());
  const std::vector<Exposure> customers = {{"alice", "control", 1}, {"bob", "control", 1}};
  const std::vector<Exposure> sessions = {{"s-alice", "control", 1}, {"s-bob", "control", 1}};
  const std::vector<Exposure> products = {{"alice", "control", 1}};  // a SKU named like her
  ASSERT_TRUE(store_->RecordExposures("recs", customers).ok());
  ASSERT_TRUE(store_->RecordExposures("search", sessions).ok());
  ASSERT_TRUE(store_->RecordExposures("price", products).ok());
  // Before: her export holds what the erasure deletes, by experiment: herself in recs, her
  // session in search; not the SKU named like her.
  const CustomerRecords before = store_->GetCustomerRecords("alice").value();
  std::vector<std::string> exported;
  for (const CustomerExposure& e : before.exposures) {
    exported.push_back(e.experiment_key + ":" + e.exposure.unit + "=" + e.exposure.variant);
  }
  EXPECT_EQ(exported, (std::vector<std::string>{"recs:alice=control", "search:s-alice=control"}));
  ASSERT_TRUE(store_->EraseCustomer("alice").ok());
  EXPECT_TRUE(store_->GetCustomerRecords("alice").value().exposures.empty());
  EXPECT_EQ(Exposures(*store_, "recs"), (std::vector<std::string>{"bob=control@1"}));
  EXPECT_EQ(Exposures(*store_, "search"), (std::vector<std::string>{"s-bob=control@1"}));
  EXPECT_EQ(Exposures(*store_, "price"), (std::vector<std::string>{"alice=control@1"}));
  // A later exposure naming her is withheld and counted; others are written.
  const int64_t withheld = store_->WithheldWrites();
  const std::vector<Exposure> late = {{"alice", "treatment", 5}, {"carol", "treatment", 5}};
  EXPECT_EQ(store_->RecordExposures("recs", late).value(), 1);
  EXPECT_EQ(store_->WithheldWrites(), withheld + 1);
  EXPECT_EQ(Exposures(*store_, "recs"),
            (std::vector<std::string>{"bob=control@1", "carol=treatment@5"}));
}

// Every order ForEachOrderSale gives, as "id customer ts discount [sku x quantity @ price, ...]".
std::vector<std::string> OrderSales(Store& store) {
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  .ForEachOrderSale([&](const OrderSale& o) {
                    std::string row = std::string(o.id) + " " + std::string(o.customer_id) + " " +
                                      std::to_string(o.ts) + " " +
                                      (o.discount_total ? std::to_string(*o.discount_total) : "-") +
                                      " [";
                    for (const OrderSaleLine& l : o.lines) {
                      row += std::string(l.sku) + " x" + std::to_string(l.quantity) + " @" +
                             (l.unit_price ? std::to_string(*l.unit_price) : "-") + ",";
                    }
                    out.push_back(row + "]");
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

TEST_P(StoreConformance, OrderSalesStreamUncancelledOrdersWithTheirLinesInIdOrder) {
  EXPECT_TRUE(OrderSales(*store_).empty());
  const auto put_order = [&](const std::string& id, const std::string& customer, Timestamp ts,
                             std::optional<double> discount, bool cancelled) {
    Order o;
    o.id = id;
    o.customer_id = customer;
    o.ts = ts;
    o.discount_total = discount;
    o.total = 999;  // not read
    if (cancelled) o.cancelled_at = ts + 1;
    ASSERT_TRUE(store_->Put(&o).ok());
  };
  const auto put_line = [&](const std::string& order, int64_t line_no, const std::string& sku,
                            int64_t quantity, std::optional<double> price) {
    OrderLine l;
    l.order_id = order;
    l.line_no = line_no;
    l.sku = sku;
    l.title = "not read";
    l.quantity = quantity;
    l.unit_price = price;
    ASSERT_TRUE(store_->Put(&l).ok());
  };
  // Written out of order: ids sort as text ("o10" before "o2"), lines by line_no.
  put_order("o3", "bob", 300, std::nullopt, false);
  put_order("o2", "alice", 200, 5, /*cancelled=*/true);
  put_order("o10", "", 1000, std::nullopt, false);  // a guest order without lines
  put_order("o1", "alice", 100, 2.5, false);
  put_line("o1", 2, "TEA", 3, 1.5);
  put_line("o1", 1, "MUG", 1, 10);
  put_line("o2", 1, "MUG", 7, 10);  // of the cancelled order: left out
  put_line("o3", 1, "title:blue-cup", 2, std::nullopt);
  put_line("o3", 3, "", 1, 4);
  EXPECT_EQ(OrderSales(*store_), (std::vector<std::string>{
                                     "o1 alice 100 2.500000 [MUG x1 @10.000000,TEA x3 @1.500000,]",
                                     "o10  1000 - []",
                                     "o3 bob 300 - [title:blue-cup x2 @-, x1 @4.000000,]",
                                 }));
  // The callback's error stops the stream and is returned.
  int seen = 0;
  const Status stopped = store_->ForEachOrderSale([&](const OrderSale&) {
    ++seen;
    return InvalidArgument("enough");
  });
  EXPECT_EQ(stopped.message(), "enough");
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace mercato
