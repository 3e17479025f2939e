// The dashboard's files over the API: public, inline, gzip only for clients that accept it,
// revalidated by ETag (304 without a body), never cached without revalidation, with the
// security headers that forbid inline scripts and framing.
#include <gtest/gtest.h>

#include "server/api_test_util.h"
#include "web/assets.h"

namespace mercato::server {
namespace {

struct StaticRoutesTest : testing::ApiFixture {
  void SetUp() override { OpenApi({}); }
  ApiResponse Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    return Handle("GET", target, "", "", std::move(headers));
  }
};

TEST_F(StaticRoutesTest, TheRootIsTheDashboardPageWithoutAKey) {
  const ApiResponse r = Get("/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body, web::FindAsset("index.html")->body);
  EXPECT_EQ(r.Header("Content-Encoding"), "");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
  EXPECT_EQ(r.Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(r.Header("ETag"), web::FindAsset("index.html")->etag);
  EXPECT_EQ(r.Header("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
}

TEST_F(StaticRoutesTest, AssetsHaveTheirTypeAndGzipOnlyWhenAccepted) {
  const web::Asset* js = web::FindAsset("dashboard.js");
  ASSERT_NE(js, nullptr);
  const ApiResponse plain = Get("/assets/dashboard.js");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(plain.body, js->body);

  const ApiResponse gzip = Get("/assets/dashboard.js", {{"accept-encoding", "gzip, deflate, br"}});
  ASSERT_EQ(gzip.status, 200);
  EXPECT_EQ(gzip.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(gzip.body, js->gzip_body);
  EXPECT_EQ(gzip.content_type, "text/javascript; charset=utf-8");
  // The compressed representation has an ETag of its own.
  EXPECT_NE(gzip.Header("ETag"), plain.Header("ETag"));

  // q=0 refuses a coding; "*" accepts any.
  EXPECT_EQ(Get("/assets/dashboard.js", {{"accept-encoding", "gzip;q=0, br"}}).body, js->body);
  EXPECT_EQ(Get("/assets/dashboard.js", {{"accept-encoding", "gzip ; q=0.0"}}).body, js->body);
  EXPECT_EQ(Get("/assets/dashboard.js", {{"accept-encoding", "GZIP;q=0.5"}}).body, js->gzip_body);
  EXPECT_EQ(Get("/assets/dashboard.js", {{"accept-encoding", "*"}}).body, js->gzip_body);
  EXPECT_EQ(Get("/assets/dashboard.js", {{"accept-encoding", "identity"}}).body, js->body);

  EXPECT_EQ(Get("/assets/dashboard.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/assets/report.js").status, 200);
}

TEST_F(StaticRoutesTest, AMatchingETagIsNotModified) {
  const ApiResponse first = Get("/assets/dashboard.css", {{"accept-encoding", "gzip"}});
  ASSERT_EQ(first.status, 200);
  const std::string etag(first.Header("ETag"));
  const ApiResponse again =
      Get("/assets/dashboard.css", {{"accept-encoding", "gzip"}, {"if-none-match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_TRUE(again.content_type.empty());  // so the head carries no Content-Type or length
  EXPECT_EQ(again.Header("ETag"), etag);
  EXPECT_EQ(again.Header("Cache-Control"), "no-cache");
  // In a list, weak, or the other representation's tag: still the same file.
  EXPECT_EQ(Get("/assets/dashboard.css", {{"if-none-match", "\"x\", W/" + etag}}).status, 304);
  EXPECT_EQ(Get("/assets/dashboard.css", {{"if-none-match", etag}}).status, 304);
  // Another file's tag, or a stale one, gets the body.
  const std::string js_etag(web::FindAsset("dashboard.js")->etag);
  EXPECT_EQ(Get("/assets/dashboard.css", {{"if-none-match", js_etag}}).status, 200);
  EXPECT_EQ(Get("/assets/dashboard.css", {{"if-none-match", "\"stale\""}}).status, 200);
}

TEST_F(StaticRoutesTest, UnknownFilesAre404AndOnlyGetIsAllowed) {
  const ApiResponse missing = Get("/assets/nothing.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("no dashboard file nothing.js"), std::string::npos);
  EXPECT_EQ(Get("/assets/dashboard.js.gz").status, 404);
  EXPECT_EQ(Get("/assets/index.html/x").status, 404);
  EXPECT_EQ(Get("/assets/").status, 404);
  const ApiResponse post = Handle("POST", "/", "", "", {});
  EXPECT_EQ(post.status, 405);
  EXPECT_NE(post.body.find("allowed: GET, HEAD"), std::string::npos) << post.body;
}

// HEAD is answered wherever GET is (link checkers and uptime monitors send it): the same status
// and headers; the HTTP layer leaves the body out.
TEST_F(StaticRoutesTest, HeadIsAnsweredLikeGet) {
  const ApiResponse head = Handle("HEAD", "/", "", "", {});
  const ApiResponse get = Get("/");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_type, get.content_type);
  EXPECT_EQ(head.body.size(), get.body.size());
  EXPECT_EQ(Handle("HEAD", "/assets/nothing.js", "", "", {}).status, 404);
}

TEST_F(StaticRoutesTest, TheyRunInlineOnTheIoThread) {
  ApiRequest r;
  r.method = "GET";
  r.path = "/";
  EXPECT_TRUE(api->RunsInline(r));
  r.path = "/assets/dashboard.js";
  EXPECT_TRUE(api->RunsInline(r));
}

}  // namespace
}  // namespace mercato::server
