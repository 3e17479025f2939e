// Tests of the synthetic store: determinism, format, referential integrity, and that each planted
// truth can be recovered from the generated files.
#include "synth/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/csv_reader.h"
#include "domain/entity_schema.h"
#include "synth/csv_table_test_util.h"
#include "synth/holdout.h"

namespace mercato::synth {
namespace {

Timestamp Ts(const std::string& s) {
  auto r = ParseTimestamp(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.ok() ? *r : 0;
}

SynthConfig SmallConfig(uint64_t seed) {
  SynthConfig c;
  c.customers = 2000;
  c.days = 365;
  c.seed = seed;
  return c;
}

// Per process: ctest runs each test in its own process, several at a time.
std::string Root() {
  return ::testing::TempDir() + "/mercato_synth_test_" + std::to_string(getpid());
}

class SynthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string root = Root();
    std::filesystem::remove_all(root);
    dir_ = root + "/a";
    ASSERT_TRUE(GenerateStore(SmallConfig(42), dir_, &summary_).ok());
    truth_ = nlohmann::json::parse(Slurp(dir_ + "/truth.json"));
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(Root()); }
  static std::string File(const std::string& name) { return dir_ + "/" + name; }
  // A file of the generated store, read once per test binary.
  static const Table& Load(const std::string& name) {
    auto it = tables_.find(name);
    if (it == tables_.end()) it = tables_.emplace(name, Read(File(name))).first;
    return it->second;
  }

