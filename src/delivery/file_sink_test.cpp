// Tests of the CSV and JSONL destinations: one line per message id across retries, reopening and
// crashes mid-write, and clear errors for files that are not the outbox's.
#include "delivery/file_sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/csv_reader.h"
#include "delivery/delivery_test_util.h"

namespace mercato::delivery {
namespace {

using testing::SampleEnvelope;
using testing::SampleOutboxMessage;
using testing::SampleSender;

std::string FreshFile(const std::string& name) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::filesystem::remove(path);
  return path;
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<SendResult> SendIds(Sink& sink, const std::vector<std::string>& ids) {
  std::vector<OutboxMessage> messages;
  for (const std::string& id : ids) messages.push_back(SampleOutboxMessage(id, "c1", 100));
  std::vector<Envelope> envelopes;
  for (const OutboxMessage& m : messages) envelopes.push_back(SampleEnvelope(m));
  return sink.Send(envelopes, 200);
}

TEST(FileSink, JsonlHoldsOneDeliveryDocumentPerMessageIdAcrossRetriesAndReopening) {
  const std::string path = FreshFile("outbox.jsonl");
  {
    auto sink = OpenFileSink(path, FileFormat::kJsonl, SampleSender()).value();
    const auto results = SendIds(*sink, {"m1", "m2", "m1"});  // m1 twice in one batch
    ASSERT_EQ(results.size(), 3u);
    for (const SendResult& r : results) EXPECT_EQ(r.outcome, SendOutcome::kDelivered);
    SendIds(*sink, {"m2"});  // a retry of a delivered message
  }
  auto reopened = OpenFileSink(path, FileFormat::kJsonl, SampleSender()).value();
  const auto results = SendIds(*reopened, {"m1", "m3"});  // after a crash: m1 is in the file
  EXPECT_EQ(results[0].outcome, SendOutcome::kDelivered);
  const auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 3u);
  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["id"], "m1");
  EXPECT_EQ(first["to"]["email"], "ann@example.com");
  EXPECT_EQ(first["payload"]["subject"], "Your cart misses you");
  EXPECT_EQ(first["sender"]["postal_address"], "12 Quay St, Portland, OR 97201, USA");
  EXPECT_EQ(first["unsubscribe_url"], "https://m.roaster.example/v1/unsubscribe?token=t-m1");
  EXPECT_EQ(first["headers"]["List-Unsubscribe"],
            "<https://m.roaster.example/v1/unsubscribe?token=t-m1>");
  EXPECT_EQ(first["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["id"], "m2");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["id"], "m3");
}

TEST(FileSink, ALineACrashCutShortIsRemovedAndWrittenAgain) {
  const std::string path = FreshFile("torn.jsonl");
  {
    auto sink = OpenFileSink(path, FileFormat::kJsonl, SampleSender()).value();
    SendIds(*sink, {"m1"});
  }
  std::ofstream(path, std::ios::app) << R"({"id":"m2","journey_id":"cart_rec)";  // no line end
  auto sink = OpenFileSink(path, FileFormat::kJsonl, SampleSender()).value();
  ASSERT_EQ(Lines(path).size(), 1u);  // the torn line is gone
  SendIds(*sink, {"m2"});             // so m2 was not delivered: it is written whole
  const auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["id"], "m2");
}

TEST(FileSink, CsvHasTheHeaderOnceAndEveryRecordOnOneLine) {
  const std::string path = FreshFile("outbox.csv");
  {
    auto sink = OpenFileSink(path, FileFormat::kCsv, SampleSender()).value();
    OutboxMessage m = SampleOutboxMessage("m1", "c1", 0);
    Envelope e = SampleEnvelope(m);
    e.name = "Ann\nLee, Jr.";  // a line break in a field stays on the record's line
    ASSERT_EQ(sink->Send(std::vector<Envelope>{e}, 5)[0].outcome, SendOutcome::kDelivered);
  }
  {
    auto sink = OpenFileSink(path, FileFormat::kCsv, SampleSender()).value();
    SendIds(*sink, {"m1", "m2"});
  }
  const auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 3u);  // the header, m1, m2
  EXPECT_EQ(lines[0],
            "id,journey_id,step_id,customer_id,email,name,purpose,created_at,sender_name,"
            "sender_email,postal_address,unsubscribe_url,payload_json");
  auto reader = CsvReader::Open(path).value();
  ASSERT_TRUE(reader->Next().value());
  ASSERT_TRUE(reader->Next().value());
  const auto& f = reader->fields();
  ASSERT_EQ(f.size(), 13u);
  EXPECT_EQ(f[0], "m1");
  EXPECT_EQ(f[5], "Ann Lee, Jr.");
  EXPECT_EQ(f[7], "1970-01-01T00:00:00Z");
  EXPECT_EQ(f[8], "Roaster & Co.");
  EXPECT_EQ(nlohmann::json::parse(std::string(f[12]))["text"], "Come back for 10% off");
}

TEST(FileSink, FilesThatAreNotTheOutboxsAreRefused) {
  const std::string csv = FreshFile("other.csv");
  std::ofstream(csv) << "sku,qty\nA,1\n";
  auto sink = OpenFileSink(csv, FileFormat::kCsv, SampleSender());
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(sink.status().message().find("another header"), std::string::npos);
  const std::string jsonl = FreshFile("other.jsonl");
  std::ofstream(jsonl) << "[1,2]\n";
  auto bad = OpenFileSink(jsonl, FileFormat::kJsonl, SampleSender());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1"), std::string::npos);
  auto missing = OpenFileSink(::testing::TempDir() + "/no/such/dir/x.jsonl", FileFormat::kJsonl,
                              SampleSender());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
  EXPECT_NE(missing.status().message().find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace mercato::delivery
