// Tests of the artifact file format: round trips, atomic writes, and clear errors on truncated,
// corrupt and newer-version files; the data fingerprint of a snapshot.
#include "artifact/artifact.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dataset/snapshot.h"
#include "ingest/import_test_util.h"

namespace mercato {
namespace {

using namespace mercato::testing;

Artifact Sample() {
  Artifact a;
  a.kind = "recommend.als";
  a.config_json = R"({"factors":64,"iterations":15})";
  a.seed = 18446744073709551557ull;  // needs all 64 bits
  a.data.customers = 4339;
  a.data.items = 3665;
  a.data.orders = 18532;
  a.data.lines = 397924;
  a.data.interactions = 266802;
  a.data.first_ts = 1291196400;
  a.data.last_ts = 1323430200;
  a.data.hash = "0123456789abcdef";
  a.created_at = 1700000000;
  a.payload = std::string("model\0bytes\xff", 12);
  return a;
}

void ExpectSame(const Artifact& x, const Artifact& y) {
  EXPECT_EQ(x.format_version, y.format_version);
  EXPECT_EQ(x.kind, y.kind);
  EXPECT_EQ(x.config_json, y.config_json);
  EXPECT_EQ(x.seed, y.seed);
  EXPECT_EQ(x.data, y.data);
  EXPECT_EQ(x.created_at, y.created_at);
  EXPECT_EQ(x.payload, y.payload);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Artifact, EncodeDecodeRoundTripsEveryField) {
  const Artifact a = Sample();
  const std::string bytes = EncodeArtifact(a);
  auto back = DecodeArtifact(bytes, "mem");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ExpectSame(a, back.value());
  EXPECT_FALSE(back->data.until.has_value());
  // Encoding is a pure function of the artifact.
  EXPECT_EQ(EncodeArtifact(back.value()), bytes);
}

TEST(Artifact, WriteAndReadInADirectory) {
  const std::string dir = FreshDir() + "/store.db.artifacts";
  EXPECT_EQ(DefaultArtifactDir("/x/store.db"), "/x/store.db.artifacts");
  Artifact a = Sample();
  ASSERT_TRUE(WriteArtifact(dir, a).ok());
  a.kind = "recommend.popularity";
  a.payload = "p";
  ASSERT_TRUE(WriteArtifact(dir, a).ok());
  auto read = ReadArtifact(dir, "recommend.popularity");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSame(a, read.value());

  // Rewriting replaces the file whole and leaves no temporary file behind.
  a.payload = "second version";
  ASSERT_TRUE(WriteArtifact(dir, a).ok());
  EXPECT_EQ(ReadArtifact(dir, "recommend.popularity")->payload, "second version");
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().extension(), ".artifact") << e.path();
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST(Artifact, MissingArtifactIsNotFound) {
  const std::string dir = FreshDir();
  auto read = ReadArtifact(dir, "recommend.als");
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("recommend.als"), std::string::npos);
}

TEST(Artifact, InvalidKindOrConfigIsRefused) {
  const std::string dir = FreshDir();
  Artifact a = Sample();
  a.kind = "../escape";
  EXPECT_EQ(WriteArtifact(dir, a).code(), StatusCode::kInvalidArgument);
  a.kind = "ok";
  a.config_json = "[1,2]";
  EXPECT_EQ(WriteArtifact(dir, a).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(Artifact, EveryTruncationIsAClearError) {
  const std::string bytes = EncodeArtifact(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeArtifact(std::string_view(bytes).substr(0, n), "f");
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << n;
    const std::string& m = r.status().message();
    EXPECT_TRUE(m.find("truncated") != std::string::npos || m.find("magic") != std::string::npos ||
                m.find("corrupt") != std::string::npos)
        << n << ": " << m;
  }
}

TEST(Artifact, FlippedByteIsCorrupt) {
  const std::string dir = FreshDir();
  ASSERT_TRUE(WriteArtifact(dir, Sample()).ok());
  const std::string path = ArtifactPath(dir, "recommend.als");
  std::string bytes = ReadBytes(path);
  bytes[bytes.size() - 40] ^= 0x01;  // inside the payload
  std::ofstream(path, std::ios::binary) << bytes;
  auto r = ReadArtifact(dir, "recommend.als");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("checksum mismatch"), std::string::npos);
  EXPECT_NE(r.status().message().find(path), std::string::npos);
}

TEST(Artifact, NewerFormatVersionIsRefused) {
  Artifact a = Sample();
  a.format_version = Artifact::kFormatVersion + 1;
  auto r = DecodeArtifact(EncodeArtifact(a), "f");
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("format version 2"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(DecodeArtifact("PK\x03\x04", "f").status().message(),
            "artifact f is not a mercato artifact (bad magic)");
}

TEST(Artifact, FileHoldingAnotherKindIsRefused) {
  const std::string dir = FreshDir();
  ASSERT_TRUE(WriteArtifact(dir, Sample()).ok());
  std::filesystem::copy_file(ArtifactPath(dir, "recommend.als"), ArtifactPath(dir, "other"));
  EXPECT_EQ(ReadArtifact(dir, "other").status().code(), StatusCode::kInvalidArgument);
}

TEST(Artifact, FingerprintCountsRangeAndHashFollowTheData) {
  const std::string dir = FreshDir();
  auto store = FreshStore(dir);
  WriteFile(dir, "products.csv", "sku,price\nA,5\nB,7\n");
  WriteFile(dir, "orders.csv",
            "id,customer_id,ts\no1,c1,2024-01-01T10:00:00Z\no2,c2,2024-01-03T10:00:00Z\n");
  WriteFile(dir, "order_lines.csv", "order_id,line_no,sku,quantity\no1,1,A,1\no2,1,B,2\n");
  ASSERT_TRUE(Import(*store, "generic", {dir}).ok());
  const DataFingerprint f = FingerprintOf(LoadSnapshot(*store).value());
  EXPECT_EQ(f.customers, 2);
  EXPECT_EQ(f.items, 2);
  EXPECT_EQ(f.orders, 2);
  EXPECT_EQ(f.lines, 2);
  EXPECT_EQ(f.interactions, 2);
  EXPECT_EQ(f.first_ts, 1704103200);
  EXPECT_EQ(f.last_ts, 1704276000);
  EXPECT_EQ(f.hash.size(), 16u);
  EXPECT_EQ(FingerprintOf(LoadSnapshot(*store).value()), f);  // deterministic

  SnapshotOptions until;
  until.until = 1704200000;
  const DataFingerprint cut = FingerprintOf(LoadSnapshot(*store, until).value());
  EXPECT_EQ(cut.lines, 1);
  EXPECT_EQ(cut.until, 1704200000);
  EXPECT_NE(cut.hash, f.hash);
}

}  // namespace
}  // namespace mercato
