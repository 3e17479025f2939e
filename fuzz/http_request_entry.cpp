// Fuzz entry for the HTTP front end's request parsing: arbitrary bytes as a connection's stream,
// through server::HttpRequestParser whole and in pieces.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz/fuzz_entries.h"
#include "server/http_request_parser.h"

namespace mercato::fuzz {
namespace {

// Small limits, so the fuzzer reaches them.
constexpr server::HttpLimits kLimits{512, 2048};

struct Outcome {
  std::vector<server::ApiRequest> requests;
  int failed_status = 0;  // 0: not failed
  size_t used = 0;        // bytes taken by the parser in all
};

// The stream in pieces of `piece` bytes, bytes the parser leaves kept for the next Feed, the
// way the server's connection buffer works.
Outcome Parse(std::string_view stream, size_t piece) {
  server::HttpRequestParser parser(kLimits);
  Outcome out;
  std::string pending;
  size_t offset = 0;
  while (offset < stream.size() && out.failed_status == 0) {
    const size_t take = std::min(piece, stream.size() - offset);
    pending.append(stream.substr(offset, take));
    offset += take;
    for (;;) {
      const size_t used = parser.Feed(pending);
      if (used > pending.size()) Die("http_request", "Feed used more bytes than it was given");
      pending.erase(0, used);
      out.used += used;
      const auto state = parser.state();
      if (state == server::HttpRequestParser::State::kComplete) {
        out.requests.push_back(parser.TakeRequest());
        continue;
      }
      if (state == server::HttpRequestParser::State::kFailed) {
        out.failed_status = parser.error().status;
        const auto body = nlohmann::json::parse(parser.error().body, nullptr, false);
        if (body.is_discarded() || !body["error"]["code"].is_string() ||
            !body["error"]["message"].is_string()) {
          Die("http_request", "error answer without {\"error\": {\"code\", \"message\"}}");
        }
        if (parser.keep_alive()) Die("http_request", "a failed request keeps the connection");
        break;
      }
      if (state == server::HttpRequestParser::State::kHeaderDone && used > 0) continue;
      break;
    }
  }
  return out;
}

}  // namespace

void FuzzHttpRequest(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const size_t piece = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Outcome whole = Parse(stream, stream.size() + 1);
  const Outcome pieces = Parse(stream, piece);
  for (const Outcome* o : {&whole, &pieces}) {
    const int s = o->failed_status;
    if (s != 0 && s != 400 && s != 413 && s != 417 && s != 431) {
      Die("http_request", "refused with status " + std::to_string(s));
    }
    for (const server::ApiRequest& r : o->requests) {
      if (r.path.empty() || r.path[0] != '/')
        Die("http_request", "a request path not starting with '/'");
      if (r.body.size() > kLimits.max_body_bytes)
        Die("http_request", "a body over the limit was accepted");
      if (r.method.empty()) Die("http_request", "a request without a method");
      for (const auto& [name, value] : r.headers) {
        for (const char c : name) {
          if (c >= 'A' && c <= 'Z') Die("http_request", "header name not lower-case: " + name);
        }
      }
    }
  }
  // How the bytes arrive changes nothing: the same requests, and the same refusal when both
  // refuse (the first fault by position, the header-size limit included).
  const bool both_ended = whole.failed_status != 0 && pieces.failed_status != 0;
  if (both_ended && whole.requests.size() != pieces.requests.size()) {
    Die("http_request", "whole: " + std::to_string(whole.requests.size()) +
                            " requests, in pieces of " + std::to_string(piece) + ": " +
                            std::to_string(pieces.requests.size()));
  }
  for (size_t i = 0; i < std::min(whole.requests.size(), pieces.requests.size()); ++i) {
    const auto& a = whole.requests[i];
    const auto& b = pieces.requests[i];
    if (a.method != b.method || a.path != b.path || a.query != b.query || a.headers != b.headers ||
        a.body != b.body) {
      Die("http_request",
          "request " + std::to_string(i) + " differs when the bytes arrive in pieces");
    }
  }
  if (both_ended && whole.failed_status != pieces.failed_status) {
    Die("http_request", "refusal " + std::to_string(whole.failed_status) + " whole, " +
                            std::to_string(pieces.failed_status) + " in pieces");
  }
}

}  // namespace mercato::fuzz
