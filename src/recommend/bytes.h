// Little binary writer/reader for model serialization: trivially copyable values and vectors of
// them, in host byte order, with bounds-checked reads that fail with a Status.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"

namespace mercato::recommend {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  template <class T>
  void Put(const T& v) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <class T>
  void PutVector(const std::vector<T>& v) {
    static_assert(std::is_arithmetic_v<T>);
    Put<uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  /// A length and the bytes (a nested model, a foreign format's bytes).
  void PutBytes(std::string_view bytes) {
    Put<uint64_t>(bytes.size());
    out_.append(bytes);
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  template <class T>
  Status Get(T& v) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    RETURN_IF_ERROR(Need(sizeof(T)));
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return Status::Ok();
  }
  template <class T>
  Status GetVector(std::vector<T>& v) {
    static_assert(std::is_arithmetic_v<T>);
    uint64_t n = 0;
    RETURN_IF_ERROR(Get(n));
    if (n > (in_.size() - pos_) / sizeof(T)) return Truncated();
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return Status::Ok();
  }
  /// Reads what PutBytes wrote; the view points into the reader's input.
  Status GetBytes(std::string_view& bytes) {
    uint64_t n = 0;
    RETURN_IF_ERROR(Get(n));
    RETURN_IF_ERROR(Need(n));
    bytes = in_.substr(pos_, n);
    pos_ += n;
    return Status::Ok();
  }
  /// Fails unless every byte was read (trailing bytes mean a foreign or newer format).
  Status ExpectEnd() const;

 private:
  Status Need(size_t n) const { return n <= in_.size() - pos_ ? Status::Ok() : Truncated(); }
  static Status Truncated();

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace mercato::recommend
