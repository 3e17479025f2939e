// Order lines without a SKU are stored under "title:<slug of the line title>" (what the Shopify
// import and webhooks give them); this links such a SKU to the product it names: the product
// whose handle (product_id) or title slugs to the same text. The snapshot joins the lines to
// their product through it, and the import warns about the lines it cannot link.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/entities.h"

namespace mercato {

class TitleSkuLinks {
 public:
  /// The prefix of a SKU made from a line title.
  static constexpr std::string_view kPrefix = "title:";
  static bool IsTitleSku(std::string_view sku) { return sku.starts_with(kPrefix); }

  /// Makes `product` a link target. Call in SKU order: of several variants of one product the
  /// first (lowest SKU) is the target. A handle match wins over a title match.
  void Add(const Product& product);

  /// The SKU of the product a "title:" SKU names; nullopt for any other SKU and for a title SKU
  /// no product matches.
  std::optional<std::string> Link(std::string_view sku) const;

 private:
  std::unordered_map<std::string, std::string> by_handle_, by_title_;  // slug -> product SKU
};

}  // namespace mercato
