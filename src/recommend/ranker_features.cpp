// The ranker's item and shopper features, from the training snapshot.
#include "recommend/ranker_features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>

namespace mercato::recommend {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
constexpr double kDay = 86400.0;

constexpr std::array<std::string_view, kRankerFeatureCount> kFeatureNames = {
    "item_buyers",
    "item_recent_buyers",
    "item_recent_share",
    "item_price",
    "item_stock",
    "shopper_items",
    "shopper_days_idle",
    "shopper_category_items",
    "shopper_category_days",
    "shopper_brand_items",
    "shopper_brand_days",
    "shopper_price_ratio",
    "shopper_item_days"};

float DaysBetween(Timestamp earlier, Timestamp later) {
  return static_cast<float>(static_cast<double>(later - earlier) / kDay);
}

// Per category (or brand) of the shopper's items: how many of them and the latest time one was
// seen, ordered by group id (each candidate then looks its group up instead of scanning the
// history: the lists ranked at training ask it for hundreds of candidates of long histories).
struct GroupTally {
  int32_t group = IdIndex::kNone;
  float count = 0;
  Timestamp latest = 0;
};

std::vector<GroupTally> TallyGroups(const Shopper& shopper, const std::vector<int32_t>& of) {
  std::vector<GroupTally> tally;
  for (size_t h = 0; h < shopper.items.size(); ++h) {
    const int32_t group = of[static_cast<size_t>(shopper.items[h])];
    if (group != IdIndex::kNone) tally.push_back({group, 1.0f, shopper.last_seen[h]});
  }
  std::sort(tally.begin(), tally.end(),
            [](const GroupTally& a, const GroupTally& b) { return a.group < b.group; });
  size_t kept = 0;
  for (size_t t = 0; t < tally.size(); ++t) {
    if (kept > 0 && tally[kept - 1].group == tally[t].group) {
      tally[kept - 1].count += 1.0f;
      tally[kept - 1].latest = std::max(tally[kept - 1].latest, tally[t].latest);
    } else {
      tally[kept++] = tally[t];
    }
  }
  tally.resize(kept);
  return tally;
}

// How many of the shopper's items share `group` and the days since the latest of them; (NaN,
// NaN) when the item has no group, (0, NaN) when none shares it.
std::pair<float, float> GroupHistory(std::span<const GroupTally> tally, int32_t group,
                                     Timestamp now) {
  if (group == IdIndex::kNone) return {kMissing, kMissing};
  const auto it = std::lower_bound(tally.begin(), tally.end(), group,
                                   [](const GroupTally& t, int32_t g) { return t.group < g; });
  if (it == tally.end() || it->group != group) return {0.0f, kMissing};
  return {it->count, DaysBetween(it->latest, now)};
}

}  // namespace

std::span<const std::string_view> RankerFeatureNames() { return kFeatureNames; }

RankerContext::RankerContext(const Snapshot& snapshot, int trend_days) {
  const auto n = static_cast<size_t>(snapshot.items.size());
  now_ = snapshot.until ? *snapshot.until : snapshot.last_ts.value_or(0);
  category_.assign(n, IdIndex::kNone);
  brand_.assign(n, IdIndex::kNone);
  price_.assign(n, kMissing);
  stock_.assign(n, kMissing);
  for (size_t i = 0; i < n; ++i) {
    if (i < snapshot.item_category.size()) category_[i] = snapshot.item_category[i];
    if (i < snapshot.catalog.brand.size()) brand_[i] = snapshot.catalog.brand[i];
    if (i < snapshot.item_price.size() && std::isfinite(snapshot.item_price[i])) {
      price_[i] = snapshot.item_price[i];
    }
    if (i < snapshot.catalog.inventory_quantity.size() && snapshot.catalog.inventory_quantity[i]) {
      stock_[i] = static_cast<float>(*snapshot.catalog.inventory_quantity[i]);
    }
  }
  buyers_.assign(n, 0.0f);
  recent_buyers_.assign(n, 0.0f);
  const SparseRows& m = snapshot.interactions;
  const Timestamp recent = now_ - static_cast<Timestamp>(trend_days) * 86400;
  start_.assign(m.row_start.begin(), m.row_start.end());
  if (start_.empty()) start_.push_back(0);
  item_.reserve(m.col.size());
  for (size_t e = 0; e < m.col.size(); ++e) {
    const auto item = static_cast<size_t>(m.col[e]);
    buyers_[item] += 1.0f;
    if (m.last_ts[e] >= recent) recent_buyers_[item] += 1.0f;
    item_.push_back(static_cast<int32_t>(m.col[e]));
  }
  last_ = m.last_ts;
}

Shopper RankerContext::OfCustomer(int32_t customer) const {
  Shopper s;
  if (customer < 0 || customer >= num_customers()) return s;
  const auto b = static_cast<size_t>(start_[static_cast<size_t>(customer)]);
  const auto e = static_cast<size_t>(start_[static_cast<size_t>(customer) + 1]);
  s.items.assign(item_.begin() + static_cast<ptrdiff_t>(b),
                 item_.begin() + static_cast<ptrdiff_t>(e));
  s.last_seen.assign(last_.begin() + static_cast<ptrdiff_t>(b),
                     last_.begin() + static_cast<ptrdiff_t>(e));
  return s;
}

