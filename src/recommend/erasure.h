// Removing customers from trained models without retraining: which dense rows go and the id every
// kept row moves to. The one renumbering every artifact (models and serving index) applies, so
// they stay aligned after an erasure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mercato::recommend {

class RowErasure {
 public:
  static constexpr int32_t kRemoved = -1;

  /// Removes `rows` (dense ids; order and duplicates do not matter).
  explicit RowErasure(std::vector<int32_t> rows) : removed_(std::move(rows)) {
    std::sort(removed_.begin(), removed_.end());
    removed_.erase(std::unique(removed_.begin(), removed_.end()), removed_.end());
  }

  const std::vector<int32_t>& removed() const { return removed_; }
  bool Removes(int32_t row) const {
    return std::binary_search(removed_.begin(), removed_.end(), row);
  }
  /// The id of `row` after the erasure: later rows move down past the removed ones; kRemoved
  /// for a removed row. Negative ids (kNone) stay as they are.
  int32_t NewId(int32_t row) const {
    if (row < 0) return row;
    const auto below = std::lower_bound(removed_.begin(), removed_.end(), row);
    if (below != removed_.end() && *below == row) return kRemoved;
    return row - static_cast<int32_t>(below - removed_.begin());
  }

  /// Removes the rows from a CSR matrix: `start` (rows + 1 offsets) and the per-entry arrays.
  template <class... Entries>
  void EraseCsr(std::vector<int64_t>& start, std::vector<Entries>&... entries) const {
    if (start.empty()) return;
    const auto rows = static_cast<int32_t>(start.size()) - 1;
    std::vector<int64_t> kept_start{0};
    int64_t out = 0;
    for (int32_t r = 0; r < rows; ++r) {
      if (Removes(r)) continue;
      for (int64_t e = start[static_cast<size_t>(r)]; e < start[static_cast<size_t>(r) + 1]; ++e) {
        ((entries[static_cast<size_t>(out)] = entries[static_cast<size_t>(e)]), ...);
        ++out;
      }
      kept_start.push_back(out);
    }
    (entries.resize(static_cast<size_t>(out)), ...);
    start = std::move(kept_start);
  }

  /// Removes the rows from a row-major dense array of `width` values per row.
  template <class T>
  void EraseDense(std::vector<T>& values, size_t width) const {
    size_t out = 0;
    const size_t rows = width == 0 ? 0 : values.size() / width;
    for (size_t r = 0; r < rows; ++r) {
      if (Removes(static_cast<int32_t>(r))) continue;
      std::copy(values.begin() + static_cast<std::ptrdiff_t>(r * width),
                values.begin() + static_cast<std::ptrdiff_t>((r + 1) * width),
                values.begin() + static_cast<std::ptrdiff_t>(out * width));
      ++out;
    }
    values.resize(out * width);
  }

 private:
  std::vector<int32_t> removed_;  // sorted, unique
};

}  // namespace mercato::recommend
