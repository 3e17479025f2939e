// A bounded memo of a model's top candidates per subject. A loaded model ranks a customer's (or
// an item's) candidates the same way every time, so the service asks it once for the first
// kDepth and answers later over-fetches of that subject from memory: the scoring of every item
// and the top-k pass are most of a user recommendation's own work. The memo lives and dies with
// the service that owns it (a model reload starts an empty one); its memory is bounded (entries ×
// kDepth candidates): it is set-associative, so a new subject pushes out the least recently asked
// of the kWays in its set, and busy subjects that hash alike stay together.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "recommend/recommender.h"

namespace mercato::serving {

class CandidateMemo {
 public:
  /// Candidates remembered per subject; asks for more go to the model each time.
  static constexpr int kDepth = 64;

  /// Room for `entries` subjects, rounded up to a whole power-of-two number of sets of kWays.
  explicit CandidateMemo(size_t entries);

  /// Where a memo entry belongs: the model and the subject's dense id.
  static uint64_t Key(recommend::ModelKind model, int32_t subject);

  /// The first `n` of `fetch(kDepth)` for `key`, fetched on the key's first ask (or after it was
  /// pushed out) and remembered; `fetch(n)` itself when n > kDepth. `fetch(m)` must return the
  /// model's top m (fewer when it has fewer), ranked so that its top n is the prefix of its top
  /// m for n <= m (recommend::TopK's order: score, then item id).
  template <class Fetch>
  std::vector<recommend::ScoredItem> Get(uint64_t key, int n, Fetch&& fetch) {
    if (n > kDepth) return fetch(n);
    Set& set = sets_[Mix(key) & mask_];
    {
      std::lock_guard lock(set.mu);
      if (Entry* entry = set.Find(key)) {
        entry->last_ask = ++set.clock;
        return Prefix(entry->items, n);
      }
    }
    std::vector<recommend::ScoredItem> all = fetch(kDepth);
    std::vector<recommend::ScoredItem> first = Prefix(all, n);
    std::lock_guard lock(set.mu);
    Entry* entry = set.Find(key);  // another asker may have filled it meanwhile
    if (entry == nullptr) entry = &set.Oldest();
    *entry = {true, key, ++set.clock, std::move(all)};
    return first;
  }

  /// Subjects that share a set (by their key's hash) and stay in it together.
  static constexpr int kWays = 4;

 private:
  struct Entry {
    bool filled = false;
    uint64_t key = 0;
    uint64_t last_ask = 0;  // the set's clock at the entry's last ask
    std::vector<recommend::ScoredItem> items;
  };
  struct Set {
    std::mutex mu;
    uint64_t clock = 0;
    Entry ways[kWays];

    Entry* Find(uint64_t key);
    Entry& Oldest();  // an empty way, else the least recently asked
  };

  static uint64_t Mix(uint64_t key);
  static std::vector<recommend::ScoredItem> Prefix(const std::vector<recommend::ScoredItem>& all,
                                                   int n);

  std::unique_ptr<Set[]> sets_;
  size_t mask_ = 0;
};

}  // namespace mercato::serving
