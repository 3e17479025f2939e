// The ranker's features of a (shopper, candidate item) pair besides the candidate models' scores
// and ranks: the item's popularity, trend, price and stock, and the shopper's history with the
// item, its category and its brand and their usual price.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "dataset/snapshot.h"
#include "recommend/bytes.h"
#include "recommend/erasure.h"
#include "recommend/recommender.h"

namespace mercato::recommend {

/// Columns RankerContext::Append writes per candidate, in order; NaN marks a missing value.
enum RankerFeature : uint8_t {
  kItemBuyers,            // customers with the item in the training data
  kItemRecentBuyers,      // of them, those whose latest interaction is within the trend window
  kItemRecentShare,       // recent buyers / buyers (the trend); NaN without buyers
  kItemPrice,             // catalog price; NaN when unknown
  kItemStock,             // the catalog's stock figure; NaN when unknown
  kShopperItems,          // distinct items in the shopper's history
  kShopperDaysIdle,       // days since the shopper's latest interaction
  kShopperCategoryItems,  // the shopper's items in the item's category; NaN: no category
  kShopperCategoryDays,   // days since the shopper's latest item of that category; NaN: none
  kShopperBrandItems,     // the same for the item's brand
  kShopperBrandDays,      //
  kShopperPriceRatio,     // item price / the shopper's mean item price; NaN when unknown
  kShopperItemDays,       // days since the shopper last had this very item (repurchase); NaN
  kRankerFeatureCount,
};

/// Columns RankerContext::AppendForAnchor writes per (anchor item, candidate) pair, in order: the
/// candidate's first five RankerFeature columns (its buyers, recent buyers, trend, price and
/// stock), then how it relates to the anchor. NaN marks a missing value.
enum AnchorFeature : uint8_t {
  kAnchorSameCategory = kShopperItems,  // 1 when both items have the category, 0 if they differ
  kAnchorSameBrand,                     // the same for the brand
  kAnchorPriceRatio,                    // candidate price / anchor price; NaN when either unknown
  kAnchorBuyers,                        // customers with the anchor in the training data
  kAnchorFeatureCount,
};

/// The names of RankerFeature's columns ("item_buyers", ...), for reports.
std::span<const std::string_view> RankerFeatureNames();

/// Who a list is for: a customer's history from the training data, or the items of a cart,
/// session, order or product page (all at the context's reference time).
struct Shopper {
  std::vector<int32_t> items;        // distinct, ascending
  std::vector<Timestamp> last_seen;  // per item
  bool known() const { return !items.empty(); }
};

/// Per item and per customer what the features read, from the training snapshot; kept with the
/// ranker. Times are measured from `now`, the snapshot's cut-off (or its last time).
class RankerContext {
 public:
  RankerContext() = default;
  /// Reads `snapshot`; the trend window is the last `trend_days` days before `now`.
  RankerContext(const Snapshot& snapshot, int trend_days);

  int32_t num_items() const { return static_cast<int32_t>(buyers_.size()); }
  int32_t num_customers() const { return static_cast<int32_t>(start_.size()) - 1; }

  /// The customer's history; empty for customers without one or outside [0, num_customers).
  Shopper OfCustomer(int32_t customer) const;
  /// The context's items (ids outside the catalog dropped), all seen now.
  Shopper OfItems(std::span<const int32_t> items) const;

  /// Appends kRankerFeatureCount values for each of `items` (valid ids) for `shopper`.
  void Append(const Shopper& shopper, std::span<const int32_t> items,
              std::vector<float>& out) const;

  /// Appends kAnchorFeatureCount values for each of `items` (valid ids) as candidates for
  /// `anchor` (a valid id).
  void AppendForAnchor(int32_t anchor, std::span<const int32_t> items,
                       std::vector<float>& out) const;

  void Serialize(ByteWriter& w) const;
  static Result<RankerContext> Deserialize(ByteReader& r);
  /// Drops the erased customers' histories (see Recommender::EraseCustomers).
  void EraseCustomers(const RowErasure& customers);

 private:
  // Writes the item's kItemBuyers .. kItemStock columns at f.
  void ItemColumns(size_t item, float* f) const;

  Timestamp now_ = 0;
  std::vector<int32_t> category_, brand_;  // per item, IdIndex::kNone when unknown
  std::vector<float> price_, stock_;       // per item, NaN when unknown
  std::vector<float> buyers_, recent_buyers_;
  // Customers' histories as compressed rows: items ascending, with their latest time.
  std::vector<int64_t> start_{0};
  std::vector<int32_t> item_;
  std::vector<Timestamp> last_;
};

}  // namespace mercato::recommend
