// Route matching by path segments.
#include "server/router.h"

#include <algorithm>
#include <stdexcept>

#include "common/text.h"

namespace mercato::server {

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  std::vector<std::string> segments;
  for (std::string_view segment : Split(pattern, '/')) segments.emplace_back(segment);
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler),
                     Runs::kOnPool, std::move(segments)});
}

void Router::RunInline(std::string_view method, std::string_view pattern) {
  for (Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      r.runs = Runs::kInline;
      return;
    }
  }
  throw std::logic_error("RunInline: no route " + std::string(method) + " " + std::string(pattern));
}

bool Router::Matches(const Route& route, const std::vector<std::string_view>& path,
                     std::map<std::string, std::string>* params) {
  const std::vector<std::string>& want = route.segments;
  if (want.size() != path.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (path[i].empty()) return false;
      if (params) (*params)[std::string(w.substr(1, w.size() - 2))] = std::string(path[i]);
    } else if (w != path[i]) {
      return false;
    }
  }
  return true;
}

namespace {

// How many of a route's segments are literal: of two patterns matching one path
// ("/v1/experiments/validate" and "/v1/experiments/{key}"), the more literal one is meant.
size_t LiteralSegments(const Route& route) {
  size_t n = 0;
  for (const std::string& s : route.segments) n += !(s.size() > 2 && s.front() == '{');
  return n;
}

}  // namespace

bool Router::Serves(const Route& route, std::string_view method) {
  return route.method == method || (method == "HEAD" && route.method == "GET");
}

const Route* Router::Best(std::string_view method,
                          const std::vector<std::string_view>& segments) const {
  const Route* best = nullptr;
  for (const Route& r : routes_) {
    if (!Serves(r, method) || !Matches(r, segments, nullptr)) continue;
    if (best == nullptr || LiteralSegments(r) > LiteralSegments(*best)) best = &r;
  }
  return best;
}

Router::Match Router::Find(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params) const {
  const std::vector<std::string_view> segments = Split(path, '/');
  Match match;
  auto allow = [&](const std::string& m) {
    if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), m) ==
        match.allowed_methods.end()) {
      match.allowed_methods.push_back(m);
    }
  };
  for (const Route& r : routes_) {
    if (!Matches(r, segments, nullptr)) continue;
    match.path_known = true;
    allow(r.method);
    if (r.method == "GET") allow("HEAD");
  }
  match.route = Best(method, segments);
  if (match.route != nullptr) {
    params.clear();
    Matches(*match.route, segments, &params);
  }
  return match;
}

bool Router::RunsInline(std::string_view method, std::string_view path) const {
  // Asked once per request before Handle: no parameters or allowed methods are gathered.
  const Route* route = Best(method, Split(path, '/'));
  return route != nullptr && route->runs == Runs::kInline;
}

}  // namespace mercato::server
