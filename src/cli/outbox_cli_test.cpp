// End-to-end tests of `mercato outbox deliver|stats`: messages a journey enqueued delivered to a
// JSONL file with consent checked at send time, the figures after, and the refusal to send email
// without the sender's postal address.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"
#include "store/open_store.h"

namespace {

using mercato::testing::CliRun;
using mercato::testing::CliTestDir;
using mercato::testing::Mercato;
using mercato::testing::ReadFileOrEmpty;
using nlohmann::json;

// A store of two US customers (email marketing allowed until opted out), c2 opted out, and one
// due message to each.
std::string MakeStore(const std::string& dir) {
  std::ofstream(dir + "/store/customers.csv")
      << "id,email,country\nc1,c1@example.com,US\nc2,c2@example.com,US\n";
  std::ofstream(dir + "/store/consents.csv")
      << "customer_id,purpose,granted,ts,source\nc2,email_marketing,false,2024-01-01,checkout\n";
  const std::string db = dir + "/store.db";
  const CliRun imported = Mercato("import --db " + db + " --format generic " + dir + "/store");
  EXPECT_EQ(imported.status, 0) << imported.err;
  auto store = mercato::OpenStore(db).value();
  std::vector<mercato::OutboxMessage> messages;
  for (const char* customer : {"c1", "c2"}) {
    mercato::OutboxMessage m;
    m.id = std::string("m-") + customer;
    m.journey_id = "win_back";
    m.step_id = "first";
    m.customer_id = customer;
    m.channel = "email";
    m.purpose = "email_marketing";
    m.payload_json = R"({"subject":"We miss you"})";
    m.created_at = 1700000000;
    m.send_after = 1700000000;
    messages.push_back(m);
  }
  EXPECT_EQ(store->EnqueueOutbox(messages).value(), 2);
  std::ofstream(dir + "/token.secret") << std::string(40, 't');
  return db;
}

std::string Sender() {
  return " --sender-name Roaster --sender-email hi@roaster.example --unsubscribe-url "
         "https://api.roaster.example";
}

TEST(OutboxCli, DeliversToAFileSuppressingWhoOptedOutAndCounts) {
  const std::string dir = CliTestDir();
  const std::string db = MakeStore(dir);
  const CliRun run = Mercato("outbox deliver --db " + db + " --to jsonl --file " + dir +
                             "/out.jsonl --token-secret-file " + dir + "/token.secret" + Sender() +
                             " --postal-address '1 Quay St, Portland' --json");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(
      json::parse(run.out),
      json({{"claimed", 2}, {"delivered", 1}, {"retried", 0}, {"dead", 0}, {"suppressed", 1}}));
  std::istringstream lines(ReadFileOrEmpty(dir + "/out.jsonl"));
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  const json doc = json::parse(line);
  EXPECT_EQ(doc["id"], "m-c1");
  EXPECT_EQ(doc["sender"]["postal_address"], "1 Quay St, Portland");
  EXPECT_FALSE(std::getline(lines, line));  // c2 opted out: never written
  const CliRun stats = Mercato("outbox stats --db " + db + " --json");
  ASSERT_EQ(stats.status, 0) << stats.err;
  EXPECT_EQ(json::parse(stats.out),
            json({{"pending", 0}, {"delivered", 1}, {"suppressed", 1}, {"dead", 0}, {"total", 2}}));
}

TEST(OutboxCli, EmailWithoutAPostalAddressIsRefusedSayingHowToSetIt) {
  const std::string dir = CliTestDir();
  const std::string db = MakeStore(dir);
  const CliRun run = Mercato("outbox deliver --db " + db + " --to jsonl --file " + dir +
                             "/out.jsonl --token-secret-file " + dir + "/token.secret" + Sender());
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.err.find("missing: postal_address"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("[shop]"), std::string::npos) << run.err;
  EXPECT_EQ(ReadFileOrEmpty(dir + "/out.jsonl"), "");  // nothing claimed, nothing written
  const CliRun stats = Mercato("outbox stats --db " + db + " --json");
  EXPECT_EQ(json::parse(stats.out)["pending"], 2);
}

}  // namespace
