// The conformance suite every store back-end must pass; instantiated for SQLite below.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/store.h"

namespace mercato {
namespace {

using StoreFactory = std::function<Result<std::unique_ptr<Store>>(const std::string& dir)>;

// Sets every field of a T to a distinct value derived from `seed`, through the text path.
template <class T>
T Sample(int seed) {
  T entity;
  int i = 0;
  for (const auto& f : EntityTraits<T>::Fields()) {
    std::string text;
    switch (f.type) {
      case FieldType::kText: text = std::string(f.name) + "-" + std::to_string(seed); break;
      case FieldType::kInt: text = std::to_string(seed * 10 + i); break;
      case FieldType::kReal: text = std::to_string(seed) + ".25"; break;
      case FieldType::kTime: text = "2024-01-" + std::to_string(10 + seed % 15) + "T10:00:00Z"; break;
      case FieldType::kBool: text = seed % 2 ? "true" : "false"; break;
    }
    EXPECT_TRUE(SetFieldFromText(f, entity, text).ok()) << f.name;
    ++i;
  }
  return entity;
}

template <class T>
std::vector<std::string> AsText(const T& entity) {
  std::vector<std::string> out;
  for (const auto& f : EntityTraits<T>::Fields()) out.push_back(FieldToText(f, entity));
  return out;
}

template <class T>
std::vector<std::vector<std::string>> ScanText(Store& store) {
  std::vector<std::vector<std::string>> rows;
  EXPECT_TRUE(ScanAll<T>(store, [&](const T& e) {
                rows.push_back(AsText(e));
                return Status::Ok();
              }).ok());
  return rows;
}

class StoreConformance : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/store_conformance_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = GetParam()(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  // Parents first, so that children find them.
  void PutSampleOfEveryKind(int seed) {
    Order order = Sample<Order>(seed);
    Cart cart = Sample<Cart>(seed);
    ForEachEntityType([&](auto tag) {
      using T = typename decltype(tag)::type;
      T e = Sample<T>(seed);
      if constexpr (std::is_same_v<T, OrderLine>) e.order_id = order.id;
      if constexpr (std::is_same_v<T, CartItem>) e.cart_id = cart.id;
      ASSERT_TRUE(store_->Put(&e).ok()) << EntityTraits<T>::kName;
    });
  }
  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, EveryFieldOfEveryEntityRoundTrips) {
  PutSampleOfEveryKind(3);
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    T expected = Sample<T>(3);
    if constexpr (std::is_same_v<T, OrderLine>) expected.order_id = Sample<Order>(3).id;
    if constexpr (std::is_same_v<T, CartItem>) expected.cart_id = Sample<Cart>(3).id;
    auto rows = ScanText<T>(*store_);
    ASSERT_EQ(rows.size(), 1u) << EntityTraits<T>::kName;
    EXPECT_EQ(rows[0], AsText(expected)) << EntityTraits<T>::kName;
  });
}

TEST_P(StoreConformance, PutIsAnIdempotentUpsert) {
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(1);
  for (size_t k = 0; k < kEntityKindCount; ++k) {
    EXPECT_EQ(store_->Count(static_cast<EntityKind>(k)).value(), 1) << EntityNames()[k];
  }
  Product p = Sample<Product>(1);
  p.title = "renamed";
  p.price.reset();
  p.brand.clear();
  ASSERT_TRUE(store_->Put(&p).ok());
  auto rows = ScanText<Product>(*store_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][2], "renamed");
  EXPECT_EQ(rows[0][8], "1.25");     // unknown price keeps the known one
  EXPECT_EQ(rows[0][4], "brand-1");  // likewise the brand
}

TEST_P(StoreConformance, OrderLineWithoutOrderIsRejected) {
  OrderLine line = Sample<OrderLine>(1);
  line.order_id = "missing";
  Status s = store_->Put(&line);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("'missing'"), std::string::npos);
  EXPECT_EQ(store_->Count(EntityKind::kOrderLine).value(), 0);
}

TEST_P(StoreConformance, RollbackWritesNothingAndCommitKeepsAll) {
  ASSERT_TRUE(store_->Begin().ok());
  PutSampleOfEveryKind(1);
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(store_->Count(EntityKind::kProduct).value(), 0);
  ASSERT_TRUE(store_->Begin().ok());
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(2);
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Count(EntityKind::kOrder).value(), 2);
}

TEST_P(StoreConformance, ScansInKeyOrderAndSummarizes) {
  for (const char* id : {"o3", "o1", "o2"}) {
    Order o;
    o.id = id;
    o.ts = 1000 + id[1];
    ASSERT_TRUE(store_->Put(&o).ok());
    OrderLine l;
    l.order_id = id;
    l.line_no = 1;
    l.sku = "S1";
    l.quantity = 2;
    ASSERT_TRUE(store_->Put(&l).ok());
  }
  Product p;
  p.sku = "S1";
  p.category = "Home > Candles";
  ASSERT_TRUE(store_->Put(&p).ok());
  std::vector<std::string> ids;
  ASSERT_TRUE(ScanAll<Order>(*store_, [&](const Order& o) {
                ids.push_back(o.id);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"o1", "o2", "o3"}));
  StoreSummary s = store_->Summarize(5).value();
  EXPECT_EQ(s.counts[3].first, "orders");
  EXPECT_EQ(s.counts[3].second, 3);
  EXPECT_EQ(s.first_order, 1000 + '1');
  EXPECT_EQ(s.last_order, 1000 + '3');
  ASSERT_EQ(s.top_categories.size(), 1u);
  EXPECT_EQ(s.top_categories[0], (std::pair<std::string, int64_t>{"Home", 6}));
  EXPECT_FALSE(s.first_event.has_value());
}

TEST_P(StoreConformance, ScansEventsOfOneType) {
  for (const char* type : {"view", "purchase", "view"}) {
    Event e;
    e.id = std::string("e") + std::to_string(store_->Count(EntityKind::kEvent).value());
    e.type = type;
    ASSERT_TRUE(store_->Put(&e).ok());
  }
  std::vector<std::string> ids;
  ASSERT_TRUE(store_->ScanEventsOfType("view", [&](const Event& e) {
                ids.push_back(e.id);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"e0", "e2"}));
}

TEST_P(StoreConformance, ScanStopsAtCallbackError) {
  PutSampleOfEveryKind(1);
  PutSampleOfEveryKind(2);
  int seen = 0;
  Status s = ScanAll<Customer>(*store_, [&](const Customer&) {
    ++seen;
    return InvalidArgument("stop");
  });
  EXPECT_EQ(s.message(), "stop");
  EXPECT_EQ(seen, 1);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(StoreFactory([](const std::string& dir) {
                           return OpenStore(dir + "/store.db");
                         })));

}  // namespace
}  // namespace mercato
