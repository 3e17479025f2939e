// A whole-number query parameter within bounds, as the routes read `k`, `periods` and `limit`.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "server/api_types.h"

namespace mercato::server {

/// The query parameter `name` as an integer from `lo` to `hi`; `fallback` when the query does
/// not name it. InvalidArgument otherwise: "k=0: expected an integer from 1 to 100".
Result<int64_t> IntQuery(const ApiRequest& r, std::string_view name, int64_t fallback, int64_t lo,
                         int64_t hi);

}  // namespace mercato::server
