// Tests of sparse-row aggregation.
#include "dataset/sparse_rows.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(SparseRows, SumsDuplicatesKeepsLatestTimeAndSortsColumns) {
  SparseRows m = BuildSparseRows(
      {{1, 5, 1.0, 10}, {0, 3, 2.0, 5}, {1, 2, 1.0, 7}, {1, 5, 2.5, 30}, {1, 5, 1.0, 20}}, 3, 10);
  ASSERT_EQ(m.row_start, (std::vector<int64_t>{0, 1, 3, 3}));
  EXPECT_EQ(m.col, (std::vector<int64_t>{3, 2, 5}));
  EXPECT_EQ(m.value, (std::vector<double>{2.0, 1.0, 4.5}));
  EXPECT_EQ(m.last_ts, (std::vector<Timestamp>{5, 7, 30}));
  EXPECT_EQ(m.ColsOf(2).size(), 0u);
  EXPECT_EQ(m.ValuesOf(1)[1], 4.5);
}

}  // namespace
}  // namespace mercato
