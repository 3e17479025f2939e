// The dashboard's data routes and the customer list and lookup, in process on the small serving
// store: the answers' shape and options, caching per data version, the list's CSV as the CLI
// writes it, and the lookup's 404 and 409.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "artifact/artifact.h"
#include "server/api_test_util.h"
#include "store/open_store.h"

namespace mercato::server {
namespace {

using nlohmann::json;

struct DashboardRoutesTest : testing::ApiFixture {
  void SetUp() override { OpenApi(nullptr); }
  ApiResponse Call(const std::string& method, const std::string& target,
                   const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    return Handle(method, target, admin_key, body, std::move(headers));
  }
  // Whether `target` answers from the cache at the current data version (`hit`) within a minute,
  // once its background recompute finished.
  bool AnswersFreshSoon(const std::string& target) {
    for (int i = 0; i < 1200; ++i) {
      if (Call("GET", target).Header("X-Mercato-Cache") == "hit") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Closes the server and opens another on the same store and artifacts.
  void Restart() {
    const ServerOptions o = ctx->options();
    api.reset();
    ctx.reset();
    auto opened = ServerContext::Open(o);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ctx = std::move(opened).value();
    api = std::make_unique<Api>(*ctx);
  }
  json Ok(const ApiResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json();
  }
};

TEST_F(DashboardRoutesTest, OverviewHasThePeriodsAskedForAndRefusesBadOptions) {
  const json weeks = Ok(Call("GET", "/v1/dashboard/overview?periods=3"));
  ASSERT_EQ(weeks["series"].size(), 3u);
  EXPECT_EQ(weeks["period"], "week");
  EXPECT_EQ(weeks["series"][2], weeks["current"]);
  EXPECT_EQ(weeks["series"][2]["end"], weeks["as_of"]);
  for (const char* key : {"revenue", "orders", "aov", "visitors", "conversion_rate"}) {
    EXPECT_TRUE(weeks["change"].contains(key)) << key;
  }
  const json months = Ok(Call("GET", "/v1/dashboard/overview?period=month&periods=2"));
  EXPECT_EQ(months["period"], "month");
  EXPECT_EQ(months["current"]["start"].get<std::string>().substr(8), "01");
  const ApiResponse bad_period = Call("GET", "/v1/dashboard/overview?period=year");
  EXPECT_EQ(bad_period.status, 400);
  EXPECT_NE(bad_period.body.find("expected day, week or month"), std::string::npos);
  const ApiResponse too_many = Call("GET", "/v1/dashboard/overview?periods=367");
  EXPECT_EQ(too_many.status, 400);
  // The recommendation routes' words (server/int_query.h), as docs/api.md shows them for k.
  EXPECT_NE(too_many.body.find("periods=367: expected an integer from 1 to 366"), std::string::npos)
      << too_many.body;
  EXPECT_EQ(Call("GET", "/v1/dashboard/overview?as_of=someday").status, 400);
  EXPECT_EQ(Handle("GET", "/v1/dashboard/overview", storefront_key, "", {}).status, 403);
}

TEST_F(DashboardRoutesTest, AnswersAreReusedUntilTheDataChanges) {
  const ApiResponse first = Call("GET", "/v1/dashboard/overview");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Header("X-Mercato-Cache"), "miss");
  const ApiResponse second = Call("GET", "/v1/dashboard/overview");
  EXPECT_EQ(second.Header("X-Mercato-Cache"), "hit");
  EXPECT_EQ(second.body, first.body);
  // A commit through the server's own connection (an upsert) is a new data version: the last
  // answer comes at once, marked stale, and the next calls see the one recomputed in the
  // background.
  ASSERT_EQ(
      Call("POST", "/v1/products", R"({"products": [{"sku": "NEW-1", "title": "Cup"}]})").status,
      200);
  const ApiResponse stale = Call("GET", "/v1/dashboard/overview");
  EXPECT_EQ(stale.Header("X-Mercato-Cache"), "stale");
  EXPECT_EQ(stale.body, first.body);
  EXPECT_FALSE(stale.Header("Age").empty());
  EXPECT_TRUE(AnswersFreshSoon("/v1/dashboard/overview"));
  // So is one through another connection (another process, an import).
  {
    auto other = OpenStore(dir + "/store.db");
    ASSERT_TRUE(other.ok());
    Product p;
    p.sku = "NEW-2";
    ASSERT_TRUE((*other)->Put(&p).ok());
  }
  EXPECT_EQ(Call("GET", "/v1/dashboard/overview").Header("X-Mercato-Cache"), "stale");
  EXPECT_TRUE(AnswersFreshSoon("/v1/dashboard/overview"));
  // Asking for a fresh answer computes one.
  EXPECT_EQ(Call("GET", "/v1/dashboard/overview", "", {{"cache-control", "no-cache"}})
                .Header("X-Mercato-Cache"),
            "miss");
}

TEST_F(DashboardRoutesTest, ThePagesUsualRequestsAreWarmedUpAtStart) {
  // Queued when the routes were added: answered from the warm-up, waited for (only-if-cached
  // never computes, nor takes a queued page off the warm-up's queue as a plain call would).
  for (const char* target :
       {"/v1/dashboard/overview?period=week&periods=12", "/v1/dashboard/customers",
        "/v1/dashboard/settings", "/v1/dashboard/experiments", "/v1/dashboard/journeys",
        "/v1/forecasts", "/v1/inventory/plan", "/v1/reports/lift"}) {
    const ApiResponse r = Call("GET", target, "", {{"cache-control", "only-if-cached"}});
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.Header("X-Mercato-Cache"), "hit") << target;
  }
}

// A restarted server answers what the one before it kept at once, from the artifacts folder:
// stale (the data may have moved meanwhile), with its age, and revalidated in the background.
// (A request the warm-up does not make, so that the warm-up cannot revalidate it first.)
TEST_F(DashboardRoutesTest, ARestartedServerAnswersTheKeptPagesAtOnce) {
  const ApiResponse first = Call("GET", "/v1/dashboard/customers?limit=3");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Header("X-Mercato-Cache"), "miss");
  Restart();
  const ApiResponse again = Call("GET", "/v1/dashboard/customers?limit=3");
  EXPECT_EQ(again.Header("X-Mercato-Cache"), "stale");
  EXPECT_EQ(again.body, first.body);
  EXPECT_GE(std::stod(std::string(again.Header("Age"))), ctx->options().planning_cache_seconds);
  EXPECT_TRUE(AnswersFreshSoon("/v1/dashboard/customers?limit=3"));
}

// An erasure drops every kept answer: the customers page never counts the erased customer again,
// not even once in the stale answer a data change would give, nor after a restart.
TEST_F(DashboardRoutesTest, AnErasureDropsTheKeptPagesAtOnce) {
  const json page = Ok(Call("GET", "/v1/dashboard/customers"));
  const int64_t customers = page["customers"];
  ASSERT_GT(customers, 0) << page;
  EXPECT_EQ(Call("GET", "/v1/dashboard/customers").Header("X-Mercato-Cache"), "hit");
  const json listed = Ok(Call("GET", "/v1/customers?limit=1"));
  ASSERT_EQ(listed["customers"].size(), 1u) << listed;
  const std::string id = listed["customers"][0]["id"];
  ASSERT_EQ(Call("DELETE", "/v1/customers/" + id).status, 200);
  const ApiResponse after = Call("GET", "/v1/dashboard/customers");
  EXPECT_NE(after.Header("X-Mercato-Cache"), "stale");
  EXPECT_EQ(Ok(after)["customers"], customers - 1);
  // What is kept on disk now was computed after the erasure.
  Restart();
  EXPECT_EQ(Ok(Call("GET", "/v1/dashboard/customers"))["customers"], customers - 1);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(KeptPagesDir(ctx->artifact_dir()), ec)) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(bytes.find('"' + id + '"'), std::string::npos) << e.path();
  }
}

