// One sentence per reason kind, with counts and the anchor item's title.
#include "recommend_serving/reason_text.h"

namespace mercato::serving {
namespace {

std::string Customers(int32_t n) {
  return std::to_string(n) + (n == 1 ? " customer" : " customers");
}

std::string Delay(int32_t days) {
  if (days <= 0) return "right after";
  return "about " + std::to_string(days) + (days == 1 ? " day after" : " days after");
}

}  // namespace

std::string ItemLabel(const ItemCatalog& catalog, int32_t item) {
  if (item < 0 || item >= catalog.size()) return "an item";
  const std::string& title = catalog.Info(item).title;
  const std::string& sku = catalog.Sku(item);
  return title.empty() ? sku : "\"" + title + "\" (" + sku + ")";
}

std::string RenderReason(const recommend::Reason& r, int32_t item, const ItemCatalog& catalog) {
  using recommend::ReasonKind;
  const bool in_catalog = r.anchor >= 0 && r.anchor < catalog.size();
  // The item's own product as anchor: the card may show another variant than the one the model
  // scored, and a consumable that is due again is anchored on itself by neighbour models.
  const bool self = in_catalog && item >= 0 && item < catalog.size() &&
                    catalog.ProductOf(r.anchor) == catalog.ProductOf(item);
  if (self) {
    return r.kind == ReasonKind::kBecauseYouBought ? "you bought it before"
                                                   : "matches your purchase history";
  }
  const std::string anchor = ItemLabel(catalog, r.anchor);
  const bool has_anchor = in_catalog;
  switch (r.kind) {
    case ReasonKind::kPopular:
      return "popular: bought by " + Customers(r.count);
    case ReasonKind::kTrending:
      // Trending ranks by time-decayed purchases over the whole history, while its count is of
      // the buyers within one half-life: an item ranked higher could name fewer buyers than the
      // next one, so no count is named (popular's count is its score, and is).
      return "trending: bought often recently";
    case ReasonKind::kBoughtTogether:
      // The count is of orders holding both (the co-occurrence the score is computed from), not
      // of customers: one customer may order the pair many times.
      return "bought together with " + anchor + " in " + std::to_string(r.count) +
             (r.count == 1 ? " order" : " orders");
    case ReasonKind::kViewedTogether:
      // A model that ranks by latent factors (ALS) has no count behind the pair: saying "chosen
      // by 0 customers" would contradict its ranking, so no count is named.
      if (r.count <= 0) return "often chosen with " + anchor;
      return "chosen by " + Customers(r.count) + " who also chose " + anchor;
    case ReasonKind::kSimilarContent:
      return "similar to " + anchor;
    case ReasonKind::kBecauseYouBought:
      return "because you bought " + anchor;
    case ReasonKind::kBecauseYouViewed:
      return "because you viewed " + anchor;
    case ReasonKind::kFollowUp:
      return "bought " + Delay(r.delay_days) + " " + anchor + " by " + Customers(r.count);
    case ReasonKind::kSession:
      return "goes with " + anchor + " from your current visit";
    case ReasonKind::kPersonalized:
      return has_anchor ? "matches your purchase history, like " + anchor
                        : "matches your purchase history";
  }
  return "recommended";
}

}  // namespace mercato::serving
