// End-to-end tests of `mercato journeys`: the configured journeys and their options, and the
// four journeys run on a synthetic store — a dry run that writes nothing, a run that writes the
// outbox, a second run at the same time that writes nothing new, and the stats.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;
using nlohmann::json;

TEST(JourneysCli, ListsTheFourJourneysInPriorityOrderAndTakesTheirOptions) {
  CliRun run = Mercato("journeys list --json");
  ASSERT_EQ(run.status, 0) << run.err;
  json j = json::parse(run.out);
  ASSERT_EQ(j["journeys"].size(), 4u);
  const char* ids[] = {"cart_recovery", "win_back", "vip", "post_purchase"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(j["journeys"][i]["id"], ids[i]);
    EXPECT_EQ(j["journeys"][i]["priority"], i + 1);
    EXPECT_EQ(j["journeys"][i]["holdout"], 0.1);
  }
  EXPECT_EQ(j["journeys"][0]["experiment"], "journey-cart-recovery");
  EXPECT_EQ(j["journeys"][0]["steps"][1]["incentive"], true);
  EXPECT_EQ(j["rules"]["quiet_hours"]["start"], 21);
  // The journeys that ship off are listed as available, without a priority.
  ASSERT_EQ(j["available"].size(), 4u);
  const char* off[] = {"checkout_recovery", "browse_abandonment", "back_in_stock", "price_drop"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(j["available"][i]["id"], off[i]);
    EXPECT_TRUE(j["available"][i]["priority"].is_null());
  }
  EXPECT_EQ(j["available"][0]["trigger"], "checkout_abandoned");
  EXPECT_EQ(j["available"][1]["abandon_after_seconds"], 7200);
  EXPECT_EQ(j["available"][3]["lookback_days"], 30);
  // Options reorder them, change steps and the rules.
  run = Mercato(
      "journeys list --json --journeys vip,cart_recovery --cart-steps 30m,2h,1d --holdout 0.2 "
      "--quiet-start 22 --timezone Europe/Paris");
  ASSERT_EQ(run.status, 0) << run.err;
  j = json::parse(run.out);
  ASSERT_EQ(j["journeys"].size(), 2u);
  EXPECT_EQ(j["journeys"][0]["id"], "vip");
  EXPECT_EQ(j["journeys"][1]["steps"].size(), 3u);
  EXPECT_EQ(j["journeys"][1]["steps"][0]["delay_seconds"], 1800);
  EXPECT_EQ(j["journeys"][1]["holdout"], 0.2);
  EXPECT_EQ(j["rules"]["quiet_hours"]["start"], 22);
  EXPECT_EQ(j["rules"]["store_time_zone"], "Europe/Paris");
  // Bad input: a clear error, status 2.
  run = Mercato("journeys list --journeys cart_recovery,newsletter");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.err.find("unknown journey 'newsletter'"), std::string::npos) << run.err;
  run = Mercato("journeys list --cap-window soon");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.err.find("--cap-window"), std::string::npos) << run.err;
  run = Mercato("journeys run --db " + CliTestDir() + "/missing.db");
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.err.find("no such store"), std::string::npos) << run.err;
}

TEST(JourneysCli, RunOnASyntheticStoreWritesOnceAndReportsStats) {
  const std::string dir = CliTestDir();
  const std::string db = dir + "/store.db";
  ASSERT_EQ(Mercato("generate --out " + dir + "/gen --customers 3000 --days 500 --seed 5").status,
            0);
  ASSERT_EQ(Mercato("import --db " + db + " --format generic " + dir + "/gen").status, 0);
  const json stats = json::parse(Mercato("stats --db " + db + " --json").out);
  const std::string as_of = stats["orders_range"]["last"].get<std::string>();
  const std::string common = "--db " + db + " --as-of " + as_of + " --json";

  CliRun run = Mercato("journeys run --dry-run " + common);
  ASSERT_EQ(run.status, 0) << run.err;
  const json dry = json::parse(run.out);
  EXPECT_EQ(dry["dry_run"], true);
  EXPECT_EQ(dry["written"]["messages"], 0);
  int64_t entered = 0, messaged = 0, held_out = 0, withheld = 0;
  for (const auto& [id, n] : dry["journeys"].items()) {
    entered += n["entered"].get<int64_t>();
    messaged += n["messaged"].get<int64_t>();
    held_out += n["held_out"].get<int64_t>();
    withheld += n["withheld"].get<int64_t>();
  }
  EXPECT_GT(entered, 0) << run.out.substr(0, 2000);
  EXPECT_GT(messaged, 0);
  EXPECT_LE(held_out, entered);
  // Every step decision is a message, or withheld for a holdout customer.
  int64_t steps = 0, step_messages = 0;
  for (const json& d : dry["decisions"]) {
    if (d["action"] != "step") continue;
    ++steps;
    EXPECT_EQ(d.contains("message"), !d["holdout"].get<bool>()) << d.dump();
    step_messages += d.contains("message");
  }
  EXPECT_EQ(steps, messaged + withheld);
  EXPECT_EQ(step_messages, messaged);

  run = Mercato("journeys run " + common);
  ASSERT_EQ(run.status, 0) << run.err;
  const json first = json::parse(run.out);
  EXPECT_EQ(first["written"]["messages"], messaged);  // the dry run decided the same
  EXPECT_EQ(first["written"]["log_rows"], dry["decisions"].size());
  run = Mercato("journeys run " + common);
  ASSERT_EQ(run.status, 0) << run.err;
  const json again = json::parse(run.out);
  EXPECT_EQ(again["written"]["messages"], 0);
  EXPECT_EQ(again["written"]["log_rows"], 0);

  run = Mercato("journeys stats --db " + db + " --json");
  ASSERT_EQ(run.status, 0) << run.err;
  const json all = json::parse(run.out);
  ASSERT_EQ(all["journeys"].size(), 4u);
  int64_t stats_entered = 0;
  for (const json& s : all["journeys"]) stats_entered += s["entered"].get<int64_t>();
  EXPECT_EQ(stats_entered, entered);
}

}  // namespace
