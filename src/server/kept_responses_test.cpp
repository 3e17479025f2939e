// Tests of the kept answers on disk: what is written is read back whole, oldest first, and a file
// that cannot be read back, or that another build wrote, is removed rather than served.
#include "server/kept_responses.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "artifact/artifact.h"
#include "ingest/import_test_util.h"

namespace mercato::server {
namespace {

KeptResponse Kept(std::string key, Timestamp at, std::string body) {
  KeptResponse k;
  k.key = std::move(key);
  k.version = "7/abc";
  k.computed_at = at;
  k.response.body = std::move(body);
  k.response.content_type = "text/csv";
  k.response.headers = {{"Content-Disposition", "attachment"}, {"X-Count", "2"}};
  return k;
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
  return n;
}

TEST(KeptResponses, WhatIsSavedIsLoadedWholeOldestFirst) {
  const std::string dir = mercato::testing::FreshDir() + "/kept";
  // Keys hold what no file name may: slashes, new lines, query values.
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/b\nx=1", 200, "b")).ok());
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/a", 100, std::string("a\0,\n", 4))).ok());
  const std::vector<KeptResponse> loaded = LoadKeptResponses(dir);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].key, "GET /v1/a");
  EXPECT_EQ(loaded[0].response.body, std::string("a\0,\n", 4));
  EXPECT_EQ(loaded[0].computed_at, 100);
  EXPECT_EQ(loaded[1].key, "GET /v1/b\nx=1");
  EXPECT_EQ(loaded[1].version, "7/abc");
  EXPECT_EQ(loaded[1].response.status, 200);
  EXPECT_EQ(loaded[1].response.content_type, "text/csv");
  EXPECT_EQ(loaded[1].response.headers, Kept("", 0, "").response.headers);
  // Saving a key again replaces its file; removing it removes it.
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/a", 300, "a2")).ok());
  EXPECT_EQ(FilesIn(dir), 2u);
  EXPECT_EQ(LoadKeptResponses(dir).back().response.body, "a2");
  ASSERT_TRUE(RemoveKeptResponse(dir, "GET /v1/a").ok());
  ASSERT_TRUE(RemoveKeptResponse(dir, "GET /v1/never").ok());
  EXPECT_EQ(LoadKeptResponses(dir).size(), 1u);
  ASSERT_TRUE(RemoveKeptResponses(dir).ok());
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_TRUE(LoadKeptResponses(dir).empty());
  EXPECT_TRUE(RemoveKeptResponses(dir).ok());
}

TEST(KeptResponses, AFileThatCannotBeReadBackIsRemoved) {
  const std::string dir = mercato::testing::FreshDir() + "/kept";
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/a", 100, "a")).ok());
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/b", 200, "b")).ok());
  // Truncate a's file (a crash cannot leave one: the writes are atomic; a disk can).
  std::string a_path;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (bytes.find("GET /v1/a") != std::string::npos) a_path = e.path().string();
  }
  ASSERT_FALSE(a_path.empty());
  std::filesystem::resize_file(a_path, std::filesystem::file_size(a_path) / 2);
  // A valid artifact under a kept page's name that is no kept response.
  Artifact other;
  other.kind = "page.0123456789abcdef0123456789abcdef";
  other.config_json = "{}";
  ASSERT_TRUE(WriteArtifact(dir, other).ok());
  // One written by another build (an upgrade): its own key's file, another executable.
  ASSERT_TRUE(SaveKeptResponse(dir, Kept("GET /v1/c", 300, "c")).ok());
  std::string c_kind;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string kind = e.path().stem().string();
    auto read = ReadArtifact(dir, kind);
    if (read.ok() && read->payload == "c") c_kind = kind;
  }
  ASSERT_FALSE(c_kind.empty());
  Artifact older = ReadArtifact(dir, c_kind).value();
  nlohmann::json meta = nlohmann::json::parse(older.config_json);
  ASSERT_TRUE(meta.contains("build"));
  meta["build"] = "1234:5678";
  older.config_json = meta.dump();
  ASSERT_TRUE(WriteArtifact(dir, older).ok());
  // A file that is not a kept page is not the loader's to judge.
  std::ofstream(dir + "/notes.txt") << "left alone";
  const std::vector<KeptResponse> loaded = LoadKeptResponses(dir);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].key, "GET /v1/b");
  EXPECT_FALSE(std::filesystem::exists(a_path));
  EXPECT_FALSE(std::filesystem::exists(ArtifactPath(dir, other.kind)));
  EXPECT_FALSE(std::filesystem::exists(ArtifactPath(dir, c_kind)));
  EXPECT_TRUE(std::filesystem::exists(dir + "/notes.txt"));
}

}  // namespace
}  // namespace mercato::server
