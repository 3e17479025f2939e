// The candidate memo: a subject's model is asked once for kDepth candidates and later asks are
// its prefixes; deeper asks bypass it; a set's least recently asked subject is pushed out and is
// still answered right; concurrent askers get the same answers.
#include "recommend_serving/candidate_memo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace mercato::serving {
namespace {

using recommend::ModelKind;
using recommend::ScoredItem;

// A model's ranking of `subject`'s candidates: item i scores 1000 - i, shifted by the subject,
// so different subjects have different lists; `available` items in all.
std::vector<ScoredItem> Ranking(int32_t subject, int m, int available) {
  std::vector<ScoredItem> out;
  for (int i = 0; i < std::min(m, available); ++i) {
    out.push_back({subject + i, 1000.0f - static_cast<float>(i), {}});
  }
  return out;
}

void ExpectSame(const std::vector<ScoredItem>& a, const std::vector<ScoredItem>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].item, b[i].item) << i;
    EXPECT_EQ(a[i].score, b[i].score) << i;
  }
}

TEST(CandidateMemo, AsksTheModelOnceAndAnswersPrefixes) {
  CandidateMemo memo(8);
  int asks = 0;
  const auto fetch = [&](int m) {
    ++asks;
    EXPECT_EQ(m, CandidateMemo::kDepth);
    return Ranking(7, m, 500);
  };
  const uint64_t key = CandidateMemo::Key(ModelKind::kAls, 7);
  ExpectSame(memo.Get(key, 40, fetch), Ranking(7, 40, 500));
  ExpectSame(memo.Get(key, 10, fetch), Ranking(7, 10, 500));
  ExpectSame(memo.Get(key, CandidateMemo::kDepth, fetch), Ranking(7, CandidateMemo::kDepth, 500));
  EXPECT_EQ(asks, 1);
  // Another model's list for the same customer is its own entry.
  ExpectSame(memo.Get(CandidateMemo::Key(ModelKind::kSar, 7), 5, fetch), Ranking(7, 5, 500));
  EXPECT_EQ(asks, 2);
}

TEST(CandidateMemo, DeeperAsksGoToTheModelAndShortListsStayShort) {
  CandidateMemo memo(8);
  int asked_for = 0;
  const auto fetch = [&](int m) {
    asked_for = m;
    return Ranking(3, m, 12);  // the model has 12 candidates only
  };
  const uint64_t key = CandidateMemo::Key(ModelKind::kAls, 3);
  ExpectSame(memo.Get(key, CandidateMemo::kDepth + 1, fetch), Ranking(3, 12, 12));
  EXPECT_EQ(asked_for, CandidateMemo::kDepth + 1);
  ExpectSame(memo.Get(key, 40, fetch), Ranking(3, 12, 12));
  ExpectSame(memo.Get(key, 5, fetch), Ranking(3, 5, 12));
}

TEST(CandidateMemo, TheLeastRecentlyAskedOfASetIsPushedOutAndFetchedAgain) {
  CandidateMemo memo(1);  // one set: every subject shares its kWays entries
  ASSERT_EQ(CandidateMemo::kWays, 4);
  int asks = 0;
  const auto ask = [&](int32_t subject) {
    const auto got = memo.Get(CandidateMemo::Key(ModelKind::kAls, subject), 10, [&](int m) {
      ++asks;
      return Ranking(subject, m, 500);
    });
    ExpectSame(got, Ranking(subject, 10, 500));
  };
  for (int32_t subject : {1, 2, 3, 4}) ask(subject);
  EXPECT_EQ(asks, 4);
  for (int32_t subject : {4, 3, 2, 1}) ask(subject);  // four subjects fit: no new fetch
  EXPECT_EQ(asks, 4);
  ask(5);  // pushes out 4, the least recently asked
  EXPECT_EQ(asks, 5);
  for (int32_t subject : {1, 2, 3, 5}) ask(subject);
  EXPECT_EQ(asks, 5);
  ask(4);  // fetched again; pushes out 1
  EXPECT_EQ(asks, 6);
  ask(1);
  EXPECT_EQ(asks, 7);
}

TEST(CandidateMemo, ConcurrentAskersGetTheirOwnSubjectsLists) {
  CandidateMemo memo(4);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const int32_t subject = (i * 7 + t) % 16;
        const auto got = memo.Get(CandidateMemo::Key(ModelKind::kAls, subject), 10,
                                  [&](int m) { return Ranking(subject, m, 500); });
        if (got.size() != 10 || got.front().item != subject) ++wrong[static_cast<size_t>(t)];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace mercato::serving
