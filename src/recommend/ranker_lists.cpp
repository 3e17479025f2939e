// The ranker's stored top lists: CSR rows per customer, lookup, checked serialization, erasure.
#include "recommend/ranker_lists.h"

#include <algorithm>
#include <cmath>

#include "recommend/ranking.h"

namespace mercato::recommend {
namespace {

Status CorruptLists(const std::string& what) {
  return InvalidArgument("ranker model bytes are corrupt (its stored lists: " + what +
                         "); train it again");
}

}  // namespace

StoredLists::StoredLists(const std::vector<std::vector<ScoredItem>>& lists) {
  for (const std::vector<ScoredItem>& list : lists) {
    for (const ScoredItem& s : list) {
      item_.push_back(s.item);
      score_.push_back(s.score);
      reason_kind_.push_back(static_cast<uint8_t>(s.reason.kind));
      anchor_.push_back(s.reason.anchor);
      count_.push_back(s.reason.count);
      delay_days_.push_back(s.reason.delay_days);
    }
    start_.push_back(static_cast<int64_t>(item_.size()));
  }
}

std::vector<ScoredItem> StoredLists::Top(int32_t customer, int k) const {
  if (k <= 0 || customer < 0 || customer >= num_customers()) return {};
  const auto c = static_cast<size_t>(customer);
  const int64_t end = std::min(start_[c + 1], start_[c] + k);
  std::vector<ScoredItem> list;
  list.reserve(static_cast<size_t>(end - start_[c]));
  for (auto e = static_cast<size_t>(start_[c]); e < static_cast<size_t>(end); ++e) {
    list.push_back(
        {item_[e], score_[e],
         Reason{static_cast<ReasonKind>(reason_kind_[e]), anchor_[e], count_[e], delay_days_[e]}});
  }
  return list;
}

void StoredLists::Serialize(ByteWriter& w) const {
  w.PutVector(start_);
  w.PutVector(item_);
  w.PutVector(score_);
  w.PutVector(reason_kind_);
  w.PutVector(anchor_);
  w.PutVector(count_);
  w.PutVector(delay_days_);
}

Result<StoredLists> StoredLists::Deserialize(ByteReader& r, int32_t num_items,
                                             int32_t num_customers) {
  StoredLists s;
  RETURN_IF_ERROR(r.GetVector(s.start_));
  RETURN_IF_ERROR(r.GetVector(s.item_));
  RETURN_IF_ERROR(r.GetVector(s.score_));
  RETURN_IF_ERROR(r.GetVector(s.reason_kind_));
  RETURN_IF_ERROR(r.GetVector(s.anchor_));
  RETURN_IF_ERROR(r.GetVector(s.count_));
  RETURN_IF_ERROR(r.GetVector(s.delay_days_));
  if (s.start_.empty() || s.start_.front() != 0) return CorruptLists("offsets");
  if (s.num_customers() != 0 && s.num_customers() != num_customers) {
    return CorruptLists("customer count");
  }
  const size_t n = s.item_.size();
  if (static_cast<uint64_t>(s.start_.back()) != n || s.score_.size() != n ||
      s.reason_kind_.size() != n || s.anchor_.size() != n || s.count_.size() != n ||
      s.delay_days_.size() != n) {
    return CorruptLists("entry counts");
  }
  for (size_t c = 0; c + 1 < s.start_.size(); ++c) {
    if (s.start_[c + 1] < s.start_[c]) return CorruptLists("offsets");
  }
  constexpr auto kLastReason = static_cast<uint8_t>(ReasonKind::kPersonalized);
  for (size_t e = 0; e < n; ++e) {
    if (s.item_[e] < 0 || s.item_[e] >= num_items) return CorruptLists("an item id");
    if (std::isnan(s.score_[e])) return CorruptLists("a score");
    if (s.reason_kind_[e] > kLastReason || s.anchor_[e] < -1 || s.anchor_[e] >= num_items) {
      return CorruptLists("a reason");
    }
  }
  for (size_t c = 0; c + 1 < s.start_.size(); ++c) {
    for (auto e = static_cast<size_t>(s.start_[c]) + 1; e < static_cast<size_t>(s.start_[c + 1]);
         ++e) {
      if (!RanksBefore({s.item_[e - 1], s.score_[e - 1], {}}, {s.item_[e], s.score_[e], {}})) {
        return CorruptLists("a list out of order");
      }
    }
  }
  return s;
}

void StoredLists::EraseCustomers(const RowErasure& customers) {
  if (num_customers() == 0) return;
  customers.EraseCsr(start_, item_, score_, reason_kind_, anchor_, count_, delay_days_);
}

}  // namespace mercato::recommend