TEST_F(DashboardRoutesTest, CustomersPageAddsUp) {
  const json page = Ok(Call("GET", "/v1/dashboard/customers?limit=5"));
  int64_t in_stages = 0, in_bins = 0;
  for (const auto& s : page["stages"]) in_stages += s["customers"].get<int64_t>();
  for (const auto& c : page["clv_histogram"]["counts"]) in_bins += c.get<int64_t>();
  EXPECT_GT(page["customers"].get<int64_t>(), 0);
  EXPECT_EQ(in_stages, page["customers"].get<int64_t>());
  EXPECT_EQ(in_bins, page["customers"].get<int64_t>());
  EXPECT_LE(page["winback_due"].size(), 5u);
  EXPECT_EQ(Call("GET", "/v1/dashboard/customers?limit=0").status, 400);
}

TEST_F(DashboardRoutesTest, SettingsShowTheStoreKeysAndConfigWithoutSecrets) {
  const json settings = Ok(Call("GET", "/v1/dashboard/settings"));
  EXPECT_GT(settings["store"]["orders"].get<int64_t>(), 0);
  EXPECT_GT(settings["store"]["customers"].get<int64_t>(), 0);
  EXPECT_FALSE(settings["freshness"]["models_trained_at"].is_null());
  EXPECT_FALSE(settings["freshness"]["last_order_at"].is_null());
  // The fixture's two keys, by id and scope; no secret, salt or hash anywhere.
  ASSERT_EQ(settings["keys"].size(), 2u);
  EXPECT_EQ(settings["keys"][0].size(), 5u);
  const std::string text = settings.dump();
  EXPECT_EQ(text.find(admin_key), std::string::npos);
  EXPECT_EQ(text.find("hash"), std::string::npos);
  EXPECT_EQ(text.find("salt"), std::string::npos);
  EXPECT_EQ(settings["config"]["rate_limit"], 0.0);
  EXPECT_EQ(settings["config"]["token_secret_set"], false);
  EXPECT_TRUE(settings["consent_policy"]["jurisdictions"].is_array());
  EXPECT_EQ(settings["consent_policy"]["unknown_country"]["personalization"], "opt_in");
}

