// Products, not variants, and the safe defaults, on a small coffee store with variants, options,
// statuses, stock and a consumable: one card per product (the variant chosen by stock, the
// customer's sizes, then sales), never a variant of what is in context, never a draft or archived
// product, purchased products excluded by default and a consumable back after its learned
// interval, in stock by default, no reason citing the item itself, image URLs on every item.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>

#include "common/time.h"
#include "ingest/import_test_util.h"
#include "recommend_serving/list_json.h"
#include "recommend_serving/recommendation_service.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::serving {
namespace {

using mercato::testing::WriteFile;

// Products (handle: variants):
//   machine: M-RED, M-BLK (colour)      mug: MUG-S (out of stock), MUG-M, MUG-L (size)
//   tee: TEE-S, TEE-M, TEE-L (size)     hoodie: HOOD-M, HOOD-L (size)
//   beans: BEANS (Coffee, bought again every ~30 days)    tamper: TAMP
//   holiday: HOL (archived)   preview: DRF (draft)   soldout: SOLD (out of stock)
// Buyers: s0..s29 buy the popular items (HOL, DRF and SOLD most of all, then TEE-S, MUG-S), each
// product once (no one buys the machine again, in any colour);
// r0..r9 buy BEANS on 2024-01-01 and again on 2024-01-31; nora bought M-RED, BEANS, HOOD-M and
// TAMP in order o-nora on 2024-03-01.
std::string WriteCoffeeStore(const std::string& dir) {
  const std::string data = dir + "/data";
  std::filesystem::create_directories(data);
  std::string products =
      "sku,product_id,title,category,price,status,image_url,inventory_quantity,attributes\n";
  auto product = [&](const std::string& sku, const std::string& handle, const std::string& title,
                     const std::string& category, const std::string& status,
                     const std::string& stock, const std::string& options) {
    products += sku + "," + handle + "," + title + "," + category + ",10," + status +
                ",https://cdn.example/" + sku + ".jpg," + stock + "," + options + "\n";
  };
  product("M-RED", "machine", "Espresso Machine", "Machines", "active", "3",
          R"("{""color"":""Red""}")");
  product("M-BLK", "machine", "Espresso Machine", "Machines", "active", "3",
          R"("{""color"":""Black""}")");
  product("MUG-S", "mug", "Mug", "Ware", "active", "0", R"("{""size"":""S""}")");
  product("MUG-M", "mug", "Mug", "Ware", "active", "", R"("{""size"":""M""}")");
  product("MUG-L", "mug", "Mug", "Ware", "active", "", R"("{""size"":""L""}")");
  product("TEE-S", "tee", "Tee", "Apparel", "active", "", R"("{""size"":""S""}")");
  product("TEE-M", "tee", "Tee", "Apparel", "active", "", R"("{""size"":""M""}")");
  product("TEE-L", "tee", "Tee", "Apparel", "active", "", R"("{""size"":""L""}")");
  product("HOOD-M", "hoodie", "Hoodie", "Apparel", "active", "", R"("{""size"":""M""}")");
  product("HOOD-L", "hoodie", "Hoodie", "Apparel", "active", "", R"("{""size"":""L""}")");
  product("BEANS", "beans", "House Beans", "Coffee", "active", "50", "");
  product("TAMP", "tamper", "Tamper", "Tools", "", "", "");
  product("HOL", "holiday", "Holiday Blend", "Coffee", "archived", "", "");
  product("DRF", "preview", "Preview Blend", "Coffee", "draft", "", "");
  product("SOLD", "soldout", "Sold Out Grinder", "Tools", "active", "0", "");
  WriteFile(data, "products.csv", products);
  std::string customers = "id,email,country\nnora,nora@example.com,US\n";
  std::string orders = "id,customer_id,ts\n";
  std::string lines = "order_id,line_no,sku,quantity,unit_price\n";
  auto order = [&](const std::string& id, const std::string& customer, const std::string& day,
                   std::initializer_list<const char*> skus) {
    orders += id + "," + customer + "," + day + "T12:00:00Z\n";
    int line = 1;
    for (const char* sku : skus) {
      lines += id + "," + std::to_string(line++) + "," + sku + ",1,10\n";
    }
  };
  for (int s = 0; s < 30; ++s) {
    const std::string c = "s" + std::to_string(s);
    customers += c + "," + c + "@example.com,US\n";
    order("o-" + c, c, "2024-02-01", {"HOL", "DRF", "SOLD"});
    if (s < 20) order("o-" + c + "-b", c, "2024-02-02", {"TEE-S", "MUG-S"});
    if (s < 12) order("o-" + c + "-c", c, "2024-02-03", {"MUG-M", "TEE-M", "M-BLK"});
    if (s >= 12 && s < 20) order("o-" + c + "-d", c, "2024-02-04", {"M-RED", "TAMP", "HOOD-L"});
  }
  for (int r = 0; r < 10; ++r) {
    const std::string c = "r" + std::to_string(r);
    customers += c + "," + c + "@example.com,US\n";
    order("o-" + c + "-1", c, "2024-01-01", {"BEANS"});
    order("o-" + c + "-2", c, "2024-01-31", {"BEANS"});
  }
  order("o-nora", "nora", "2024-03-01", {"M-RED", "BEANS", "HOOD-M", "TAMP"});
  WriteFile(data, "customers.csv", customers);
  WriteFile(data, "orders.csv", orders);
  WriteFile(data, "order_lines.csv", lines);
  return data;
}

struct ProductCardsTest : ::testing::Test {
  void SetUp() override {
    dir = mercato::testing::FreshDir();
    store = mercato::testing::FreshStore(dir);
    ASSERT_TRUE(mercato::testing::Import(*store, "generic", {WriteCoffeeStore(dir)}).ok());
    service = testing::TrainAndLoad(*store, dir);
    ASSERT_NE(service, nullptr);
  }
  static Timestamp Day(const char* iso) { return ParseTimestamp(iso).value(); }
  // Every surface for nora (all personalized), with `query`.
  std::map<std::string, RecommendationList> Lists(const Query& query) const {
    Query shopper = query;
    shopper.customer_id = "nora";
    const std::vector<std::string> cart = {"MUG-M"};
    std::map<std::string, RecommendationList> lists;
    lists["user"] = service->ForUser("nora", query).value();
    lists["related M-RED"] = service->ForItem("M-RED", ItemRelation::kRelated, shopper).value();
    lists["complementary TEE-M"] =
        service->ForItem("TEE-M", ItemRelation::kComplementary, shopper).value();
    lists["cart MUG-M"] = service->ForCart(cart, shopper).value();
    lists["post-purchase o-nora"] = service->AfterOrder("o-nora", query).value();
    lists["anonymous"] = service->NonPersonalized(query, "test").value();
    return lists;
  }
  std::string Product(const std::string& sku) const {
    const ItemCatalog& c = service->catalog();
    return c.Sku(c.ProductOf(c.items().Find(sku)));
  }
  static Query Wide() {
    Query q;
    q.k = 20;
    q.now = Day("2024-03-10T00:00:00Z");
    return q;
  }
  static std::set<std::string> Skus(const RecommendationList& list) {
    std::set<std::string> skus;
    for (const Recommendation& r : list.items) skus.insert(r.sku);
    return skus;
  }

