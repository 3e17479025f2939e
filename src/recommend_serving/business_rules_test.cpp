// Tests of the business rules and reason texts on a hand-made catalog.
#include "recommend_serving/business_rules.h"

#include <gtest/gtest.h>

#include "recommend_serving/reason_text.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::serving {
namespace {

using recommend::ReasonKind;
using recommend::ScoredItem;

// Items 0..7: brand alternates acme/zen (item 7 has none), categories "Home > Mugs" (0-3),
// "Garden" (4-6), none (7); price 10 * (item + 1) except 7 (unknown); item 2 out of stock,
// item 5 in stock, the rest unknown.
struct Fixture {
  Fixture() {
    for (int i = 0; i < 8; ++i) items.Add("s" + std::to_string(i));
    catalog = std::make_unique<ItemCatalog>(&items);
    for (int i = 0; i < 7; ++i) {
      catalog->Set(i, {"Item " + std::to_string(i),
                       i % 2 == 0 ? "Acme" : "Zen",
                       i < 4 ? "Home > Mugs" : "Garden",
                       10.0 * (i + 1),
                       "",
                       Stock::kUnknown,
                       "",
                       "",
                       {}});
    }
    catalog->Set(7, {"", "", "", std::nullopt, "", Stock::kUnknown, "", "", {}});
    catalog->SetStock(2, Stock::kOutOfStock);
    catalog->SetStock(5, Stock::kInStock);
  }
  std::vector<int32_t> Run(const Filters& f, std::vector<int32_t> purchased = {},
                           std::vector<int32_t> context = {}, int k = 8) const {
    RuleSet rules(f, *catalog, purchased, context);
    std::vector<ScoredItem> candidates;
    for (int i = 0; i < 8; ++i) candidates.push_back({i, 1.0f - 0.1f * i, {}});
    std::vector<ScoredItem> out;
    rules.Fill(candidates, k, out);
    std::vector<int32_t> ids;
    for (const auto& s : out) ids.push_back(s.item);
    return ids;
  }
  IdIndex items;
  std::unique_ptr<ItemCatalog> catalog;
};

using Ids = std::vector<int32_t>;

TEST(BusinessRules, DefaultsAreInStockWithoutPurchasesOneCardPerProduct) {
  const Filters defaults;
  EXPECT_TRUE(defaults.in_stock);
  EXPECT_TRUE(defaults.exclude_purchased);
  EXPECT_TRUE(defaults.one_per_product);
  Fixture f;
  EXPECT_EQ(f.Run(defaults, {1, 4}), (Ids{0, 3, 5, 6, 7}));
}

TEST(BusinessRules, NoFilterKeepsOrderAndStopsAtK) {
  Fixture f;
  EXPECT_EQ(f.Run(testing::FiltersOff()), (Ids{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(f.Run(testing::FiltersOff(), {}, {}, 3), (Ids{0, 1, 2}));
}

TEST(BusinessRules, InStockDropsOnlyKnownOutOfStock) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  filters.in_stock = true;
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 3, 4, 5, 6, 7}));
}

TEST(BusinessRules, ExcludePurchasedHonoursRepurchasableCategories) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  EXPECT_EQ(f.Run(filters, {1, 4}), (Ids{0, 1, 2, 3, 4, 5, 6, 7}));  // off: history unused
  filters.exclude_purchased = true;
  EXPECT_EQ(f.Run(filters, {1, 4}), (Ids{0, 2, 3, 5, 6, 7}));
  filters.repurchasable_categories = {"mugs"};  // any level, any case
  EXPECT_EQ(f.Run(filters, {1, 4}), (Ids{0, 1, 2, 3, 5, 6, 7}));
}

TEST(BusinessRules, ExcludedSkusAndContextItemsNeverReturn) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  filters.exclude = {"s0", "s6", "unknown-sku"};
  EXPECT_EQ(f.Run(filters, {}, {3}), (Ids{1, 2, 4, 5, 7}));
}

TEST(BusinessRules, CategoriesMatchAnyLevelOrPathPrefix) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  filters.categories = {"Garden"};
  EXPECT_EQ(f.Run(filters), (Ids{4, 5, 6}));
  filters.categories = {"HOME", "nothing-like-it"};
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 2, 3}));
  filters.categories = {"home > mugs"};  // a path prefix
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 2, 3}));
  filters.categories = {"Mugs > Home"};
  EXPECT_EQ(f.Run(filters), Ids{});
  filters.categories = {"nothing-like-it"};
  EXPECT_EQ(f.Run(filters), Ids{});
}

TEST(BusinessRules, PriceRangeIsInclusiveAndDropsUnknownPrices) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  filters.min_price = 20;
  filters.max_price = 40;
  EXPECT_EQ(f.Run(filters), (Ids{1, 2, 3}));
  filters.min_price.reset();
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 2, 3}));
}

TEST(BusinessRules, DiversityCapsPerBrandAndCategory) {
  Fixture f;
  Filters filters = testing::FiltersOff();
  filters.max_per_brand = 1;
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 7}));  // item 7 has no brand: not capped
  filters.max_per_brand = 0;
  filters.max_per_category = 2;
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 4, 5, 7}));
  filters.max_per_brand = 2;
  filters.max_per_category = 3;
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 2, 5, 7}));
}