TEST_F(DashboardRoutesTest, CustomerListAsJsonAndAsTheClisCsv) {
  const json all = Ok(Call("GET", "/v1/customers?limit=3"));
  ASSERT_EQ(all["count"], 3);
  ASSERT_EQ(all["customers"].size(), 3u);
  // Highest CLV first.
  EXPECT_GE(all["customers"][0]["clv"].get<double>(), all["customers"][1]["clv"].get<double>());
  EXPECT_TRUE(all["customers"][0].contains("email"));
  const ApiResponse csv = Call("GET", "/v1/customers?stage=at-risk&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.Header("Content-Disposition"), "attachment; filename=\"customers-at-risk.csv\"");
  const std::string header = csv.body.substr(0, csv.body.find('\n'));
  EXPECT_EQ(header.rfind("id,", 0), 0u) << header;
  EXPECT_NE(header.find(",clv,"), std::string::npos);
  EXPECT_NE(header.find(",email,first_name,last_name,shopify_id"), std::string::npos);
  // Every row is an at-risk customer.
  const size_t stage_column = [&] {
    size_t n = 0;
    for (std::string_view field : Split(header, ',')) {
      if (field == "stage") return n;
      ++n;
    }
    return n;
  }();
  for (std::string_view row : Split(std::string_view(csv.body).substr(header.size() + 1), '\n')) {
    if (row.empty()) continue;
    EXPECT_EQ(Split(row, ',')[stage_column], "at-risk") << row;
  }
  EXPECT_FALSE(all.contains("currency"));  // the serving store records none
  EXPECT_EQ(Call("GET", "/v1/customers?format=xml").status, 400);
  EXPECT_EQ(Call("GET", "/v1/customers?stage=asleep").status, 400);
  EXPECT_EQ(Call("GET", "/v1/customers?limit=-1").status, 400);
}

// A server started with --currency lists the money with it, in the JSON and as the CSV's last
// column, as `mercato customers list --currency` does.
struct DashboardRoutesCurrencyTest : testing::ApiFixture {
  void SetUp() override {
    OpenApi([](ServerOptions& o) { o.currency = "eur"; });
  }
};

