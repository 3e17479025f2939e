// Open-addressing (linear probing) id index.
#include "dataset/id_index.h"

#include <functional>

namespace mercato {

size_t IdIndex::Probe(std::string_view key, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const int32_t id = slots_[i];
    if (id == kNone) return i;
    const auto u = static_cast<size_t>(id);
    if (hashes_[u] == hash && keys_[u] == key) return i;
  }
}

void IdIndex::Grow() {
  slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, kNone);
  const size_t mask = slots_.size() - 1;
  for (size_t id = 0; id < keys_.size(); ++id) {
    size_t i = hashes_[id] & mask;
    while (slots_[i] != kNone) i = (i + 1) & mask;
    slots_[i] = static_cast<int32_t>(id);
  }
}

int32_t IdIndex::Add(std::string_view key) {
  if (2 * (keys_.size() + 1) > slots_.size()) Grow();  // load factor <= 1/2
  const uint64_t hash = std::hash<std::string_view>()(key);
  const size_t slot = Probe(key, hash);
  if (slots_[slot] != kNone) return slots_[slot];
  const auto id = static_cast<int32_t>(keys_.size());
  keys_.emplace_back(key);
  hashes_.push_back(hash);
  slots_[slot] = id;
  return id;
}

int32_t IdIndex::Find(std::string_view key) const {
  if (slots_.empty()) return kNone;
  return slots_[Probe(key, std::hash<std::string_view>()(key))];
}

}  // namespace mercato
