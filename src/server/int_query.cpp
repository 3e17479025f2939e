// A whole-number query parameter within bounds.
#include "server/int_query.h"

#include <string>

#include "common/text.h"

namespace mercato::server {

Result<int64_t> IntQuery(const ApiRequest& r, std::string_view name, int64_t fallback, int64_t lo,
                         int64_t hi) {
  const auto text = r.Query(name);
  if (!text) return fallback;
  auto v = ParseInt(*text);
  if (!v.ok() || *v < lo || *v > hi) {
    return InvalidArgument(std::string(name) + "=" + std::string(*text) +
                           ": expected an integer from " + std::to_string(lo) + " to " +
                           std::to_string(hi));
  }
  return *v;
}

}  // namespace mercato::server
