// Dense id assignment.
#include "dataset/id_index.h"

namespace mercato {

int32_t IdIndex::Add(std::string_view key) {
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<int32_t>(keys_.size());
  keys_.emplace_back(key);
  ids_.emplace(keys_.back(), id);
  return id;
}

int32_t IdIndex::Find(std::string_view key) const {
  auto it = ids_.find(key);
  return it == ids_.end() ? kNone : it->second;
}

}  // namespace mercato
