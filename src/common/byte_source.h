// Streams the bytes of a file, decompressing zstd or gzip transparently (detected by magic bytes).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace mercato {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` decompressed bytes; 0 means end of stream.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  /// Bytes of the underlying (possibly compressed) input consumed so far.
  virtual uint64_t InputPosition() const = 0;
  /// Size of the underlying input in bytes, 0 when unknown.
  virtual uint64_t InputSize() const = 0;
};

/// Opens `path` ("-" is standard input); zstd and gzip content is decompressed on the fly.
Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path);
/// A source over bytes in memory (tests, fuzzing, request bodies); compressed content is detected
/// as for files.
std::unique_ptr<ByteSource> MemoryByteSource(std::string data);

}  // namespace mercato
