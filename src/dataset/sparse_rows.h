// Compressed sparse rows: for each row, sorted (column, value, time) entries. Used for the
// customer x item interaction matrix and the per-SKU demand panels.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/time.h"

namespace mercato {

struct SparseRows {
  int32_t rows = 0;
  int64_t cols = 0;                // columns are ids or period indexes below this bound
  std::vector<int64_t> row_start;  // rows + 1 offsets into the arrays below
  std::vector<int64_t> col;        // column of each entry, ascending within a row
  std::vector<double> value;       // summed value
  std::vector<Timestamp> last_ts;  // latest time among the summed records

  int64_t nnz() const { return static_cast<int64_t>(col.size()); }
  std::span<const int64_t> ColsOf(int32_t row) const;
  std::span<const double> ValuesOf(int32_t row) const;
};

/// One (row, col, value, time) record before aggregation.
struct SparseRecord {
  int32_t row;
  int64_t col;
  double value;
  Timestamp ts;
};

/// Sums records with the same (row, col), keeping the latest time; sorts; builds the rows.
SparseRows BuildSparseRows(std::vector<SparseRecord> records, int32_t rows, int64_t cols);

}  // namespace mercato
