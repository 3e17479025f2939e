// File, memory, zstd and gzip byte sources.
#include "common/byte_source.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace mercato {
namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(FILE* f, uint64_t size, bool owned) : f_(f), size_(size), owned_(owned) {}
  ~FileSource() override {
    if (owned_) std::fclose(f_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    const size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) return IoError(std::string("read failed: ") + strerror(errno));
    pos_ += got;
    return got;
  }
  uint64_t InputPosition() const override { return pos_; }
  uint64_t InputSize() const override { return size_; }

 private:
  FILE* f_;
  uint64_t size_;
  bool owned_;
  uint64_t pos_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    const size_t got = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, got);
    pos_ += got;
    return got;
  }
  uint64_t InputPosition() const override { return pos_; }
  uint64_t InputSize() const override { return data_.size(); }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Serves already-read bytes (the magic-number probe) before the rest of the inner source.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      const size_t got = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, got);
      pos_ += got;
      return got;
    }
    return inner_->Read(buf, n);
  }
  uint64_t InputPosition() const override { return inner_->InputPosition(); }
  uint64_t InputSize() const override { return inner_->InputSize(); }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

constexpr size_t kChunk = 1 << 17;

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), stream_(ZSTD_createDStream()), in_buf_(kChunk) {
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  Result<size_t> Read(char* buf, size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        ASSIGN_OR_RETURN(size_t got, inner_->Read(in_buf_.data(), in_buf_.size()));
        if (got == 0) {
          if (!frame_done_) return InvalidArgument("zstd stream is truncated");
          return size_t{0};
        }
        in_ = {in_buf_.data(), got, 0};
      }
      const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(rc)) {
        return InvalidArgument(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
      }
      frame_done_ = (rc == 0);
    }
    return out.pos;
  }
  uint64_t InputPosition() const override { return inner_->InputPosition(); }
  uint64_t InputSize() const override { return inner_->InputSize(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  ZSTD_DStream* stream_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool frame_done_ = true;
};

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_buf_(kChunk) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);
  }
  ~GzipSource() override { inflateEnd(&z_); }
  Result<size_t> Read(char* buf, size_t n) override {
    const size_t cap = std::min<size_t>(n, 1u << 30);
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(cap);
    while (cap > 0 && z_.avail_out == cap) {
      if (z_.avail_in == 0) {
        ASSIGN_OR_RETURN(size_t got, inner_->Read(in_buf_.data(), in_buf_.size()));
        if (got == 0) {
          if (!member_done_) return InvalidArgument("gzip stream is truncated");
          return size_t{0};
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      if (member_done_) {
        inflateReset(&z_);  // a concatenated gzip member follows
        member_done_ = false;
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return InvalidArgument(std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "error"));
      }
    }
    return cap - z_.avail_out;
  }
  uint64_t InputPosition() const override { return inner_->InputPosition(); }
  uint64_t InputSize() const override { return inner_->InputSize(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_buf_;
  z_stream z_;
  bool member_done_ = true;
};

// Wraps `raw` in a decompressor when its first bytes are a zstd or gzip magic number.
Result<std::unique_ptr<ByteSource>> Detect(std::unique_ptr<ByteSource> raw) {
  std::string probe(4, '\0');
  size_t have = 0;
  while (have < probe.size()) {
    ASSIGN_OR_RETURN(size_t got, raw->Read(probe.data() + have, probe.size() - have));
    if (got == 0) break;
    have += got;
  }
  probe.resize(have);
  auto src = std::make_unique<PrefixedSource>(probe, std::move(raw));
  if (have >= 4 && probe == std::string("\x28\xB5\x2F\xFD", 4)) {
    return std::unique_ptr<ByteSource>(std::make_unique<ZstdSource>(std::move(src)));
  }
  if (have >= 2 && probe[0] == '\x1F' && probe[1] == '\x8B') {
    return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(std::move(src)));
  }
  return std::unique_ptr<ByteSource>(std::move(src));
}

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path) {
  if (path == "-") return Detect(std::make_unique<FileSource>(stdin, 0, false));
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return IoError("cannot open " + path + ": " + strerror(errno));
  uint64_t size = 0;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long end = std::ftell(f);
    size = end > 0 ? static_cast<uint64_t>(end) : 0;
    std::fseek(f, 0, SEEK_SET);
  }
  return Detect(std::make_unique<FileSource>(f, size, true));
}

std::unique_ptr<ByteSource> MemoryByteSource(std::string data) {
  auto detected = Detect(std::make_unique<MemorySource>(std::move(data)));
  return std::move(detected).value();  // reading memory cannot fail
}

}  // namespace mercato