  static std::string dir_;
  static SynthSummary summary_;
  static nlohmann::json truth_;
  static std::map<std::string, Table> tables_;
};
std::string SynthTest::dir_;
SynthSummary SynthTest::summary_;
nlohmann::json SynthTest::truth_;
std::map<std::string, Table> SynthTest::tables_;

std::vector<std::string> AllFiles() {
  std::vector<std::string> files;
  for (std::string_view name : EntityNames()) files.push_back(std::string(name) + ".csv");
  files.push_back("truth.json");
  files.push_back("truth_customers.csv");
  return files;
}

TEST_F(SynthTest, SameSeedGivesIdenticalFilesAndAnotherSeedDiffers) {
  const std::string root = Root();
  ASSERT_TRUE(GenerateStore(SmallConfig(42), root + "/b", nullptr).ok());
  ASSERT_TRUE(GenerateStore(SmallConfig(43), root + "/c", nullptr).ok());
  for (const std::string& f : AllFiles()) {
    EXPECT_EQ(Slurp(File(f)), Slurp(root + "/b/" + f)) << f;
  }
  EXPECT_NE(Slurp(File("orders.csv")), Slurp(root + "/c/orders.csv"));
  EXPECT_NE(Slurp(File("truth_customers.csv")), Slurp(root + "/c/truth_customers.csv"));
}

TEST_F(SynthTest, EveryFileHasItsHeaderAndRows) {
  ForEachEntityType([&](auto tag) {
    using T = typename decltype(tag)::type;
    const std::string name = std::string(EntityTraits<T>::kName) + ".csv";
    const Table& t = Load(name);
    std::vector<std::string> expected;
    for (const auto& f : EntityTraits<T>::Fields()) expected.emplace_back(f.name);
    EXPECT_EQ(t.header, expected) << name;
    EXPECT_GT(t.rows.size(), 0u) << name;
  });
  ASSERT_EQ(summary_.rows.size(), kEntityKindCount + 1);
  EXPECT_EQ(summary_.rows[1], std::make_pair(std::string("customers.csv"), int64_t{2000}));
  EXPECT_EQ(summary_.rows.back().second, 2000);
}

TEST_F(SynthTest, ReferencesResolveAndTotalsAddUp) {
  const Table& products = Load("products.csv");
  const Table& customers = Load("customers.csv");
  const Table& orders = Load("orders.csv");
  const Table& lines = Load("order_lines.csv");
  const Table& carts = Load("carts.csv");
  const Table& items = Load("cart_items.csv");
  const Table& returns = Load("returns.csv");
  const Table& events = Load("events.csv");
  std::unordered_set<std::string> skus, customer_ids, cart_ids;
  for (const auto& r : products.rows) skus.insert(r[0]);
  for (const auto& r : customers.rows) customer_ids.insert(r[0]);
  for (const auto& r : carts.rows) cart_ids.insert(r[0]);
  std::unordered_map<std::string, size_t> order_index;
  for (size_t i = 0; i < orders.rows.size(); ++i) order_index[orders.rows[i][0]] = i;
  EXPECT_EQ(order_index.size(), orders.rows.size());

  std::vector<double> line_sum(orders.rows.size(), 0), line_discount(orders.rows.size(), 0);
  std::vector<int64_t> line_count(orders.rows.size(), 0);
  std::set<std::pair<std::string, std::string>> line_keys;
  for (const auto& r : lines.rows) {
    const auto it = order_index.find(r[lines.Col("order_id")]);
    ASSERT_NE(it, order_index.end()) << r[0];
    EXPECT_EQ(std::stoll(r[lines.Col("line_no")]), ++line_count[it->second]);
    EXPECT_TRUE(skus.count(r[lines.Col("sku")])) << r[lines.Col("sku")];
    line_sum[it->second] +=
        std::stod(r[lines.Col("quantity")]) * std::stod(r[lines.Col("unit_price")]);
    line_discount[it->second] += std::stod(r[lines.Col("discount")]);
    line_keys.insert({r[0], r[1]});
  }
  for (size_t i = 0; i < orders.rows.size(); ++i) {
    const auto& o = orders.rows[i];
    EXPECT_GT(line_count[i], 0) << o[0];
    EXPECT_TRUE(customer_ids.count(o[orders.Col("customer_id")]));
    EXPECT_FALSE(o[orders.Col("channel")].empty());
    EXPECT_EQ(o[orders.Col("currency")], "USD");
    EXPECT_FALSE(o[orders.Col("country")].empty());
    const double discount = std::stod(o[orders.Col("discount_total")]);
    EXPECT_NEAR(line_discount[i], discount, 0.005) << o[0];
    EXPECT_NEAR(std::stod(o[orders.Col("total")]),
                line_sum[i] - discount + std::stod(o[orders.Col("shipping")]), 0.005)
        << o[0];
  }
  for (const auto& r : items.rows) {
    EXPECT_TRUE(cart_ids.count(r[0])) << r[0];
    EXPECT_TRUE(skus.count(r[1])) << r[1];
  }
  for (const auto& r : carts.rows) {
    EXPECT_TRUE(customer_ids.count(r[carts.Col("customer_id")]));
    const std::string& order = r[carts.Col("order_id")];
    EXPECT_EQ(order.empty(), r[carts.Col("completed_at")].empty());
    if (!order.empty()) {
      EXPECT_TRUE(order_index.count(order)) << order;
    }
  }
  for (const auto& r : returns.rows) {
    EXPECT_TRUE(line_keys.count({r[returns.Col("order_id")], r[returns.Col("line_no")]}));
    EXPECT_TRUE(customer_ids.count(r[returns.Col("customer_id")]));
  }
  for (const auto& r : events.rows) {
    EXPECT_TRUE(customer_ids.count(r[events.Col("customer_id")]));
    const std::string& sku = r[events.Col("sku")];
    if (!sku.empty()) {
      EXPECT_TRUE(skus.count(sku)) << sku;
    }
  }
  for (const char* name :
       {"inventory.csv", "purchase_orders.csv", "promotions.csv", "competitor_prices.csv"}) {
    const Table& t = Load(name);
    const size_t col = t.Col("sku");
    for (const auto& r : t.rows) EXPECT_TRUE(skus.count(r[col])) << name << " " << r[col];
  }
}

TEST_F(SynthTest, PurchaseRateMatchesThePlantedGammaAndTheBgNbdProcess) {
  const auto& process = truth_["purchase_process"];
  const double mean_lambda = process["lambda"]["mean"].get<double>();
  EXPECT_DOUBLE_EQ(mean_lambda, 0.9 / 40.0);
  const Table& tc = Load("truth_customers.csv");
  const Timestamp end = Ts(truth_["period"]["calibration_end"].get<std::string>());
  double lambda_sum = 0, expected = 0;
  int64_t repeats = 0;
  for (const auto& r : tc.rows) {
    const double lambda = std::stod(r[tc.Col("lambda")]);
    const double p = std::stod(r[tc.Col("p")]);
    const double exposure = static_cast<double>(end - Ts(r[tc.Col("acquired_at")])) / 86400.0;
    lambda_sum += lambda;
    expected += (1.0 - std::exp(-p * lambda * exposure)) / p;
    repeats += std::stoll(r[tc.Col("repeat_orders")]);
  }
  EXPECT_NEAR(lambda_sum / static_cast<double>(tc.rows.size()), mean_lambda, 0.1 * mean_lambda);
  // The seasonal multiplier averages ~1, so the constant-rate expectation is close.
  EXPECT_NEAR(static_cast<double>(repeats) / expected, 1.0, 0.1);
  // Every order in orders.csv is accounted for by the truth's counts.
  const auto& counts = process["counts"];
  EXPECT_EQ(static_cast<int64_t>(Load("orders.csv").rows.size()),
            counts["first_orders"].get<int64_t>() + counts["repeat_orders"].get<int64_t>() +
                counts["follow_up_orders"].get<int64_t>() +
                counts["recovered_cart_orders"].get<int64_t>());
  EXPECT_EQ(counts["repeat_orders"].get<int64_t>(), repeats);
}

TEST_F(SynthTest, ComplementaryPairsFollowEachOtherAtThePlantedRate) {
  const Table& orders = Load("orders.csv");
  const Table& lines = Load("order_lines.csv");
  const Timestamp end = Ts(truth_["period"]["calibration_end"].get<std::string>());
  std::unordered_map<std::string, std::pair<std::string, Timestamp>> order_info;
  for (const auto& o : orders.rows) order_info[o[0]] = {o[1], Ts(o[2])};
  // Per customer: (time, sku) of every purchase.
  std::map<std::string, std::vector<std::pair<Timestamp, std::string>>> bought;
  for (const auto& l : lines.rows) {
    const auto& [customer, ts] = order_info[l[0]];
    bought[customer].emplace_back(ts, l[2]);
  }
  double planted = 0;
  int64_t a_count = 0, a_hits = 0, other_count = 0, other_hits = 0;
  for (const auto& pair : truth_["complements"]["pairs"]) {
    const std::string a = pair["a"], b = pair["b"];
    const double window = 3.0 * std::max(1.0, pair["delay_mean_days"].get<double>()) * 86400;
    for (const auto& [customer, list] : bought) {
      for (const auto& [ts, sku] : list) {
        if (static_cast<double>(ts) + window > static_cast<double>(end)) continue;
        const bool hit = std::any_of(list.begin(), list.end(), [&](const auto& x) {
          return x.second == b && x.first >= ts && static_cast<double>(x.first - ts) <= window;
        });
        if (sku == a) {
          ++a_count;
          a_hits += hit;
          planted += pair["probability"].get<double>();
        } else if (sku != b) {
          ++other_count;
          other_hits += hit;
        }
      }
    }
  }
  ASSERT_GT(a_count, 200);
  const double rate = static_cast<double>(a_hits) / static_cast<double>(a_count);
  const double chance = static_cast<double>(other_hits) / static_cast<double>(other_count);
  EXPECT_NEAR(rate, planted / static_cast<double>(a_count), 0.07);
  EXPECT_GT(rate, 10 * chance);
}

TEST_F(SynthTest, AbusersReturnFarMoreThanOthers) {
  std::unordered_map<std::string, std::string> abusers;
  for (const auto& a : truth_["returns"]["abusers"]) abusers[a["customer_id"]] = a["kind"];
  ASSERT_GT(abusers.size(), 10u);
  const Table& orders = Load("orders.csv");
  std::unordered_map<std::string, std::string> customer_of;
  for (const auto& o : orders.rows) customer_of[o[0]] = o[1];
  int64_t lines[2] = {0, 0}, returned[2] = {0, 0}, worn_fast = 0, wardrobe_returns = 0;
  for (const auto& l : Load("order_lines.csv").rows) ++lines[abusers.count(customer_of[l[0]])];
  const Table& returns = Load("returns.csv");
  std::unordered_map<std::string, Timestamp> order_ts;
  for (const auto& o : orders.rows) order_ts[o[0]] = Ts(o[2]);
  for (const auto& r : returns.rows) {
    const std::string& customer = r[returns.Col("customer_id")];
    ++returned[abusers.count(customer)];
    if (abusers.count(customer) && abusers[customer] == "wardrobing") {
      ++wardrobe_returns;
      const Timestamp delay = Ts(r[returns.Col("ts")]) - order_ts[r[returns.Col("order_id")]];
      worn_fast += r[returns.Col("condition")] == "worn" && delay <= 4 * 86400;
    }
  }
  const double abuser_rate = static_cast<double>(returned[1]) / static_cast<double>(lines[1]);
  const double other_rate = static_cast<double>(returned[0]) / static_cast<double>(lines[0]);
  EXPECT_GT(abuser_rate, 3 * other_rate);
  ASSERT_GT(wardrobe_returns, 0);
  EXPECT_GT(static_cast<double>(worn_fast) / static_cast<double>(wardrobe_returns), 0.5);
}

TEST_F(SynthTest, EmailsOnlyGoToCustomersWhoAllowThem) {
  static const std::set<std::string> kOptIn{"DE", "FR", "NL", "ES", "IT", "GB", "CA"};
  const Table& customers = Load("customers.csv");
  std::unordered_map<std::string, bool> opt_in;
  for (const auto& c : customers.rows) opt_in[c[0]] = kOptIn.count(c[customers.Col("country")]);
  // email_marketing ledger per customer, in time order.
  std::unordered_map<std::string, std::vector<std::pair<Timestamp, bool>>> ledger;
  int64_t revocations_after_grant = 0;
  for (const auto& r : Load("consents.csv").rows) {
    if (r[1] != "email_marketing") continue;
    auto& list = ledger[r[0]];
    if (r[2] == "false" && !list.empty() && list.back().second) ++revocations_after_grant;
    list.emplace_back(Ts(r[3]), r[2] == "true");
  }
  EXPECT_GT(revocations_after_grant, 0);
  for (const auto& c : customers.rows) {
    if (opt_in[c[0]]) {
      EXPECT_TRUE(ledger.count(c[0])) << "opt-in customer without a record";
    }
  }
  int64_t emails = 0;
  const Table& events = Load("events.csv");
  for (const auto& e : events.rows) {
    if (e[events.Col("type")] != "email_sent") continue;
    ++emails;
    const std::string& customer = e[events.Col("customer_id")];
    const Timestamp ts = Ts(e[events.Col("ts")]);
    bool allowed = !opt_in[customer];
    for (const auto& [when, granted] : ledger[customer]) {
      if (when <= ts) allowed = granted;
    }
    EXPECT_TRUE(allowed) << customer << " emailed at " << e[events.Col("ts")];
    EXPECT_TRUE(e[events.Col("source")].rfind("incentive:", 0) == 0);
  }
  EXPECT_GT(emails, 100);
}

TEST_F(SynthTest, RecoveryDependsOnSegmentAndIncentive) {
  const Table& tc = Load("truth_customers.csv");
  std::unordered_map<std::string, std::string> segment;
  for (const auto& r : tc.rows) segment[r[0]] = r[tc.Col("segment")];
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> cells;  // sent, bought
  const Table& events = Load("events.csv");
  for (const auto& e : events.rows) {
    const std::string& type = e[events.Col("type")];
    const std::string& source = e[events.Col("source")];
    if (source.rfind("incentive:", 0) != 0) continue;
    auto& cell = cells[{segment[e[events.Col("customer_id")]], source.substr(10)}];
    if (type == "email_sent") cell.first += 1;
    if (type == "purchase") cell.second += 1;
  }
  auto rate = [&](const char* seg, const char* incentive) {
    const auto& c = cells[{seg, incentive}];
    return c.first > 0 ? c.second / c.first : 0.0;
  };
  EXPECT_GT(rate("price_sensitive", "pct_discount"), rate("price_sensitive", "urgency") + 0.1);
  EXPECT_GT(rate("convenience_seeker", "free_shipping"),
            rate("convenience_seeker", "pct_discount") + 0.1);
  EXPECT_GT(rate("impulse", "urgency"), rate("impulse", "free_shipping") + 0.1);
  EXPECT_NEAR(truth_["cart_recovery"]["recovery_probability"]["loyal"]["none"].get<double>(), 0.18,
              1e-12);
}

TEST_F(SynthTest, DisruptionRaisesLeadTimesAfterItsDateAndIsSignalled) {
  const auto& d = truth_["supply"]["disruption"];
  const std::string supplier = d["supplier"];
  const Timestamp date = Ts(d["date"].get<std::string>());
  const Table& pos = Load("purchase_orders.csv");
  double sum[2] = {0, 0}, n[2] = {0, 0}, other[2] = {0, 0}, other_n[2] = {0, 0};
  for (const auto& r : pos.rows) {
    const std::string& received = r[pos.Col("received_at")];
    if (received.empty()) continue;
    const Timestamp ordered = Ts(r[pos.Col("ordered_at")]);
    const double lead = static_cast<double>(Ts(received) - ordered) / 86400.0;
    const int after = ordered >= date;
    if (r[pos.Col("supplier_id")] == supplier) {
      sum[after] += lead;
      ++n[after];
    } else {
      other[after] += lead;
      ++other_n[after];
    }
  }
  ASSERT_GT(n[0], 5);
  ASSERT_GT(n[1], 5);
  EXPECT_NEAR(sum[0] / n[0], d["lead_time_mean_before"].get<double>(),
              0.25 * d["lead_time_mean_before"].get<double>());
  EXPECT_GT(sum[1] / n[1], 1.8 * sum[0] / n[0]);
  EXPECT_NEAR((other[1] / other_n[1]) / (other[0] / other_n[0]), 1.0, 0.25);
  bool signalled = false;
  for (const auto& s : Load("signals.csv").rows) {
    const Timestamp ts = Ts(s[3]);
    if (s[2] == supplier && std::stod(s[5]) >= 0.8 && ts <= date && ts > date - 14 * 86400) {
      signalled = true;
    }
  }
  EXPECT_TRUE(signalled);
}

TEST_F(SynthTest, StockOutWindowsHaveNoSales) {
  const auto& windows = truth_["supply"]["inventory"]["stockout_windows"];
  std::unordered_map<std::string, std::vector<std::pair<Timestamp, Timestamp>>> closed;
  for (const auto& w : windows) {
    if (w["end"].is_null()) continue;
    closed[w["sku"]].emplace_back(Ts(w["start"].get<std::string>()),
                                  Ts(w["end"].get<std::string>()));
  }
  ASSERT_GT(closed.size(), 0u);
  std::unordered_map<std::string, Timestamp> order_ts;
  for (const auto& o : Load("orders.csv").rows) order_ts[o[0]] = Ts(o[2]);
  int64_t checked = 0;
  for (const auto& l : Load("order_lines.csv").rows) {
    const auto it = closed.find(l[2]);
    if (it == closed.end()) continue;
    const Timestamp ts = order_ts[l[0]];
    for (const auto& [start, end] : it->second) {
      EXPECT_FALSE(ts > start && ts < end) << l[2] << " sold inside a stock-out window";
    }
    ++checked;
  }
  EXPECT_GT(checked, 0);
  // inventory.csv shows the zero level.
  const auto& first = windows[0];
  bool zero_seen = false;
  for (const auto& r : Load("inventory.csv").rows) {
    if (r[0] == first["sku"] && r[3] == "0") zero_seen = true;
  }
  EXPECT_TRUE(zero_seen);
}

// The recommendations holdout: every customer visiting from the test's start is exposed once, to
// one arm drawn at the planted share; only the treated have orders recommendations caused; the
// truth's window revenue per arm is what the order files say; and a store without the holdout
// has neither the file nor the truth block.
TEST(SynthHoldoutTest, ExposesEachVisitorOnceAndPlantsTheLiftOnlyInTheTreatedArm) {
  const std::string dir = Root() + "/holdout";
  std::filesystem::remove_all(dir);
  SynthConfig config = SmallConfig(7);
  config.rec_lift = 0.5;
  ASSERT_TRUE(GenerateStore(config, dir, nullptr).ok());
  const nlohmann::json truth = nlohmann::json::parse(Slurp(dir + "/truth.json"));
  const nlohmann::json& h = truth.at("recommendation_holdout");
  EXPECT_EQ(h["test_start"], "2023-10-01T00:00:00Z");  // floor(0.75 * 365) = day 273
  EXPECT_EQ(truth["generator"]["config"]["rec_lift"], 0.5);
  const nlohmann::json definitions = nlohmann::json::parse(Slurp(dir + "/experiments.json"));
  ASSERT_EQ(definitions.size(), 1u);
  EXPECT_EQ(definitions[0]["key"], "recs-holdout");
  EXPECT_EQ(definitions[0]["started_at"], "2023-10-01T00:00:00Z");
  EXPECT_EQ(definitions[0]["attribution_days"], 28);
  EXPECT_EQ(definitions[0]["variants"][0]["config"]["recommender"], "none");

  const Table exposures = Read(dir + "/experiment_exposures.csv");
  ASSERT_EQ(exposures.header,
            (std::vector<std::string>{"experiment", "unit", "variant", "exposed_at"}));
  std::map<std::string, std::pair<std::string, Timestamp>> arm_of;  // unit → (variant, exposed)
  const experiment::Assigner arms = HoldoutAssigner(config);        // what a report will assign
  for (const auto& r : exposures.rows) {
    EXPECT_EQ(r[2], arms.Assign(r[1]).variant == 1 ? "treatment" : "control") << r[1];
    EXPECT_EQ(r[0], "recs-holdout");
    EXPECT_TRUE(r[2] == "control" || r[2] == "treatment") << r[2];
    EXPECT_GE(r[3], "2023-10-01T00:00:00Z");
    EXPECT_TRUE(arm_of.emplace(r[1], std::make_pair(r[2], Ts(r[3]))).second) << r[1];
  }
  const int64_t control = h["control"]["units"], treated = h["treatment"]["units"];
  ASSERT_EQ(control + treated, static_cast<int64_t>(exposures.rows.size()));
  // The share held out: 0.5 within 4 binomial standard deviations.
  const double n = static_cast<double>(control + treated);
  EXPECT_NEAR(static_cast<double>(control) / n, 0.5, 4 * std::sqrt(0.25 / n));
  EXPECT_GT(h["caused_orders"].get<int64_t>(), 0);
  EXPECT_GT(h["planted_rpv_lift"].get<double>(), 0);
  EXPECT_GT(h["planted_rpv_lift_relative"].get<double>(), 0);

  // Window revenue per arm from orders.csv: total − shipping of each exposed customer's orders
  // in [exposed_at, exposed_at + 28 days).
  const Table orders = Read(dir + "/orders.csv");
  const size_t customer = orders.Col("customer_id"), ts = orders.Col("ts"),
               total = orders.Col("total"), shipping = orders.Col("shipping");
  std::map<std::string, double> revenue;
  std::map<std::string, int64_t> count;
  for (const auto& r : orders.rows) {
    const auto it = arm_of.find(r[customer]);
    if (it == arm_of.end()) continue;
    const Timestamp at = Ts(r[ts]);
    if (at < it->second.second || at >= it->second.second + 28 * 86400) continue;
    revenue[it->second.first] += std::stod(r[total]) - std::stod(r[shipping]);
    ++count[it->second.first];
  }
  EXPECT_NEAR(revenue["control"], h["control"]["revenue"].get<double>(), 0.01);
  EXPECT_NEAR(revenue["treatment"], h["treatment"]["revenue"].get<double>(), 0.01);
  EXPECT_EQ(count["control"], h["control"]["orders"].get<int64_t>());
  EXPECT_EQ(count["treatment"], h["treatment"]["orders"].get<int64_t>());

  const std::string plain = Root() + "/no_holdout";
  std::filesystem::remove_all(plain);
  ASSERT_TRUE(GenerateStore(SmallConfig(7), plain, nullptr).ok());
  EXPECT_FALSE(std::filesystem::exists(plain + "/experiment_exposures.csv"));
  EXPECT_FALSE(std::filesystem::exists(plain + "/experiments.json"));
  const nlohmann::json plain_truth = nlohmann::json::parse(Slurp(plain + "/truth.json"));
  EXPECT_FALSE(plain_truth.contains("recommendation_holdout"));
  EXPECT_FALSE(plain_truth["generator"]["config"].contains("rec_lift"));
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(plain);
}

TEST(SynthConfigTest, RejectsBadParameters) {
  SynthConfig c;
  c.customers = 1;
  EXPECT_EQ(ValidateConfig(c).code(), StatusCode::kInvalidArgument);
  c = SynthConfig{};
  c.start += 3600;
  EXPECT_EQ(ValidateConfig(c).code(), StatusCode::kInvalidArgument);
  c = SynthConfig{};
  c.spend_q = 1.0;
  EXPECT_EQ(ValidateConfig(c).code(), StatusCode::kInvalidArgument);
  c = SynthConfig{};
  c.rec_holdout_share = 1.0;
  EXPECT_EQ(ValidateConfig(c).code(), StatusCode::kInvalidArgument);
  c = SynthConfig{};
  c.rec_lift = -0.1;
  EXPECT_EQ(ValidateConfig(c).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateConfig(SynthConfig{}).ok());
  EXPECT_EQ(DefaultSkuCount(20000), 2000);
  EXPECT_EQ(DefaultSkuCount(50), 100);
  EXPECT_EQ(DefaultSkuCount(100'000'000), 50000);
}

}  // namespace
}  // namespace mercato::synth
