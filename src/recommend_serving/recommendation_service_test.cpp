// The serving contract every recommender passes, on a small store: unknown users and users
// without consent get non-personalized lists, filters are honoured on every surface with k met
// when enough items pass, k above the catalog, unknown items and orders, determinism by seed.
#include "recommend_serving/recommendation_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "artifact/artifact.h"
#include "ingest/import_test_util.h"
#include "privacy/consent_ledger.h"
#include "recommend_serving/serving_test_util.h"

namespace mercato::serving {
namespace {

using recommend::ModelKind;
using Skus = std::vector<std::string>;

Skus SkusOf(const RecommendationList& list) {
  Skus out;
  for (const auto& r : list.items) out.push_back(r.sku);
  return out;
}

int Number(const std::string& sku) { return std::stoi(sku.substr(1)); }

// No rule at all: the safe defaults (in stock, exclude purchased) off too.
// Items with purchases in the store (the only ones any model or the backfill can rank).
const std::set<int> kBought = {0, 1, 2, 5, 6, 7, 8, 9};

struct ServiceTest : ::testing::Test {
  void SetUp() override {
    dir = mercato::testing::FreshDir();
    store = testing::MakeServingStore(dir);
    service = testing::TrainAndLoad(*store, dir);
    ASSERT_NE(service, nullptr);
    for (size_t k = 0; k < kModelKinds; ++k) {
      if (service->HasModel(static_cast<ModelKind>(k))) models.push_back(static_cast<ModelKind>(k));
    }
    ASSERT_FALSE(models.empty());
  }
  // Every surface, as (name, context SKUs, call).
  struct Surface {
    std::string name;
    std::set<int> context;
    std::function<Result<RecommendationList>(const Query&)> call;
  };
  static std::vector<Surface> Surfaces(const RecommendationService& s) {
    static const Skus cart = {"p0", "p6"};
    return {
        {"user us1", {}, [&s](const Query& q) { return s.ForUser("us1", q); }},
        {"related p0",
         {0},
         [&s](const Query& q) { return s.ForItem("p0", ItemRelation::kRelated, q); }},
        {"complementary p2",
         {2},
         [&s](const Query& q) { return s.ForItem("p2", ItemRelation::kComplementary, q); }},
        {"cart p0 p6", {0, 6}, [&s](const Query& q) { return s.ForCart(cart, q); }},
        {"post-purchase o-us1", {0, 2}, [&s](const Query& q) { return s.AfterOrder("o-us1", q); }}};
  }