TEST_F(DashboardRoutesCurrencyTest, CustomerListCarriesTheConfiguredCurrency) {
  const ApiResponse list = Handle("GET", "/v1/customers?limit=2", admin_key, "", {});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json::parse(list.body)["currency"], "EUR");
  const ApiResponse csv = Handle("GET", "/v1/customers?limit=2&format=csv", admin_key, "", {});
  ASSERT_EQ(csv.status, 200) << csv.body;
  const std::vector<std::string_view> lines = Split(csv.body, '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_TRUE(lines[0].ends_with(",shopify_id,currency")) << lines[0];
  EXPECT_TRUE(lines[1].ends_with(",EUR")) << lines[1];
}

TEST_F(DashboardRoutesTest, LookupByEmailInTheBodyAnswersTheProfile) {
  const json by_path = Ok(Call("GET", "/v1/customers/us1"));
  EXPECT_EQ(Ok(Call("POST", "/v1/customers/lookup", R"({"query": " US1@example.com "})")), by_path);
  EXPECT_EQ(Ok(Call("POST", "/v1/customers/lookup", R"({"query": "us1"})")), by_path);
  const ApiResponse unknown =
      Call("POST", "/v1/customers/lookup", R"({"query": "nobody@example.com"})");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(Call("POST", "/v1/customers/lookup", R"({"query": ""})").status, 400);
  EXPECT_EQ(Call("POST", "/v1/customers/lookup", R"({"email": "us1@example.com"})").status, 400);
  // Two customers share an email: 409 naming both.
  const Status s = ctx->WithStore([](Store& store) {
    Customer twin;
    twin.id = "us1-twin";
    twin.email = "us1@example.com";
    return store.Put(&twin);
  });
  ASSERT_TRUE(s.ok());
  const ApiResponse ambiguous =
      Call("POST", "/v1/customers/lookup", R"({"query": "us1@example.com"})");
  EXPECT_EQ(ambiguous.status, 409) << ambiguous.body;
  EXPECT_NE(ambiguous.body.find("us1-twin"), std::string::npos);
  EXPECT_EQ(
      Handle("POST", "/v1/customers/lookup", storefront_key, R"({"query": "us1"})", {}).status,
      403);
}

TEST_F(DashboardRoutesTest, RecommendationsPageNamesEachSurfacesModelAndCountsEvents) {
  const json before = Ok(Call("GET", "/v1/dashboard/recommendations"));
  EXPECT_TRUE(before["trained_at"].is_string());
  ASSERT_EQ(before["surfaces"].size(), 5u);
  for (const json& s : before["surfaces"]) {
    EXPECT_FALSE(s["model"].get<std::string>().empty()) << s;
    // The fixture trains without the time-split evaluation: every surface keeps its default
    // order, and says so; no candidate has figures.
    EXPECT_EQ(s["why"].get<std::string>().rfind("default order", 0), 0u) << s;
  }
  EXPECT_EQ(before["surfaces"][0]["surface"], "user");
  EXPECT_TRUE(before["models"].empty());
  EXPECT_TRUE(before["catalog_coverage"].is_null());
  EXPECT_GT(before["catalog_items"].get<int>(), 0);
  const int64_t views = before["events"].is_null() ? 0 : before["events"]["views"].get<int64_t>();
  const int64_t carts =
      before["events"].is_null() ? 0 : before["events"]["add_to_carts"].get<int64_t>();
  ASSERT_EQ(Handle("POST", "/v1/events", storefront_key,
                   R"({"events": [{"type": "view", "session_id": "s9", "sku": "p1"},
                                  {"type": "view", "session_id": "s9", "sku": "p2"},
                                  {"type": "add_to_cart", "session_id": "s9", "sku": "p2"}]})",
                   {})
                .status,
            202);
  // The kept answer is now stale; a fresh one is asked for.
  const json after =
      Ok(Call("GET", "/v1/dashboard/recommendations", "", {{"cache-control", "no-cache"}}));
  ASSERT_TRUE(after["events"].is_object()) << after;
  EXPECT_EQ(after["events"]["views"], views + 2);
  EXPECT_EQ(after["events"]["add_to_carts"], carts + 1);
  EXPECT_EQ(Handle("GET", "/v1/dashboard/recommendations", storefront_key, "", {}).status, 403);
}