TEST(BusinessRules, VariantsOfAProductMakeOneCardAndContextBlocksTheWholeProduct) {
  Fixture f;
  // Items 1, 3 and 5 are variants of one product ("Zen" items); 3 is a size M.
  for (int32_t item : {1, 3, 5}) f.catalog->SetProduct(item, "zen-thing");
  ItemInfo m = f.catalog->Info(3);
  m.options = {{"size", "m"}};
  f.catalog->Set(3, m);
  f.catalog->SetBuyers(5, 9);  // the best-selling variant
  f.catalog->SetBuyers(1, 2);
  Filters filters = testing::FiltersOff();
  filters.one_per_product = true;
  // One card, in item 1's place (the best score), showing item 5: in stock and best-selling.
  EXPECT_EQ(f.Run(filters), (Ids{0, 5, 2, 4, 6, 7}));
  // A customer who bought a size M sees the M.
  ItemInfo bought = f.catalog->Info(0);
  bought.options = {{"size", "m"}};
  f.catalog->Set(0, bought);
  EXPECT_EQ(f.Run(filters, {0}), (Ids{0, 3, 2, 4, 6, 7}));
  // Any variant in context blocks every variant.
  EXPECT_EQ(f.Run(filters, {}, {3}), (Ids{0, 2, 4, 6, 7}));
  filters.one_per_product = false;
  EXPECT_EQ(f.Run(filters), (Ids{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(f.Run(filters, {}, {5}), (Ids{0, 2, 4, 6, 7}));
  // Purchases block their whole product too.
  filters.exclude_purchased = true;
  EXPECT_EQ(f.Run(filters, {1}), (Ids{0, 2, 4, 6, 7}));
}

TEST(BusinessRules, DraftAndArchivedItemsNeverPass) {
  Fixture f;
  for (auto [item, status] : {std::pair{0, "draft"}, {4, "archived"}, {6, "active"}}) {
    ItemInfo info = f.catalog->Info(item);
    info.status = status;
    f.catalog->Set(item, info);
  }
  EXPECT_EQ(f.Run(testing::FiltersOff()), (Ids{1, 2, 3, 5, 6, 7}));
}

TEST(BusinessRules, InvalidFiltersAreRefused) {
  Filters filters;
  filters.max_per_brand = -1;
  EXPECT_EQ(ValidateFilters(filters).code(), StatusCode::kInvalidArgument);
  filters.max_per_brand = 0;
  filters.min_price = 5;
  filters.max_price = 4;
  EXPECT_EQ(ValidateFilters(filters).code(), StatusCode::kInvalidArgument);
  filters.max_price = 5;
  EXPECT_TRUE(ValidateFilters(filters).ok());
  filters.repurchase_min_rate = -0.1;
  EXPECT_EQ(ValidateFilters(filters).code(), StatusCode::kInvalidArgument);
}

TEST(ReasonText, EveryKindNamesItsAnchorAndCount) {
  Fixture f;
  auto text = [&](ReasonKind kind, int32_t anchor, int32_t count, int32_t delay = -1) {
    return RenderReason({kind, anchor, count, delay}, anchor == 7 ? 0 : 7, *f.catalog);
  };
  EXPECT_EQ(text(ReasonKind::kBoughtTogether, 3, 312),
            "bought together with \"Item 3\" (s3) in 312 orders");
  EXPECT_EQ(text(ReasonKind::kBecauseYouViewed, 7, 0), "because you viewed s7");
  EXPECT_EQ(text(ReasonKind::kBecauseYouBought, 1, 4), "because you bought \"Item 1\" (s1)");
  EXPECT_EQ(text(ReasonKind::kPopular, -1, 1), "popular: bought by 1 customer");
  EXPECT_EQ(text(ReasonKind::kTrending, -1, 12), "trending: bought often recently");
  EXPECT_EQ(text(ReasonKind::kFollowUp, 0, 9, 7),
            "bought about 7 days after \"Item 0\" (s0) by 9 customers");
  EXPECT_EQ(text(ReasonKind::kFollowUp, 0, 2, 0),
            "bought right after \"Item 0\" (s0) by 2 customers");
  EXPECT_EQ(text(ReasonKind::kViewedTogether, 4, 5),
            "chosen by 5 customers who also chose \"Item 4\" (s4)");
  EXPECT_EQ(text(ReasonKind::kSimilarContent, 5, 0), "similar to \"Item 5\" (s5)");
  EXPECT_EQ(text(ReasonKind::kSession, 6, 0), "goes with \"Item 6\" (s6) from your current visit");
  EXPECT_EQ(text(ReasonKind::kPersonalized, -1, 0), "matches your purchase history");
  EXPECT_EQ(text(ReasonKind::kPersonalized, 2, 0),
            "matches your purchase history, like \"Item 2\" (s2)");
  // ALS pairs have no count: none is claimed.
  EXPECT_EQ(text(ReasonKind::kViewedTogether, 4, 0), "often chosen with \"Item 4\" (s4)");
}

TEST(ReasonText, NeverCitesTheItemItselfOrAVariantOfIt) {
  Fixture f;
  f.catalog->SetProduct(1, "pair");
  f.catalog->SetProduct(3, "pair");
  EXPECT_EQ(RenderReason({ReasonKind::kPersonalized, 1, 0, -1}, 1, *f.catalog),
            "matches your purchase history");
  EXPECT_EQ(RenderReason({ReasonKind::kPersonalized, 3, 0, -1}, 1, *f.catalog),
            "matches your purchase history");
  EXPECT_EQ(RenderReason({ReasonKind::kBecauseYouBought, 3, 4, -1}, 1, *f.catalog),
            "you bought it before");
  EXPECT_EQ(RenderReason({ReasonKind::kPersonalized, 2, 0, -1}, 1, *f.catalog),
            "matches your purchase history, like \"Item 2\" (s2)");
}

}  // namespace
}  // namespace mercato::serving
