// Route matching by path segments.
#include "server/router.h"

#include "common/text.h"

namespace mercato::server {

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

bool Router::Matches(std::string_view pattern, std::string_view path,
                     std::map<std::string, std::string>* params) {
  const std::vector<std::string_view> want = Split(pattern, '/');
  const std::vector<std::string_view> got = Split(path, '/');
  if (want.size() != got.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    const std::string_view w = want[i];
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      if (got[i].empty()) return false;
      if (params) (*params)[std::string(w.substr(1, w.size() - 2))] = std::string(got[i]);
    } else if (w != got[i]) {
      return false;
    }
  }
  return true;
}

Router::Match Router::Find(std::string_view method, std::string_view path,
                           std::map<std::string, std::string>& params) const {
  Match match;
  for (const Route& r : routes_) {
    if (!Matches(r.pattern, path, nullptr)) continue;
    match.path_known = true;
    match.allowed_methods.push_back(r.method);
    if (r.method == method && match.route == nullptr) {
      params.clear();
      Matches(r.pattern, path, &params);
      match.route = &r;
    }
  }
  return match;
}

}  // namespace mercato::server
