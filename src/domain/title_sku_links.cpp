// Matching title SKUs to products by slugged handle, then by slugged title.
#include "domain/title_sku_links.h"

#include "common/slug.h"

namespace mercato {

void TitleSkuLinks::Add(const Product& product) {
  if (product.sku.empty() || IsTitleSku(product.sku)) return;
  if (const std::string handle = Slug(product.product_id); !handle.empty()) {
    by_handle_.try_emplace(handle, product.sku);
  }
  if (const std::string title = Slug(product.title); !title.empty()) {
    by_title_.try_emplace(title, product.sku);
  }
}

std::optional<std::string> TitleSkuLinks::Link(std::string_view sku) const {
  if (!IsTitleSku(sku)) return std::nullopt;
  const std::string slug(sku.substr(kPrefix.size()));
  if (auto it = by_handle_.find(slug); it != by_handle_.end()) return it->second;
  if (auto it = by_title_.find(slug); it != by_title_.end()) return it->second;
  return std::nullopt;
}

}  // namespace mercato
