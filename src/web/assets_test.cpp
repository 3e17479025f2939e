// The embedded dashboard: every file the pages and the report need is there, with its content
// type, a gzip body that inflates to exactly the body, and an ETag.
#include "web/assets.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace mercato::web {
namespace {

// `gzip` inflated (a gzip header and trailer, as node's zlib writes them); empty on an error.
std::string Gunzip(std::string_view gzip) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return "";
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : "";
}

TEST(WebAssets, EveryFileThePagesNeedIsEmbeddedWithItsType) {
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"dashboard.js", "text/javascript; charset=utf-8"},
      {"dashboard.css", "text/css; charset=utf-8"},
      {"report.js", "text/javascript; charset=utf-8"},
      {"report.css", "text/css; charset=utf-8"},
  };
  for (const auto& [name, type] : expected) {
    SCOPED_TRACE(name);
    const Asset* asset = FindAsset(name);
    ASSERT_NE(asset, nullptr);
    EXPECT_EQ(asset->name, name);
    EXPECT_EQ(asset->content_type, type);
    EXPECT_FALSE(asset->body.empty());
    // A strong ETag: quoted, 32 hex digits of the SHA-256.
    ASSERT_EQ(asset->etag.size(), 34u);
    EXPECT_EQ(asset->etag.front(), '"');
    EXPECT_EQ(asset->etag.back(), '"');
  }
  EXPECT_NE(FindAsset("index.html")->body.find("/assets/dashboard.js"), std::string_view::npos);
  EXPECT_NE(FindAsset("index.html")->body.find("/assets/dashboard.css"), std::string_view::npos);
}

TEST(WebAssets, GzipBodiesInflateToTheBodiesAndAreSmaller) {
  for (std::string_view name : {"index.html", "dashboard.js", "dashboard.css", "report.js"}) {
    SCOPED_TRACE(name);
    const Asset* asset = FindAsset(name);
    ASSERT_NE(asset, nullptr);
    EXPECT_EQ(Gunzip(asset->gzip_body), asset->body);
  }
  const Asset* js = FindAsset("dashboard.js");
  EXPECT_LT(js->gzip_body.size(), js->body.size() / 2);
}

TEST(WebAssets, UnknownNamesAndFoldersAreNotFound) {
  EXPECT_EQ(FindAsset(""), nullptr);
  EXPECT_EQ(FindAsset("nothing.js"), nullptr);
  EXPECT_EQ(FindAsset("dashboard.js.gz"), nullptr);  // the twins are bodies, not assets
  EXPECT_EQ(FindAsset("../dashboard.js"), nullptr);
  EXPECT_EQ(FindAsset("/dashboard.js"), nullptr);
}

TEST(WebAssets, ContentTypesFollowTheExtension) {
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.js.map"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("js"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor(".js"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
}

}  // namespace
}  // namespace mercato::web