TEST_F(DashboardRoutesTest,
       ExperimentsPageCountsExposuresPerVariantAndRecommendationsShowsTheLift) {
  const json empty = Ok(Call("GET", "/v1/dashboard/experiments"));
  EXPECT_EQ(empty, (json{{"experiments", json::array()}}));
  EXPECT_TRUE(Ok(Call("GET", "/v1/dashboard/recommendations"))["lift"].empty());
  ASSERT_EQ(Call("POST", "/v1/experiments",
                 R"({"key": "recs", "capability": "recommendations", "status": "running",
                     "variants": [{"name": "holdout"}, {"name": "shown"}]})")
                .status,
            201);
  ASSERT_EQ(Call("POST", "/v1/experiments",
                 R"({"key": "draft-one", "capability": "recommendations",
                     "variants": [{"name": "a"}, {"name": "b"}]})")
                .status,
            201);
  json units = json::array();
  for (int i = 0; i < 40; ++i) units.push_back({{"unit", "u" + std::to_string(i)}});
  const json recorded =
      Ok(Call("POST", "/v1/experiments/recs/exposures", json{{"exposures", units}}.dump()));
  ASSERT_EQ(recorded["recorded"], 40) << recorded;

  const json page =
      Ok(Call("GET", "/v1/dashboard/experiments", "", {{"cache-control", "no-cache"}}));
  ASSERT_EQ(page["experiments"].size(), 2u) << page;
  EXPECT_EQ(page["experiments"][0]["key"], "draft-one");
  EXPECT_EQ(page["experiments"][0]["exposures_per_variant"], (json{{"a", 0}, {"b", 0}}));
  const json& recs = page["experiments"][1];
  // The per-variant counts are the report's units per variant, and add up to the exposures.
  const json report = Ok(Call("GET", "/v1/experiments/recs/report"));
  const json per_variant = recs["exposures_per_variant"];
  EXPECT_EQ(per_variant["holdout"], report["analysis"]["units_per_variant"][0]) << page;
  EXPECT_EQ(per_variant["shown"], report["analysis"]["units_per_variant"][1]) << page;
  EXPECT_EQ(per_variant["holdout"].get<int>() + per_variant["shown"].get<int>(), 40);
  EXPECT_EQ(recs["exposures"], 40);

  // The running recommendations experiment (not the draft) is the page's lift, one row for the
  // variant against the control, with the units of each arm.
  const json recommendations =
      Ok(Call("GET", "/v1/dashboard/recommendations", "", {{"cache-control", "no-cache"}}));
  ASSERT_EQ(recommendations["lift"].size(), 1u) << recommendations["lift"];
  const json& lift = recommendations["lift"][0];
  EXPECT_EQ(lift["experiment"], "recs");
  EXPECT_EQ(lift["variant"], "shown");
  EXPECT_EQ(lift["control"], "holdout");
  EXPECT_EQ(lift["variant_units"], per_variant["shown"]);
  EXPECT_EQ(lift["control_units"], per_variant["holdout"]);
  EXPECT_EQ(lift["metric"], "revenue_per_visitor");
  EXPECT_EQ(Handle("GET", "/v1/dashboard/experiments", storefront_key, "", {}).status, 403);
}

TEST_F(DashboardRoutesTest, JourneysPageIsEachJourneyWithItsFiguresAndTheOutbox) {
  const json page = Ok(Call("GET", "/v1/dashboard/journeys"));
  const json list = Ok(Call("GET", "/v1/journeys"));
  ASSERT_EQ(page["journeys"].size(), list["journeys"].size()) << page;
  ASSERT_FALSE(page["journeys"].empty());
  for (size_t i = 0; i < page["journeys"].size(); ++i) {
    json journey = page["journeys"][i];
    const std::string id = journey["id"].get<std::string>();
    EXPECT_EQ(journey["stats"], Ok(Call("GET", "/v1/journeys/" + id + "/stats"))) << id;
    journey.erase("stats");
    EXPECT_EQ(journey, list["journeys"][i]) << id;
  }
  EXPECT_EQ(page["rules"], list["rules"]);
  EXPECT_EQ(page["outbox"], Ok(Call("GET", "/v1/outbox/stats"))["messages"]);
  EXPECT_EQ(Handle("GET", "/v1/dashboard/journeys", storefront_key, "", {}).status, 403);
}

}  // namespace
}  // namespace mercato::server
