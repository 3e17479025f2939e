// Tests of resolving what users call customers and orders: ids, emails in any case, Shopify ids,
// order names with or without '#', and the errors for unknown and ambiguous names.
#include "app/identity.h"

#include <gtest/gtest.h>

#include "store/open_store.h"

namespace mercato::app {
namespace {

class Identity : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenStore(":memory:").value();
    Customer nora = NewCustomer("shopify:0a1b", "nora.patel@yahoo.com", "7010000000001");
    Customer sam = NewCustomer("c-sam", "sam@example.com", "");
    Customer sam2 = NewCustomer("c-sam2", "SAM@example.com", "");  // two accounts, one address
    // An internal id that looks like a Shopify id.
    Customer numeric = NewCustomer("7010000000009", "", "1");
    for (Customer* c : {&nora, &sam, &sam2, &numeric}) ASSERT_TRUE(store_->Put(c).ok());
    Order named = NewOrder("#1001", "shopify:0a1b", "5550000000001");
    Order plain = NewOrder("2002", "guest-id-only", "");  // its customer has no customers row
    for (Order* o : {&named, &plain}) ASSERT_TRUE(store_->Put(o).ok());
  }
  static Customer NewCustomer(std::string id, std::string email, std::string shopify_id) {
    Customer c;
    c.id = std::move(id);
    c.email = std::move(email);
    c.shopify_id = std::move(shopify_id);
    return c;
  }
  static Order NewOrder(std::string id, std::string customer_id, std::string shopify_id) {
    Order o;
    o.id = std::move(id);
    o.customer_id = std::move(customer_id);
    o.ts = 10;
    o.shopify_id = std::move(shopify_id);
    return o;
  }
  std::unique_ptr<Store> store_;
};

TEST_F(Identity, CustomerByIdEmailInAnyCaseAndShopifyId) {
  EXPECT_EQ(ResolveCustomer(*store_, "shopify:0a1b").value(), "shopify:0a1b");
  EXPECT_EQ(ResolveCustomer(*store_, " Nora.Patel@YAHOO.com ").value(), "shopify:0a1b");
  EXPECT_EQ(ResolveCustomer(*store_, "7010000000001").value(), "shopify:0a1b");
  // An id only orders name is still a customer.
  EXPECT_EQ(ResolveCustomer(*store_, "guest-id-only").value(), "guest-id-only");
  // The internal id wins over a Shopify id with the same text.
  EXPECT_EQ(ResolveCustomer(*store_, "7010000000009").value(), "7010000000009");
}

TEST_F(Identity, UnknownAndAmbiguousCustomersAreClearErrors) {
  const Status unknown = ResolveCustomer(*store_, "nobody@example.com").status();
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.message(),
            "unknown customer 'nobody@example.com' (not an id, email or Shopify customer id in "
            "this store)");
  const Status twice = ResolveCustomer(*store_, "sam@EXAMPLE.com").status();
  EXPECT_EQ(twice.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(twice.message().find("2 customers (c-sam, c-sam2)"), std::string::npos)
      << twice.message();
  EXPECT_EQ(ResolveCustomer(*store_, "  ").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(Identity, DataSubjectRequestsTakeAnUnknownNameAsAnId) {
  EXPECT_EQ(ResolveCustomerOrGiven(*store_, "NORA.patel@yahoo.com").value(), "shopify:0a1b");
  EXPECT_EQ(ResolveCustomerOrGiven(*store_, " erased-id ").value(), "erased-id");
  EXPECT_EQ(ResolveCustomerOrGiven(*store_, "sam@example.com").status().code(),
            StatusCode::kInvalidArgument);  // ambiguous stays an error
}

TEST_F(Identity, OrderByIdNameWithOrWithoutHashAndShopifyId) {
  EXPECT_EQ(ResolveOrder(*store_, "#1001").value(), "#1001");
  EXPECT_EQ(ResolveOrder(*store_, "1001").value(), "#1001");
  EXPECT_EQ(ResolveOrder(*store_, "5550000000001").value(), "#1001");
  EXPECT_EQ(ResolveOrder(*store_, "2002").value(), "2002");
  EXPECT_EQ(ResolveOrder(*store_, "#2002").value(), "2002");
  const Status unknown = ResolveOrder(*store_, "#9999").status();
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.message().find("unknown order '#9999'"), std::string::npos);
  EXPECT_EQ(ResolveOrder(*store_, "#").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveOrder(*store_, "").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mercato::app
