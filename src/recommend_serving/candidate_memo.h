// A bounded memo of a model's top candidates per subject. A loaded model ranks a customer's (or
// an item's) candidates the same way every time, so the service asks it once for the first
// kDepth and answers later over-fetches of that subject from memory: the scoring of every item
// and the top-k pass are most of a user recommendation's own work. The memo lives and dies with
// the service that owns it (a model reload starts an empty one); it is direct-mapped, so its
// memory is bounded (slots × kDepth candidates) and a subject may push out another.
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

  /// `slots` is rounded up to a power of two (at least 1).
  explicit CandidateMemo(size_t slots);

  /// Where a memo entry belongs: the model and the subject's dense id.
  static uint64_t Key(recommend::ModelKind model, int32_t subject);

  /// The first `n` of `fetch(kDepth)` for `key`, fetched on the key's first ask (or after it was
  /// pushed out) and remembered; `fetch(n)` itself when n > kDepth. `fetch(m)` must return the
  /// model's top m (fewer when it has fewer), ranked so that its top n is the prefix of its top
  /// m for n <= m (recommend::TopK's order: score, then item id).
  template <class Fetch>
  std::vector<recommend::ScoredItem> Get(uint64_t key, int n, Fetch&& fetch) {
    if (n > kDepth) return fetch(n);
    Slot& slot = slots_[Mix(key) & mask_];
    {
      std::lock_guard lock(slot.mu);
      if (slot.filled && slot.key == key) return Prefix(slot.items, n);
    }
    std::vector<recommend::ScoredItem> all = fetch(kDepth);
    std::vector<recommend::ScoredItem> first = Prefix(all, n);
    std::lock_guard lock(slot.mu);
    slot.key = key;
    slot.filled = true;
    slot.items = std::move(all);
    return first;
  }

 private:
  struct Slot {
    std::mutex mu;
    bool filled = false;
    uint64_t key = 0;
    std::vector<recommend::ScoredItem> items;
  };

  static uint64_t Mix(uint64_t key);
  static std::vector<recommend::ScoredItem> Prefix(const std::vector<recommend::ScoredItem>& all,
                                                   int n);

  std::unique_ptr<Slot[]> slots_;
  size_t mask_ = 0;
};

}  // namespace mercato::serving
