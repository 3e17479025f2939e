// Building compressed sparse rows from unordered records.
#include "dataset/sparse_rows.h"

#include <algorithm>

namespace mercato {

std::span<const int64_t> SparseRows::ColsOf(int32_t row) const {
  const auto b = static_cast<size_t>(row_start[static_cast<size_t>(row)]);
  const auto e = static_cast<size_t>(row_start[static_cast<size_t>(row) + 1]);
  return {col.data() + b, e - b};
}

std::span<const double> SparseRows::ValuesOf(int32_t row) const {
  const auto b = static_cast<size_t>(row_start[static_cast<size_t>(row)]);
  const auto e = static_cast<size_t>(row_start[static_cast<size_t>(row) + 1]);
  return {value.data() + b, e - b};
}

SparseRows BuildSparseRows(std::vector<SparseRecord> records, int32_t rows, int64_t cols) {
  std::sort(records.begin(), records.end(), [](const SparseRecord& a, const SparseRecord& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  SparseRows m;
  m.rows = rows;
  m.cols = cols;
  m.row_start.assign(static_cast<size_t>(rows) + 1, 0);
  for (size_t i = 0; i < records.size();) {
    const SparseRecord& first = records[i];
    double sum = 0;
    Timestamp last = first.ts;
    size_t j = i;
    for (; j < records.size() && records[j].row == first.row && records[j].col == first.col; ++j) {
      sum += records[j].value;
      last = std::max(last, records[j].ts);
    }
    m.col.push_back(first.col);
    m.value.push_back(sum);
    m.last_ts.push_back(last);
    ++m.row_start[static_cast<size_t>(first.row) + 1];
    i = j;
  }
  for (size_t r = 0; r < static_cast<size_t>(rows); ++r) m.row_start[r + 1] += m.row_start[r];
  return m;
}

}  // namespace mercato