  std::string dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<RecommendationService> service;
  std::vector<ModelKind> models;
};

TEST_F(ServiceTest, CatalogCarriesStockTitlesAndUrls) {
  const ItemCatalog& c = service->catalog();
  const int32_t p3 = c.items().Find("p3"), p4 = c.items().Find("p4"), p0 = c.items().Find("p0");
  EXPECT_EQ(c.Info(p3).stock, Stock::kOutOfStock);  // the latest inventory level is 0
  EXPECT_EQ(c.Info(p4).stock, Stock::kInStock);     // inventory_quantity 5
  EXPECT_EQ(c.Info(p0).stock, Stock::kUnknown);
  EXPECT_EQ(c.Info(p0).title, "Product 0");
  EXPECT_EQ(c.Info(p0).url, "https://shop.example/p0");
  EXPECT_EQ(c.Info(p4).price, 50.0);
  EXPECT_EQ(c.size(), 10);
}

TEST_F(ServiceTest, UnknownUserAndUsersWithoutConsentGetTheSameNonPersonalizedList) {
  for (ModelKind kind : models) {
    SCOPED_TRACE(std::string(recommend::ModelKindName(kind)));
    Query q;
    q.k = 4;
    q.model = kind;
    q.filters.exclude_purchased = true;  // must not reach into their history
    const RecommendationList unknown = service->ForUser("nobody", q).value();
    EXPECT_FALSE(unknown.personalized);
    EXPECT_EQ(unknown.fallback, "unknown customer: trending items");
    ASSERT_EQ(unknown.items.size(), 4u);
    for (const auto& r : unknown.items) {
      EXPECT_TRUE(r.model == ModelKind::kTrending || r.model == ModelKind::kPopularity);
    }
    // de1 (EU, no opt-in) and us2 (revoked) bought p5, p6 / p6, p9: their lists are the
    // unknown customer's, purchased items included.
    for (const char* who : {"de1", "us2"}) {
      const RecommendationList l = service->ForUser(who, q).value();
      EXPECT_FALSE(l.personalized) << who;
      EXPECT_EQ(l.fallback, "no personalization consent: trending items") << who;
      EXPECT_EQ(SkusOf(l), SkusOf(unknown)) << who;
    }
    // new1 is a known customer with consent but without history.
    const RecommendationList fresh = service->ForUser("new1", q).value();
    EXPECT_FALSE(fresh.personalized);
    if (kind != ModelKind::kPopularity) {
      EXPECT_EQ(SkusOf(fresh), SkusOf(unknown));
    }
  }
}

TEST_F(ServiceTest, CustomersWithConsentGetPersonalizedLists) {
  for (ModelKind kind : {ModelKind::kSar, ModelKind::kAls, ModelKind::kRanker}) {
    if (!service->HasModel(kind)) continue;
    SCOPED_TRACE(std::string(recommend::ModelKindName(kind)));
    Query q;
    q.k = 3;
    q.model = kind;
    for (const char* who : {"us1", "de2"}) {  // US default opt-out; DE with a grant
      const RecommendationList l = service->ForUser(who, q).value();
      EXPECT_TRUE(l.personalized) << who;
      EXPECT_EQ(l.fallback, "") << who;
      EXPECT_EQ(l.items.size(), 3u);
      EXPECT_EQ(l.items[0].model, kind);
    }
  }
}

// The ranker answers a known customer from the list it stored at training; when the rules
// filter that whole list out, trending and popularity fill in, as for every model.
TEST_F(ServiceTest, TheRankersStoredListServesAndFallsBackToTrendingWhenFilteredOut) {
  ASSERT_TRUE(service->HasModel(ModelKind::kRanker));
  Query q;
  q.k = 100;
  q.model = ModelKind::kRanker;
  q.filters = testing::FiltersOff();
  const RecommendationList stored = service->ForUser("us1", q).value();
  ASSERT_FALSE(stored.items.empty());
  EXPECT_TRUE(stored.personalized);
  for (const auto& r : stored.items) EXPECT_EQ(r.model, ModelKind::kRanker) << r.sku;
  q.filters.exclude = SkusOf(stored);
  const RecommendationList filtered = service->ForUser("us1", q).value();
  EXPECT_FALSE(filtered.personalized);
  EXPECT_EQ(filtered.fallback, "no usable history: trending items");
  for (const auto& r : filtered.items) {
    EXPECT_TRUE(r.model == ModelKind::kTrending || r.model == ModelKind::kPopularity) << r.sku;
    EXPECT_EQ(std::count(q.filters.exclude.begin(), q.filters.exclude.end(), r.sku), 0) << r.sku;
  }
}

TEST_F(ServiceTest, ItemAndCartQueriesUseHistoryOnlyWithConsent) {
  Query q;
  q.k = 10;
  q.filters.exclude_purchased = true;
  q.customer_id = "de1";  // bought p5 and p6, no consent: history unused
  RecommendationList l = service->ForItem("p2", ItemRelation::kRelated, q).value();
  EXPECT_FALSE(l.personalized);
  q.customer_id = "us1";  // bought p0 and p2
  l = service->ForItem("p5", ItemRelation::kRelated, q).value();
  EXPECT_TRUE(l.personalized);
  for (const auto& r : l.items) EXPECT_TRUE(r.sku != "p0" && r.sku != "p2") << r.sku;
  const Skus cart = {"p7"};
  l = service->ForCart(cart, q).value();
  EXPECT_TRUE(l.personalized);
  for (const auto& r : l.items) EXPECT_TRUE(r.sku != "p0" && r.sku != "p2" && r.sku != "p7");
}

TEST_F(ServiceTest, QueryConsentOverridesTheLoadedLedger) {
  for (ModelKind kind : {ModelKind::kSar, ModelKind::kAls, ModelKind::kRanker}) {
    if (!service->HasModel(kind)) continue;
    SCOPED_TRACE(std::string(recommend::ModelKindName(kind)));
    Query q;
    q.k = 3;
    q.model = kind;
    q.personalization_allowed = false;  // us1 opted out after the service was loaded
    const RecommendationList out = service->ForUser("us1", q).value();
    EXPECT_FALSE(out.personalized);
    EXPECT_EQ(out.fallback, "no personalization consent: trending items");
    q.personalization_allowed = true;  // de1 opted in after the service was loaded
    const RecommendationList in = service->ForUser("de1", q).value();
    EXPECT_TRUE(in.personalized);
    EXPECT_EQ(in.items[0].model, kind);
  }
  Query q;
  q.k = 3;
  q.personalization_allowed = false;
  EXPECT_FALSE(service->AfterOrder("o-us1", q).value().personalized);
  q.filters.exclude_purchased = true;
  q.customer_id = "us1";
  EXPECT_FALSE(service->ForItem("p5", ItemRelation::kRelated, q).value().personalized);
}

TEST_F(ServiceTest, AlsAboveTheCatalogThresholdIsServedThroughTheGraphWithTheSameLists) {
  ASSERT_TRUE(service->HasModel(ModelKind::kAls));
  EXPECT_EQ(service->Search(ModelKind::kAls), nullptr);  // 10 items: exact
  EXPECT_EQ(service->Search(ModelKind::kSar), nullptr);  // not a latent-factor model
  FactorSearchOptions options;
  options.exact_below = 5;
  auto graph =
      testing::LoadService(*store, dir + "/artifacts", privacy::DefaultConsentPolicy(), options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  ASSERT_NE((*graph)->Search(ModelKind::kAls), nullptr);
  EXPECT_TRUE((*graph)->Search(ModelKind::kAls)->approximate());
  EXPECT_EQ((*graph)->Search(ModelKind::kSar), nullptr);
  Query q;
  q.k = 4;
  q.model = ModelKind::kAls;
  q.filters.exclude_purchased = true;
  int personalized = 0;
  for (const char* who : {"us1", "de2", "f0", "f3", "f10", "f26", "new1", "nobody"}) {
    SCOPED_TRACE(who);
    const RecommendationList exact = service->ForUser(who, q).value();
    const RecommendationList approx = (*graph)->ForUser(who, q).value();
    personalized += approx.personalized;
    EXPECT_EQ(approx.personalized, exact.personalized);
    EXPECT_EQ(approx.fallback, exact.fallback);
    ASSERT_EQ(approx.items.size(), exact.items.size());
    for (size_t i = 0; i < exact.items.size(); ++i) {
      EXPECT_EQ(approx.items[i].sku, exact.items[i].sku);
      EXPECT_EQ(approx.items[i].model, exact.items[i].model);
      EXPECT_NEAR(approx.items[i].score, exact.items[i].score, 1e-4);
      EXPECT_EQ(approx.items[i].reason_text, exact.items[i].reason_text);
    }
  }
  EXPECT_GE(personalized, 4);
}

TEST_F(ServiceTest, RecentPurchasesAreExcludedLikeTrainedHistory) {
  auto skus = [](const RecommendationList& l) {
    const Skus s = SkusOf(l);
    return std::set<std::string>(s.begin(), s.end());
  };
  Query q;
  q.k = 10;
  q.filters.exclude_purchased = true;
  const std::set<std::string> before = skus(service->ForUser("us1", q).value());
  EXPECT_EQ(before.count("p0") + before.count("p2"), 0u);  // trained history
  ASSERT_EQ(before.count("p1"), 1u);
  ASSERT_EQ(before.count("p7"), 1u);
  q.recent_purchases = {"p1", "p7", "not-a-sku"};
  const std::set<std::string> after = skus(service->ForUser("us1", q).value());
  EXPECT_EQ(after.count("p1") + after.count("p7") + after.count("p0"), 0u);
  EXPECT_EQ(after.size(), before.size() - 2);
  // Repurchasable categories stay exempt: p1 is a mug.
  q.filters.repurchasable_categories = {"Mugs"};
  const std::set<std::string> mugs = skus(service->ForUser("us1", q).value());
  EXPECT_EQ(mugs.count("p1"), 1u);
  EXPECT_EQ(mugs.count("p7"), 0u);
  q.filters.repurchasable_categories.clear();
  // A customer unknown to the models (and to the loaded ledger), and the item and cart surfaces.
  EXPECT_EQ(skus(service->ForUser("brand-new", q).value()).count("p1"), 1u);
  q.personalization_allowed = true;
  const std::set<std::string> unknown = skus(service->ForUser("brand-new", q).value());
  q.personalization_allowed.reset();
  EXPECT_EQ(unknown.count("p1") + unknown.count("p7"), 0u);
  EXPECT_EQ(unknown.count("p0"), 1u);
  q.customer_id = "new1";
  const RecommendationList item = service->ForItem("p0", ItemRelation::kRelated, q).value();
  EXPECT_TRUE(item.personalized);
  EXPECT_EQ(skus(item).count("p1") + skus(item).count("p7"), 0u);
  const Skus cart = {"p5"};
  const std::set<std::string> in_cart = skus(service->ForCart(cart, q).value());
  EXPECT_EQ(in_cart.count("p1") + in_cart.count("p7"), 0u);
  // Without exclude_purchased, or without consent, recent purchases change nothing.
  q.filters.exclude_purchased = false;
  EXPECT_EQ(skus(service->ForCart(cart, q).value()).count("p1"), 1u);
  q.filters.exclude_purchased = true;
  q.personalization_allowed = false;
  EXPECT_EQ(skus(service->ForCart(cart, q).value()).count("p1"), 1u);
}

TEST_F(ServiceTest, PostPurchaseHonoursTheOrderCustomersConsent) {
  Query q;
  q.k = 3;
  const RecommendationList de = service->AfterOrder("o-de1", q).value();
  EXPECT_FALSE(de.personalized);
  EXPECT_EQ(de.fallback, "no personalization consent for the order's customer: trending items");
  for (const auto& r : de.items) EXPECT_TRUE(r.sku != "p5" && r.sku != "p6");  // its own items
  const RecommendationList us = service->AfterOrder("o-us1", q).value();
  EXPECT_TRUE(us.personalized);
  EXPECT_EQ(us.items.size(), 3u);
}

TEST_F(ServiceTest, FiltersAreHonouredOnEverySurfaceAndKIsMetWhenPossible) {
  struct Case {
    std::string name;
    std::function<void(Filters&)> set;
    std::function<bool(int)> passes;  // per item number
  };
  const std::vector<Case> cases = {
      {"in stock", [](Filters& f) { f.in_stock = true; }, [](int i) { return i != 3; }},
      {"garden", [](Filters& f) { f.categories = {"Garden"}; }, [](int i) { return i >= 5; }},
      {"price 20..60",
       [](Filters& f) {
         f.min_price = 20;
         f.max_price = 60;
       },
       [](int i) { return i >= 1 && i <= 5; }},
      {"exclude p1 p5",
       [](Filters& f) {
         f.exclude = {"p1", "p5"};
       },
       [](int i) { return i != 1 && i != 5; }},
      {"exclude purchased", [](Filters& f) { f.exclude_purchased = true; },
       [](int i) { return i != 0 && i != 2; }},  // us1's purchases
  };
  for (ModelKind kind : models) {
    for (const Surface& surface : Surfaces(*service)) {
      for (const Case& c : cases) {
        SCOPED_TRACE(std::string(recommend::ModelKindName(kind)) + " / " + surface.name + " / " +
                     c.name);
        Query q;
        q.k = 4;
        q.model = kind;
        q.customer_id = "us1";
        q.filters = testing::FiltersOff();
        c.set(q.filters);
        auto result = surface.call(q);
        ASSERT_TRUE(result.ok()) << result.status().ToString();
        Query everything;  // what the model and the backfill can rank at all
        everything.filters = testing::FiltersOff();
        everything.k = 1000;
        everything.model = kind;
        int eligible = 0;
        const RecommendationList all = surface.call(everything).value();
        for (const auto& r : all.items) eligible += c.passes(Number(r.sku));
        EXPECT_EQ(static_cast<int>(result->items.size()), std::min(q.k, eligible));
        std::set<std::string> seen;
        for (const auto& r : result->items) {
          EXPECT_TRUE(c.passes(Number(r.sku))) << r.sku;
          EXPECT_EQ(surface.context.count(Number(r.sku)), 0u) << r.sku;
          EXPECT_TRUE(seen.insert(r.sku).second) << "duplicate " << r.sku;
          EXPECT_FALSE(r.reason_text.empty());
        }
      }
    }
  }
}

TEST_F(ServiceTest, DiversityCapsHold) {
  for (ModelKind kind : models) {
    for (const Surface& surface : Surfaces(*service)) {
      SCOPED_TRACE(std::string(recommend::ModelKindName(kind)) + " / " + surface.name);
      Query q;
      q.k = 6;
      q.model = kind;
      q.filters.max_per_brand = 1;
      auto by_brand = surface.call(q).value();
      EXPECT_EQ(by_brand.items.size(), 2u);  // one Acme, one Zen
      q.filters.max_per_brand = 0;
      q.filters.max_per_category = 2;
      auto by_category = surface.call(q).value();
      int home = 0, garden = 0;
      for (const auto& r : by_category.items) (Number(r.sku) < 5 ? home : garden)++;
      EXPECT_LE(home, 2);
      EXPECT_LE(garden, 2);
    }
  }
}

TEST_F(ServiceTest, KLargerThanTheCatalogReturnsEveryRankableItemOnce) {
  for (ModelKind kind : models) {
    for (const Surface& surface : Surfaces(*service)) {
      SCOPED_TRACE(std::string(recommend::ModelKindName(kind)) + " / " + surface.name);
      Query q;
      q.k = 1000;
      q.model = kind;
      q.filters = testing::FiltersOff();
      const RecommendationList l = surface.call(q).value();
      const Skus skus = SkusOf(l);
      const std::set<std::string> distinct(skus.begin(), skus.end());
      EXPECT_EQ(distinct.size(), l.items.size());
      // Every purchased item is rankable (the popularity backfill); some models rank others.
      EXPECT_GE(l.items.size(), kBought.size() - surface.context.size());
      EXPECT_LE(l.items.size(), 10 - surface.context.size());
      for (const auto& r : l.items) EXPECT_EQ(surface.context.count(Number(r.sku)), 0u);
    }
  }
}

TEST_F(ServiceTest, UnknownItemsAndOrdersAreClearErrorsUnknownCartsFallBack) {
  Query q;
  auto item = service->ForItem("nope", ItemRelation::kRelated, q);
  EXPECT_EQ(item.status().code(), StatusCode::kNotFound);
  EXPECT_NE(item.status().message().find("unknown SKU 'nope'"), std::string::npos);
  auto order = service->AfterOrder("o-missing", q);
  EXPECT_EQ(order.status().code(), StatusCode::kNotFound);
  const Skus unknown_cart = {"x1", "x2"};
  const RecommendationList l = service->ForCart(unknown_cart, q).value();
  EXPECT_EQ(l.fallback, "no SKU of the cart is known to the models: trending items");
  EXPECT_EQ(l.items.size(), kBought.size());
  const Skus mixed = {"x1", "p0"};
  const RecommendationList with_known = service->ForCart(mixed, q).value();
  EXPECT_EQ(with_known.fallback, "");
  for (const auto& r : with_known.items) EXPECT_NE(r.sku, "p0");
  q.k = 0;
  EXPECT_EQ(service->ForUser("us1", q).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ServiceTest, SameDataAndSeedGiveTheSameListsFromFreshlyTrainedArtifacts) {
  const std::string other = dir + "/again";
  auto again = testing::TrainAndLoad(*store, other);
  ASSERT_NE(again, nullptr);
  for (ModelKind kind : models) {
    Query q;
    q.k = 5;
    q.model = kind;
    const auto ours = Surfaces(*service), theirs = Surfaces(*again);
    for (size_t s = 0; s < ours.size(); ++s) {
      SCOPED_TRACE(std::string(recommend::ModelKindName(kind)) + " / " + ours[s].name);
      const RecommendationList a = ours[s].call(q).value();
      const RecommendationList b = theirs[s].call(q).value();
      const RecommendationList c = ours[s].call(q).value();
      ASSERT_EQ(a.items.size(), b.items.size());
      ASSERT_EQ(a.items.size(), c.items.size());
      for (size_t i = 0; i < a.items.size(); ++i) {
        EXPECT_EQ(a.items[i].sku, b.items[i].sku);
        EXPECT_EQ(a.items[i].score, b.items[i].score);
        EXPECT_EQ(a.items[i].reason_text, b.items[i].reason_text);
        EXPECT_EQ(a.items[i].sku, c.items[i].sku);
      }
    }
  }
}

TEST_F(ServiceTest, MissingOrForeignArtifactsAreClearErrors) {
  auto none = testing::LoadService(*store, dir + "/nowhere");
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("mercato train recommend"), std::string::npos);
  // A model artifact from other data than the index is refused.
  const std::string artifacts = dir + "/artifacts";
  Artifact popularity = ReadArtifact(artifacts, "recommend.popularity").value();
  popularity.data.hash = "ffffffffffffffff";
  ASSERT_TRUE(WriteArtifact(artifacts, popularity).ok());
  auto mixed = testing::LoadService(*store, artifacts);
  EXPECT_EQ(mixed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(mixed.status().message().find("other data"), std::string::npos);
}

// Issue 14 item 9: with `failures`, a broken model artifact is left out and reported while the
// others serve; without, it stays an error (the CLI's behaviour).
TEST_F(ServiceTest, BrokenModelArtifactsAreLeftOutAndReportedWhenAsked) {
  const std::string artifacts = dir + "/artifacts";
  testing::CorruptArtifact(artifacts, "recommend.sar");
  Artifact popularity = ReadArtifact(artifacts, "recommend.popularity").value();
  popularity.data.hash = "ffffffffffffffff";
  ASSERT_TRUE(WriteArtifact(artifacts, popularity).ok());
  EXPECT_EQ(testing::LoadService(*store, artifacts).status().code(),
            StatusCode::kFailedPrecondition);  // the first broken one, popularity

  auto ledger = privacy::LoadConsentLedger(*store, privacy::DefaultConsentPolicy());
  ASSERT_TRUE(ledger.ok());
  std::vector<ArtifactFailure> failures;
  auto partial = LoadRecommendationService(testing::CatalogSnapshot(*store), std::move(*ledger),
                                           artifacts, {}, &failures);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  ASSERT_EQ(failures.size(), 2u);  // in model order: popularity first, then sar
  EXPECT_EQ(failures[0].artifact, "recommend.popularity");
  EXPECT_NE(failures[0].reason.find("other data"), std::string::npos) << failures[0].reason;
  EXPECT_EQ(failures[1].artifact, "recommend.sar");
  EXPECT_NE(failures[1].reason.find("checksum mismatch"), std::string::npos) << failures[1].reason;
  EXPECT_FALSE((*partial)->HasModel(ModelKind::kSar));
  EXPECT_FALSE((*partial)->HasModel(ModelKind::kPopularity));
  EXPECT_TRUE((*partial)->HasModel(ModelKind::kTrending));
  Query q;
  q.k = 3;
  EXPECT_EQ((*partial)->ForUser("us1", q).value().items.size(), 3u);
}

}  // namespace
}  // namespace mercato::serving
