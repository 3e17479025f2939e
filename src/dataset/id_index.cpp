// Open-addressing (linear probing) id index.
#include "dataset/id_index.h"

#include <algorithm>
#include <functional>

namespace mercato {
namespace {

constexpr size_t kIdIndexBatch = 32;  // lookups whose cache misses overlap

uint64_t IdIndexHash(std::string_view key) { return std::hash<std::string_view>()(key); }

}  // namespace

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

void IdIndex::Prefetch(std::span<const uint64_t> hashes) const {
  if (slots_.empty()) return;
  const size_t mask = slots_.size() - 1;
  for (const uint64_t hash : hashes) __builtin_prefetch(&slots_[hash & mask]);
  for (const uint64_t hash : hashes) {
    const int32_t id = slots_[hash & mask];
    if (id == kNone) continue;
    __builtin_prefetch(&hashes_[static_cast<size_t>(id)]);
    __builtin_prefetch(&keys_[static_cast<size_t>(id)]);
  }
}

int32_t IdIndex::Add(std::string_view key) { return AddHashed(key, IdIndexHash(key)); }

int32_t IdIndex::AddHashed(std::string_view key, uint64_t hash) {
  if (2 * (keys_.size() + 1) > slots_.size()) Grow();  // load factor <= 1/2
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
  return slots_[Probe(key, IdIndexHash(key))];
}

void IdIndex::AddAll(std::span<const std::string_view> keys, std::span<int32_t> ids) {
  uint64_t hashes[kIdIndexBatch];
  for (size_t first = 0; first < keys.size(); first += kIdIndexBatch) {
    const size_t n = std::min(kIdIndexBatch, keys.size() - first);
    for (size_t i = 0; i < n; ++i) hashes[i] = IdIndexHash(keys[first + i]);
    Prefetch({hashes, n});
    for (size_t i = 0; i < n; ++i) ids[first + i] = AddHashed(keys[first + i], hashes[i]);
  }
}

void IdIndex::FindAll(std::span<const std::string_view> keys, std::span<int32_t> ids) const {
  if (slots_.empty()) {
    std::fill(ids.begin(), ids.end(), kNone);
    return;
  }
  uint64_t hashes[kIdIndexBatch];
  for (size_t first = 0; first < keys.size(); first += kIdIndexBatch) {
    const size_t n = std::min(kIdIndexBatch, keys.size() - first);
    for (size_t i = 0; i < n; ++i) hashes[i] = IdIndexHash(keys[first + i]);
    Prefetch({hashes, n});
    for (size_t i = 0; i < n; ++i) ids[first + i] = slots_[Probe(keys[first + i], hashes[i])];
  }
}

}  // namespace mercato
