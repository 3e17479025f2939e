// Slugs of names: what Shopify derives SKUs and handles from, and what links an order line
// without a SKU to its product by title.
#pragma once

#include <string>
#include <string_view>

namespace mercato {

/// Lower-case slug: ASCII letters and digits (lower-cased) and non-ASCII characters are kept;
/// every run of other characters becomes one '-', none at the ends. "Tee, M / Blue" ->
/// "tee-m-blue".
std::string Slug(std::string_view text);

}  // namespace mercato
