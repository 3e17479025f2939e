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

std::string RenderReason(const recommend::Reason& r, const ItemCatalog& catalog) {
  using recommend::ReasonKind;
  const std::string anchor = ItemLabel(catalog, r.anchor);
  const bool has_anchor = r.anchor >= 0 && r.anchor < catalog.size();
  switch (r.kind) {
    case ReasonKind::kPopular:
      return "popular: bought by " + Customers(r.count);
    case ReasonKind::kTrending:
      return "trending: bought recently by " + Customers(r.count);
    case ReasonKind::kBoughtTogether:
      return "bought together with " + anchor + " by " + Customers(r.count);
    case ReasonKind::kViewedTogether:
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
