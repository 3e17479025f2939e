// Beast's request_parser under the limits, plus the strictness checks it does not make.
#include "server/http_request_parser.h"

#include <algorithm>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "common/text.h"

namespace mercato::server {

namespace http = boost::beast::http;

struct HttpRequestParser::Impl {
  std::optional<http::request_parser<http::string_body>> parser;
};

HttpRequestParser::HttpRequestParser(HttpLimits limits)
    : limits_(limits), impl_(std::make_unique<Impl>()) {
  Reset();
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::Reset() {
  auto& p = impl_->parser.emplace();
  p.header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
  p.body_limit(limits_.max_body_bytes);
  p.eager(false);  // stop after the header: it is checked before any body byte is taken
  state_ = State::kNeedMore;
  scanned_ = 0;
  header_bytes_ = 0;
  recent_ = {};
  header_end_seen_ = false;
  pending_ = ApiRequest{};
  expects_continue_ = false;
  keep_alive_ = true;
  error_ = ApiResponse{};
}

void HttpRequestParser::Fail(int status, std::string_view code, std::string_view message) {
  state_ = State::kFailed;
  keep_alive_ = false;
  error_ = ErrorResponse(status, code, message);
}

void HttpRequestParser::FailOversizedHeader(std::string_view header_start) {
  // A malformed line within the limit comes first, so it is the answer: Beast judges exactly the
  // header's first max_header_bytes bytes, as it would have, had they arrived in one piece.
  boost::beast::error_code ec;
  impl_->parser->put(boost::asio::buffer(header_start.data(), header_start.size()), ec);
  if (ec && ec != http::error::need_more && ec != http::error::header_limit) {
    Fail(400, "bad_request", "malformed HTTP request: " + ec.message());
    return;
  }
  Fail(431, "header_too_large",
       "request header over " + std::to_string(limits_.max_header_bytes) + " bytes");
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      const int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
      const int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return InvalidArgument("request target: '%' at offset " + std::to_string(i) +
                               " is not followed by two hex digits");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

}  // namespace

Status DecodeTarget(std::string_view target, ApiRequest& request) {
  if (target.empty() || target[0] != '/') {
    return InvalidArgument("request target must be a path starting with '/'");
  }
  const size_t q = target.find('?');
  auto path = PercentDecode(target.substr(0, q), false);
  if (!path.ok()) return path.status();
  request.path = std::move(*path);
  request.query.clear();
  if (q == std::string_view::npos) return Status::Ok();
  for (std::string_view pair : Split(target.substr(q + 1), '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), true);
    if (!name.ok()) return name.status();
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!value.ok()) return value.status();
    request.query.emplace_back(std::move(*name), std::move(*value));
  }
  return Status::Ok();
}

bool HttpRequestParser::CheckHeader() {
  const auto& req = impl_->parser->get();
  int content_lengths = 0, transfer_encodings = 0, hosts = 0;
  for (const auto& field : req) {
    const std::string_view value(field.value().data(), field.value().size());
    switch (field.name()) {
      case http::field::content_length:
        ++content_lengths;
        if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos) {
          Fail(400, "bad_request",
               "Content-Length must be one decimal number, got '" + Excerpt(value) + "'");
          return false;
        }
        break;
      case http::field::transfer_encoding:
        ++transfer_encodings;
        if (!EqualsIgnoreCase(Trim(value), "chunked")) {
          Fail(400, "bad_request",
               "Transfer-Encoding: only 'chunked' is accepted, got '" + Excerpt(value) + "'");
          return false;
        }
        break;
      case http::field::host:
        ++hosts;
        break;
      default:
        break;
    }
  }
  if (content_lengths > 1) {
    Fail(400, "bad_request", "more than one Content-Length header");
    return false;
  }
  if (transfer_encodings > 1) {
    Fail(400, "bad_request", "more than one Transfer-Encoding header");
    return false;
  }
  if (req.version() >= 11 && hosts != 1) {
    Fail(400, "bad_request", "an HTTP/1.1 request needs exactly one Host header");
    return false;
  }
  if (const auto expect = req.find(http::field::expect); expect != req.end()) {
    const std::string_view value(expect->value().data(), expect->value().size());
    if (!EqualsIgnoreCase(Trim(value), "100-continue")) {
      Fail(417, "expectation_failed", "Expect: only '100-continue' is understood");
      return false;
    }
    expects_continue_ = true;
  }
  keep_alive_ = req.keep_alive();
  const Status decoded =
      DecodeTarget(std::string_view(req.target().data(), req.target().size()), pending_);
  if (!decoded.ok()) {
    Fail(400, "bad_request", decoded.message());
    return false;
  }
  return true;
}

bool HttpRequestParser::ScanHeaderBytes(std::string_view bytes) {
  for (size_t i = scanned_; i < bytes.size(); ++i) {
    if (header_bytes_ == limits_.max_header_bytes) {  // one more byte and still no header end
      FailOversizedHeader(bytes.substr(0, header_bytes_));
      return false;
    }
    const char c = bytes[i];
    const char before1 = recent_[2], before2 = recent_[1], before3 = recent_[0];
    if (c == '\n') {
      if (header_bytes_ == 0 || before1 != '\r') {
        Fail(400, "bad_request",
             "malformed HTTP request: header lines must end in CRLF, not a bare LF (byte " +
                 std::to_string(header_bytes_) + ")");
        return false;
      }
      if (header_bytes_ >= 3 && before2 == '\n' && before3 == '\r') {  // the blank line's end
        header_end_seen_ = true;
        return true;
      }
    } else if ((c == ' ' || c == '\t') && header_bytes_ >= 2 && before1 == '\n' &&
               before2 == '\r') {
      Fail(400, "bad_request", "header lines must not be folded (obsolete line folding)");
      return false;
    }
    recent_ = {before2, before1, c};
    ++header_bytes_;
  }
  scanned_ = bytes.size();
  return true;
}

size_t HttpRequestParser::Feed(std::string_view bytes) {
  if (state_ == State::kComplete || state_ == State::kFailed) return 0;
  auto& p = *impl_->parser;
  // Beast gets no byte before the header's end has been seen, so it always judges a whole
  // header at once and how the bytes arrive changes no outcome. Until then the caller passes
  // the same bytes again with new ones after them: scanned_ counts the already-checked ones.
  if (!header_end_seen_ && (!ScanHeaderBytes(bytes) || !header_end_seen_)) return 0;
  size_t used = 0;
  while (used < bytes.size() && state_ != State::kComplete && state_ != State::kFailed) {
    boost::beast::error_code ec;
    const bool header_was_done = p.is_header_done();
    const size_t n = p.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == http::error::need_more) break;  // a partial line or chunk header: wait for more
    if (ec == http::error::body_limit) {
      Fail(413, "payload_too_large",
           "request body over " + std::to_string(limits_.max_body_bytes) +
               " bytes; send smaller batches");
      break;
    }
    if (ec == http::error::header_limit) {  // the scan stops such headers first; kept for safety
      Fail(431, "header_too_large",
           "request header over " + std::to_string(limits_.max_header_bytes) + " bytes");
      break;
    }
    if (ec) {
      Fail(400, "bad_request", "malformed HTTP request: " + ec.message());
      break;
    }
    if (!header_was_done && p.is_header_done()) {
      if (!CheckHeader()) break;
      p.eager(true);
      if (!p.is_done()) {
        state_ = State::kHeaderDone;
        break;
      }
    }
    if (p.is_done()) {
      state_ = State::kComplete;
      break;
    }
    if (n == 0) break;
  }
  return used;
}

ApiRequest HttpRequestParser::TakeRequest() {
  auto message = impl_->parser->release();
  ApiRequest r = std::move(pending_);
  r.method = std::string(message.method_string());
  for (const auto& field : message) {
    auto [it, fresh] = r.headers.emplace(
        ToLower(std::string_view(field.name_string().data(), field.name_string().size())),
        std::string(field.value()));
    // Repeated lines of a list header are one list (RFC 9110 section 5.3); for X-Forwarded-For
    // the last entry must stay the one the nearest proxy wrote. Other repeats keep the first.
    if (!fresh && it->first == "x-forwarded-for") {
      it->second.append(", ").append(field.value().data(), field.value().size());
    }
  }
  r.body = std::move(message.body());
  Reset();
  return r;
}

}  // namespace mercato::server