Shopper RankerContext::OfItems(std::span<const int32_t> items) const {
  Shopper s;
  for (int32_t item : items) {
    if (item >= 0 && item < num_items()) s.items.push_back(item);
  }
  std::sort(s.items.begin(), s.items.end());
  s.items.erase(std::unique(s.items.begin(), s.items.end()), s.items.end());
  s.last_seen.assign(s.items.size(), now_);
  return s;
}

void RankerContext::Append(const Shopper& shopper, std::span<const int32_t> items,
                           std::vector<float>& out) const {
  float mean_price = kMissing, idle = kMissing;
  std::vector<GroupTally> categories, brands;
  if (shopper.known()) {
    categories = TallyGroups(shopper, category_);
    brands = TallyGroups(shopper, brand_);
    double sum = 0;
    int priced = 0;
    for (int32_t h : shopper.items) {
      const float p = price_[static_cast<size_t>(h)];
      if (std::isnan(p)) continue;
      sum += p;
      ++priced;
    }
    if (priced > 0) mean_price = static_cast<float>(sum / priced);
    idle = DaysBetween(*std::max_element(shopper.last_seen.begin(), shopper.last_seen.end()), now_);
  }
  for (int32_t item : items) {
    const auto i = static_cast<size_t>(item);
    const size_t at = out.size();
    out.resize(at + kRankerFeatureCount, kMissing);
    float* f = out.data() + at;
    ItemColumns(i, f);
    if (!shopper.known()) continue;
    f[kShopperItems] = static_cast<float>(shopper.items.size());
    f[kShopperDaysIdle] = idle;
    std::tie(f[kShopperCategoryItems], f[kShopperCategoryDays]) =
        GroupHistory(categories, category_[i], now_);
    std::tie(f[kShopperBrandItems], f[kShopperBrandDays]) = GroupHistory(brands, brand_[i], now_);
    if (mean_price > 0) f[kShopperPriceRatio] = price_[i] / mean_price;
    const auto had = std::lower_bound(shopper.items.begin(), shopper.items.end(), item);
    if (had != shopper.items.end() && *had == item) {
      f[kShopperItemDays] =
          DaysBetween(shopper.last_seen[static_cast<size_t>(had - shopper.items.begin())], now_);
    }
  }
}

void RankerContext::ItemColumns(size_t i, float* f) const {
  f[kItemBuyers] = buyers_[i];
  f[kItemRecentBuyers] = recent_buyers_[i];
  if (buyers_[i] > 0) f[kItemRecentShare] = recent_buyers_[i] / buyers_[i];
  f[kItemPrice] = price_[i];
  f[kItemStock] = stock_[i];
}

void RankerContext::AppendForAnchor(int32_t anchor, std::span<const int32_t> items,
                                    std::vector<float>& out) const {
  const auto a = static_cast<size_t>(anchor);
  // 1 when both share the group, 0 when they differ, NaN when either has none.
  auto same = [](int32_t x, int32_t y) {
    if (x == IdIndex::kNone || y == IdIndex::kNone) return kMissing;
    return x == y ? 1.0f : 0.0f;
  };
  for (int32_t item : items) {
    const auto i = static_cast<size_t>(item);
    const size_t at = out.size();
    out.resize(at + kAnchorFeatureCount, kMissing);
    float* f = out.data() + at;
    ItemColumns(i, f);
    f[kAnchorSameCategory] = same(category_[a], category_[i]);
    f[kAnchorSameBrand] = same(brand_[a], brand_[i]);
    if (price_[a] > 0) f[kAnchorPriceRatio] = price_[i] / price_[a];
    f[kAnchorBuyers] = buyers_[a];
  }
}

void RankerContext::Serialize(ByteWriter& w) const {
  w.Put(now_);
  w.PutVector(category_);
  w.PutVector(brand_);
  w.PutVector(price_);
  w.PutVector(stock_);
  w.PutVector(buyers_);
  w.PutVector(recent_buyers_);
  w.PutVector(start_);
  w.PutVector(item_);
  w.PutVector(last_);
}

Result<RankerContext> RankerContext::Deserialize(ByteReader& r) {
  RankerContext c;
  RETURN_IF_ERROR(r.Get(c.now_));
  for (auto* v : {&c.category_, &c.brand_}) RETURN_IF_ERROR(r.GetVector(*v));
  for (auto* v : {&c.price_, &c.stock_, &c.buyers_, &c.recent_buyers_}) {
    RETURN_IF_ERROR(r.GetVector(*v));
  }
  RETURN_IF_ERROR(r.GetVector(c.start_));
  RETURN_IF_ERROR(r.GetVector(c.item_));
  RETURN_IF_ERROR(r.GetVector(c.last_));
  const size_t n = c.buyers_.size();
  bool ok = c.category_.size() == n && c.brand_.size() == n && c.price_.size() == n &&
            c.stock_.size() == n && c.recent_buyers_.size() == n && !c.start_.empty() &&
            c.start_.front() == 0 && std::is_sorted(c.start_.begin(), c.start_.end()) &&
            static_cast<size_t>(c.start_.back()) == c.item_.size() &&
            c.last_.size() == c.item_.size();
  for (int32_t item : c.item_) ok = ok && item >= 0 && static_cast<size_t>(item) < n;
  for (const auto* groups : {&c.category_, &c.brand_}) {
    for (int32_t g : *groups) ok = ok && g >= IdIndex::kNone;
  }
  if (!ok) return InvalidArgument("ranker model bytes are corrupt (item and shopper features)");
  return c;
}

void RankerContext::EraseCustomers(const RowErasure& customers) {
  customers.EraseCsr(start_, item_, last_);
}

}  // namespace mercato::recommend