  std::string dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<RecommendationService> service;
};

TEST_F(ProductCardsTest, CatalogGroupsVariantsUnderTheirProduct) {
  const ItemCatalog& c = service->catalog();
  EXPECT_EQ(Product("M-BLK"), Product("M-RED"));
  EXPECT_EQ(c.VariantsOf(c.ProductOf(c.items().Find("MUG-L"))).size(), 3u);
  EXPECT_NE(Product("TEE-S"), Product("HOOD-M"));
  EXPECT_EQ(c.VariantsOf(c.ProductOf(c.items().Find("BEANS"))).size(), 1u);
  const ItemInfo& hoodie = c.Info(c.items().Find("HOOD-M"));
  EXPECT_EQ(hoodie.image_url, "https://cdn.example/HOOD-M.jpg");
  EXPECT_EQ(hoodie.options, (std::vector<std::pair<std::string, std::string>>{{"size", "m"}}));
  EXPECT_FALSE(c.Info(c.items().Find("HOL")).Recommendable());
  EXPECT_FALSE(c.Info(c.items().Find("DRF")).Recommendable());
  EXPECT_TRUE(c.Info(c.items().Find("TAMP")).Recommendable());  // no status: active
}

TEST_F(ProductCardsTest, AShopUrlLinksEveryListedItemToItsProductPage) {
  const std::map<std::string, std::string> handles = {
      {"M-RED", "machine"}, {"M-BLK", "machine"}, {"MUG-S", "mug"},   {"MUG-M", "mug"},
      {"MUG-L", "mug"},     {"TEE-S", "tee"},     {"TEE-M", "tee"},   {"TEE-L", "tee"},
      {"HOOD-M", "hoodie"}, {"HOOD-L", "hoodie"}, {"BEANS", "beans"}, {"TAMP", "tamper"},
      {"SOLD", "soldout"}};
  Query q = Wide();
  q.filters.one_per_product = false;
  q.filters.in_stock = false;
  const RecommendationList unlinked = service->NonPersonalized(q, "test").value();
  ASSERT_FALSE(unlinked.items.empty());
  for (const Recommendation& r : unlinked.items) {
    EXPECT_EQ(r.url, "") << r.sku;  // no URL in the data and no shop URL: none
  }
  service->LinkProducts("https://roaster.example/");
  const RecommendationList list = service->NonPersonalized(q, "test").value();
  ASSERT_GE(list.items.size(), 10u);
  for (const Recommendation& r : list.items) {
    ASSERT_TRUE(handles.count(r.sku)) << r.sku;
    EXPECT_EQ(r.url, "https://roaster.example/products/" + handles.at(r.sku)) << r.sku;
  }
}

TEST(ItemCatalogLinks, AnItemsOwnUrlIsKeptAndHandlesArePercentEncoded) {
  IdIndex items;
  items.Add("A");
  items.Add("B");
  items.Add("C");
  ItemCatalog catalog(&items);
  ItemInfo own;
  own.url = "https://elsewhere.example/a";
  catalog.Set(0, own);
  catalog.Set(1, {});
  catalog.Set(2, {});
  catalog.SetProduct(0, "gift-box");
  catalog.SetProduct(1, "gift-box");
  catalog.SetProduct(2, "lumi\xc3\xa8re blend");
  catalog.LinkProducts("https://roaster.example");
  EXPECT_EQ(catalog.Info(0).url, "https://elsewhere.example/a");
  EXPECT_EQ(catalog.Info(1).url, "https://roaster.example/products/gift-box");
  EXPECT_EQ(catalog.Info(2).url, "https://roaster.example/products/lumi%C3%A8re%20blend");
  catalog.LinkProducts("");  // no shop URL changes nothing
  EXPECT_EQ(catalog.Info(2).url, "https://roaster.example/products/lumi%C3%A8re%20blend");
}

TEST_F(ProductCardsTest, OneCardPerProductUnlessAllVariantsAreAsked) {
  for (const auto& [surface, list] : Lists(Wide())) {
    std::set<std::string> products;
    for (const Recommendation& r : list.items) {
      EXPECT_TRUE(products.insert(Product(r.sku)).second) << surface << ": two cards of " << r.sku;
    }
  }
  Query all = Wide();
  all.filters.one_per_product = false;
  const std::set<std::string> skus = Skus(service->NonPersonalized(all, "test").value());
  EXPECT_TRUE(skus.count("TEE-S") && skus.count("TEE-M")) << "the switch lists variants again";
}

TEST_F(ProductCardsTest, NeverASiblingOfTheItemInViewTheCartOrTheOrder) {
  const auto lists = Lists(Wide());
  for (const char* sku : {"M-RED", "M-BLK"}) {
    EXPECT_EQ(Skus(lists.at("related M-RED")).count(sku), 0u) << sku;
    EXPECT_EQ(Skus(lists.at("post-purchase o-nora")).count(sku), 0u) << sku;
  }
  for (const char* sku : {"TEE-S", "TEE-M", "TEE-L"}) {
    EXPECT_EQ(Skus(lists.at("complementary TEE-M")).count(sku), 0u) << sku;
  }
  for (const char* sku : {"MUG-S", "MUG-M", "MUG-L"}) {
    EXPECT_EQ(Skus(lists.at("cart MUG-M")).count(sku), 0u) << sku;
  }
}

TEST_F(ProductCardsTest, DraftAndArchivedProductsAreNeverRecommended) {
  Query loose = Wide();
  loose.filters.in_stock = false;
  loose.filters.exclude_purchased = false;
  loose.filters.one_per_product = false;
  for (const auto& [surface, list] : Lists(loose)) {
    EXPECT_EQ(Skus(list).count("HOL"), 0u) << surface;
    EXPECT_EQ(Skus(list).count("DRF"), 0u) << surface;
  }
}

TEST_F(ProductCardsTest, InStockByDefaultWhenStockIsKnown) {
  for (const auto& [surface, list] : Lists(Wide())) {
    EXPECT_EQ(Skus(list).count("SOLD"), 0u) << surface;
    EXPECT_EQ(Skus(list).count("MUG-S"), 0u) << surface;  // the mug is shown in another size
  }
  Query any_stock = Wide();
  any_stock.filters.in_stock = false;
  EXPECT_EQ(Skus(service->NonPersonalized(any_stock, "test").value()).count("SOLD"), 1u);
}

TEST_F(ProductCardsTest, TheCardShowsTheCustomersSizeElseTheBestSeller) {
  // nora bought a hoodie in M: the tee card shows M; anonymous shoppers see the best-selling S.
  EXPECT_EQ(Skus(service->ForUser("nora", Wide()).value()).count("TEE-M"), 1u);
  EXPECT_EQ(Skus(service->NonPersonalized(Wide(), "test").value()).count("TEE-S"), 1u);
}

TEST_F(ProductCardsTest, PurchasedExcludedByDefaultAndAConsumableReturnsAfterItsInterval) {
  // BEANS: all 10 of its first buyers bought again 30 days later, so its cycle is learned.
  const ItemCatalog& c = service->catalog();
  const auto beans = service->repurchase_cycles().Of(c.ProductOf(c.items().Find("BEANS")));
  ASSERT_TRUE(beans.has_value());
  EXPECT_EQ(beans->buyers, 11);
  EXPECT_EQ(beans->repeat_buyers, 10);
  EXPECT_DOUBLE_EQ(beans->interval_days.value(), 30.0);
  // Nine days after nora's order: neither the machine, the tamper nor the beans.
  const std::set<std::string> soon = Skus(service->ForUser("nora", Wide()).value());
  for (const char* sku : {"M-RED", "M-BLK", "BEANS", "TAMP", "HOOD-M", "HOOD-L"}) {
    EXPECT_EQ(soon.count(sku), 0u) << sku;
  }
  // Forty days after: the beans are due again; the machine, a one-off, never is.
  Query later = Wide();
  later.now = Day("2024-04-10T00:00:00Z");
  const std::set<std::string> due = Skus(service->ForUser("nora", later).value());
  EXPECT_EQ(due.count("BEANS"), 1u);
  EXPECT_EQ(due.count("M-RED") + due.count("M-BLK") + due.count("TAMP"), 0u);
  // The rate threshold is the merchant's to raise.
  later.filters.repurchase_min_rate = 1.0;
  EXPECT_EQ(Skus(service->ForUser("nora", later).value()).count("BEANS"), 0u);
  // And purchased products may be asked for.
  Query include = Wide();
  include.filters.exclude_purchased = false;
  EXPECT_EQ(Skus(service->ForUser("nora", include).value()).count("TAMP"), 1u);
}

TEST_F(ProductCardsTest, NoReasonCitesTheItemOrItsOwnProduct) {
  Query loose = Wide();
  loose.now = Day("2024-04-10T00:00:00Z");
  for (const auto& [surface, list] : Lists(loose)) {
    for (const Recommendation& r : list.items) {
      EXPECT_EQ(r.reason_text.find("\"" + r.title + "\""), std::string::npos)
          << surface << ": " << r.sku << ": " << r.reason_text;
    }
  }
}

TEST_F(ProductCardsTest, ReasonCountsAreTheOnesTheRankingUsed) {
  // Popularity ranks by buyers and names them: the counts fall down the list.
  Query popular = Wide();
  popular.model = recommend::ModelKind::kPopularity;
  int32_t previous = std::numeric_limits<int32_t>::max();
  const RecommendationList by_buyers = service->ForUser("nora", popular).value();
  for (const Recommendation& r : by_buyers.items) {
    if (r.reason.kind != recommend::ReasonKind::kPopular) continue;
    EXPECT_LE(r.reason.count, previous) << r.sku;
    EXPECT_NE(r.reason_text.find(std::to_string(r.reason.count) + " customer"), std::string::npos);
    previous = r.reason.count;
  }
  // Trending ranks by decayed purchases, not by its count of recent buyers: it names none.
  const RecommendationList trending = service->NonPersonalized(Wide(), "test").value();
  for (const Recommendation& r : trending.items) {
    if (r.reason.kind != recommend::ReasonKind::kTrending) continue;
    EXPECT_EQ(r.reason_text.find_first_of("0123456789"), std::string::npos) << r.reason_text;
  }
  // Bought-together counts orders, and says so.
  Query together = Wide();
  together.model = recommend::ModelKind::kComplementary;
  together.customer_id = "nora";
  const std::vector<std::string> cart = {"TEE-M"};
  bool seen = false;
  const RecommendationList in_cart = service->ForCart(cart, together).value();
  for (const Recommendation& r : in_cart.items) {
    if (r.reason.kind != recommend::ReasonKind::kBoughtTogether) continue;
    seen = true;
    EXPECT_NE(r.reason_text.find(" in " + std::to_string(r.reason.count) + " order"),
              std::string::npos)
        << r.reason_text;
  }
  EXPECT_TRUE(seen);
}

TEST_F(ProductCardsTest, EveryItemCarriesItsImageUrl) {
  const RecommendationList list = service->ForUser("nora", Wide()).value();
  ASSERT_FALSE(list.items.empty());
  const nlohmann::json json = ListJson(list);
  for (size_t i = 0; i < list.items.size(); ++i) {
    EXPECT_EQ(list.items[i].image_url, "https://cdn.example/" + list.items[i].sku + ".jpg");
    EXPECT_EQ(json["items"][i]["image_url"], list.items[i].image_url);
  }
}

}  // namespace
}  // namespace mercato::serving
