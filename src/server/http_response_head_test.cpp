// The serialized response head: status line, framing headers, the API's headers, Connection.
#include "server/http_response_head.h"

#include <gtest/gtest.h>

namespace mercato::server {
namespace {

TEST(ResponseHead, FramesAJsonBodyAndKeepsTheApiHeadersInOrder) {
  ApiResponse r;
  r.status = 200;
  r.body = R"({"a":1})";
  r.headers = {{"X-One", "1"}, {"Vary", "Origin"}};
  EXPECT_EQ(ResponseHead(r, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
            "X-One: 1\r\nVary: Origin\r\n\r\n");
  EXPECT_EQ(ResponseHead(r, false),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
            "X-One: 1\r\nVary: Origin\r\nConnection: close\r\n\r\n");
}

TEST(ResponseHead, NoContentHasNoFramingAndNoContentTypeMeansAnEmptyBody) {
  ApiResponse preflight;
  preflight.status = 204;
  preflight.content_type.clear();
  EXPECT_EQ(ResponseHead(preflight, true), "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_FALSE(StatusHasBody(204));
  ApiResponse untyped;
  untyped.status = 503;
  untyped.content_type.clear();
  untyped.body = "ignored";
  EXPECT_EQ(ResponseHead(untyped, true),
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(ReasonPhrase(799), "Unknown");
  EXPECT_EQ(ReasonPhrase(413), "Payload Too Large");
}

}  // namespace
}  // namespace mercato::server
