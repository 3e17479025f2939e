// The tiny dashboard store (see dashboard_test_util.h).
#include "app/dashboard_test_util.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "common/time.h"
#include "ingest/import_test_util.h"

namespace mercato::app::testing {
namespace {

Timestamp At(int year, int month, int day, int hour = 12) {
  return DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600;
}

struct LineSpec {
  std::string sku;
  int64_t quantity;
  double price;
};

void AddOrder(Store& store, const std::string& id, const std::string& customer, Timestamp ts,
              const std::vector<LineSpec>& lines) {
  Order o;
  o.id = id;
  o.customer_id = customer;
  o.ts = ts;
  ASSERT_TRUE(store.Put(&o).ok());
  int64_t n = 0;
  for (const LineSpec& l : lines) {
    OrderLine line;
    line.order_id = id;
    line.line_no = ++n;
    line.sku = l.sku;
    line.title = l.sku;
    line.quantity = l.quantity;
    line.unit_price = l.price;
    ASSERT_TRUE(store.Put(&line).ok());
  }
}

void AddEvent(Store& store, const std::string& id, const std::string& session,
              const std::string& customer, const std::string& type, Timestamp ts) {
  Event e;
  e.id = id;
  e.session_id = session;
  e.customer_id = customer;
  e.type = type;
  e.ts = ts;
  e.sku = "MUG-R";
  ASSERT_TRUE(store.Put(&e).ok());
}

void AddCart(Store& store, const std::string& id, const std::string& customer, Timestamp abandoned,
             double price) {
  Cart cart;
  cart.id = id;
  cart.customer_id = customer;
  cart.started_at = abandoned - 3600;
  cart.updated_at = abandoned - 60;
  cart.abandoned_at = abandoned;
  cart.currency = "USD";
  ASSERT_TRUE(store.Put(&cart).ok());
  CartItem item{id, "TEE", 1, price};
  ASSERT_TRUE(store.Put(&item).ok());
}

void Fill(Store& store) {
  auto product = [&](const std::string& sku, const std::string& product_id,
                     const std::string& title, double price, std::optional<double> cost) {
    Product p;
    p.sku = sku;
    p.product_id = product_id;
    p.title = title;
    p.price = price;
    p.cost = cost;
    ASSERT_TRUE(store.Put(&p).ok());
  };
  product("MUG-R", "mug", "Mug - Red", 10, 4);
  product("MUG-B", "mug", "Mug - Blue", 10, std::nullopt);
  product("TEE", "", "Tee", 20, 8);
  for (const char* id : {"ann", "bob", "cat"}) {
    Customer c;
    c.id = id;
    c.first_name = std::string(1, static_cast<char>(id[0] - 'a' + 'A')) + (id + 1);
    c.email = std::string(id) + "@example.com";
    ASSERT_TRUE(store.Put(&c).ok());
  }
  AddOrder(store, "O1", "ann", At(2024, 5, 28), {{"MUG-R", 1, 10}});
  AddOrder(store, "O2", "ann", At(2024, 6, 4), {{"TEE", 1, 20}});
  AddOrder(store, "O3", "bob", At(2024, 6, 5), {{"MUG-B", 2, 10}});
  AddOrder(store, "O4", "ann", At(2024, 6, 10), {{"MUG-R", 1, 10}, {"TEE", 2, 20}});
  AddOrder(store, "O5", "cat", At(2024, 6, 11), {{"MUG-B", 3, 10}});
  AddOrder(store, "O6", "", At(2024, 6, 12), {{"GHOST", 1, 5}});
  AddOrder(store, "O7", "bob", At(2024, 6, 13), {{"MUG-R", 1, 10}});
  AddEvent(store, "e1", "s1", "", "view", At(2024, 6, 10, 9));
  AddEvent(store, "e2", "s1", "", "purchase", At(2024, 6, 10, 10));
  AddEvent(store, "e3", "s2", "cat", "view", At(2024, 6, 11, 9));
  AddEvent(store, "e4", "s3", "", "view", At(2024, 6, 12, 9));
  AddEvent(store, "e5", "", "bob", "view", At(2024, 6, 11, 9));
  AddEvent(store, "e6", "", "", "view", At(2024, 6, 11, 9));
  AddCart(store, "c1", "ann", At(2024, 6, 11), 18);
  AddCart(store, "c2", "bob", At(2024, 5, 1), 7);
}

}  // namespace

std::string WriteDashboardStore() {
  const std::string dir = mercato::testing::FreshDir();
  auto store = mercato::testing::FreshStore(dir);
  Fill(*store);
  return dir + "/store.db";
}

}  // namespace mercato::app::testing
