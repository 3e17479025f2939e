// Dense integer ids for string keys (customers, SKUs, categories), in insertion order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mercato {

class IdIndex {
 public:
  static constexpr int32_t kNone = -1;

  /// The dense id of `key`, adding it when new.
  int32_t Add(std::string_view key);
  /// The dense id of `key`, or kNone.
  int32_t Find(std::string_view key) const;
  const std::string& Key(int32_t id) const { return keys_[static_cast<size_t>(id)]; }
  int32_t size() const { return static_cast<int32_t>(keys_.size()); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> keys_;
};

}  // namespace mercato
