// Tests of dense id assignment across growth.
#include "dataset/id_index.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(IdIndex, DenseStableIdsAcrossGrowth) {
  IdIndex index;
  EXPECT_EQ(index.Find("x"), IdIndex::kNone);
  for (int i = 0; i < 10000; ++i) EXPECT_EQ(index.Add("k" + std::to_string(i)), i);
  for (int i = 0; i < 10000; i += 7) {
    EXPECT_EQ(index.Add("k" + std::to_string(i)), i);
    EXPECT_EQ(index.Find("k" + std::to_string(i)), i);
  }
  EXPECT_EQ(index.size(), 10000);
  EXPECT_EQ(index.Key(1234), "k1234");
  EXPECT_EQ(index.Find("k10000"), IdIndex::kNone);
  EXPECT_EQ(index.Add(""), 10000);  // the empty key is a key like any other
}

TEST(IdIndex, BatchesGiveTheIdsOfOneLookupAtATime) {
  // 1,000 keys (more than a batch of lookups, not a multiple of one), each named twice and some
  // three times, in an order that repeats keys within one batch: AddAll must number them as
  // Add does one at a time, across the growth of the table.
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    keys.push_back("k" + std::to_string(i));
    if (i % 3 == 0) keys.push_back("k" + std::to_string(i / 2));
  }
  for (int i = 999; i >= 0; i -= 2) keys.push_back("k" + std::to_string(i));
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  IdIndex one_at_a_time, batched;
  std::vector<int32_t> expected;
  for (std::string_view k : views) expected.push_back(one_at_a_time.Add(k));
  std::vector<int32_t> ids(views.size(), -7);
  batched.AddAll(views, ids);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(batched.size(), 1000);
  for (int32_t id = 0; id < batched.size(); ++id) EXPECT_EQ(batched.Key(id), one_at_a_time.Key(id));

  // FindAll: known and unknown keys mixed; an empty index finds nothing.
  const std::vector<std::string_view> asked = {"k5", "nope", "k999", "", "k0", "k1000"};
  std::vector<int32_t> found(asked.size(), -7);
  batched.FindAll(asked, found);
  EXPECT_EQ(found, (std::vector<int32_t>{batched.Find("k5"), IdIndex::kNone, batched.Find("k999"),
                                         IdIndex::kNone, 0, IdIndex::kNone}));
  EXPECT_NE(found[0], IdIndex::kNone);
  IdIndex empty;
  empty.FindAll(asked, found);
  EXPECT_EQ(found, std::vector<int32_t>(asked.size(), IdIndex::kNone));
}

}  // namespace
}  // namespace mercato
