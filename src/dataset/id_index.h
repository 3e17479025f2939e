// Dense integer ids for string keys (customers, SKUs, categories), in insertion order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mercato {

/// An open-addressing hash index from key to dense id: one probe array of ids beside the keys,
/// so a lookup touches one slot and one key (millions of lookups when loading a snapshot).
class IdIndex {
 public:
  static constexpr int32_t kNone = -1;

  /// The dense id of `key`, adding it when new.
  int32_t Add(std::string_view key);
  /// The dense id of `key`, or kNone.
  int32_t Find(std::string_view key) const;
  /// ids[i] = Add(keys[i]) for each i in turn (so new keys get ids in their order); the same
  /// result as the loop, faster on many keys: the cache misses of a batch of lookups overlap
  /// instead of following one another. `ids` has keys.size() elements.
  void AddAll(std::span<const std::string_view> keys, std::span<int32_t> ids);
  /// ids[i] = Find(keys[i]) for each i, with AddAll's overlapping of cache misses.
  void FindAll(std::span<const std::string_view> keys, std::span<int32_t> ids) const;
  const std::string& Key(int32_t id) const { return keys_[static_cast<size_t>(id)]; }
  int32_t size() const { return static_cast<int32_t>(keys_.size()); }

 private:
  // Slot where `key` is, or the empty slot where it would go.
  size_t Probe(std::string_view key, uint64_t hash) const;
  int32_t AddHashed(std::string_view key, uint64_t hash);
  // Asks the memory for the slots (then the ids' keys) that probing these hashes reads first.
  void Prefetch(std::span<const uint64_t> hashes) const;
  void Grow();

  std::vector<std::string> keys_;
  std::vector<uint64_t> hashes_;  // per id
  std::vector<int32_t> slots_;    // id per slot, kNone when empty; size a power of two
};

}  // namespace mercato
