// The candidate memo: a subject's model is asked once for kDepth candidates and later asks are
// its prefixes; deeper asks bypass it; a colliding subject pushes another out and is still
// answered right; concurrent askers get the same answers.
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

TEST(CandidateMemo, ASubjectPushedOutIsFetchedAgain) {
  CandidateMemo memo(1);  // every subject shares the one slot
  int asks = 0;
  const auto fetch_for = [&](int32_t subject) {
    return [&asks, subject](int m) {
      ++asks;
      return Ranking(subject, m, 500);
    };
  };
  const uint64_t a = CandidateMemo::Key(ModelKind::kAls, 1);
  const uint64_t b = CandidateMemo::Key(ModelKind::kAls, 2);
  ExpectSame(memo.Get(a, 10, fetch_for(1)), Ranking(1, 10, 500));
  ExpectSame(memo.Get(b, 10, fetch_for(2)), Ranking(2, 10, 500));
  ExpectSame(memo.Get(a, 10, fetch_for(1)), Ranking(1, 10, 500));
  EXPECT_EQ(asks, 3);
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
