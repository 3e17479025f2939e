// Tests that zstd and gzip content is detected and streamed, and corrupt input is an error.
#include "common/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

namespace mercato {
namespace {

std::string Drain(ByteSource& src, Status* status) {
  std::string out;
  char buf[7];  // small, to exercise refills
  for (;;) {
    auto got = src.Read(buf, sizeof buf);
    if (!got.ok()) {
      *status = got.status();
      return out;
    }
    if (got.value() == 0) return out;
    out.append(buf, got.value());
  }
}

std::string Text() {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "row " + std::to_string(i) + ",value\n";
  return s;
}

TEST(ByteSource, PlainZstdAndGzip) {
  const std::string text = Text();
  std::string zst(ZSTD_compressBound(text.size()), '\0');
  zst.resize(ZSTD_compress(zst.data(), zst.size(), text.data(), text.size(), 3));
  uLongf gz_len = compressBound(text.size()) + 64;
  std::string gz(gz_len, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);

  for (const std::string& data : {text, zst, gz}) {
    Status status;
    auto src = MemoryByteSource(data);
    EXPECT_EQ(Drain(*src, &status), text);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  // Truncated compressed streams are errors, not silent short reads.
  for (const std::string& data : {zst.substr(0, zst.size() / 2), gz.substr(0, gz.size() / 2)}) {
    Status status;
    auto src = MemoryByteSource(data);
    Drain(*src, &status);
    EXPECT_FALSE(status.ok());
  }
}

TEST(ByteSource, MissingFileNamesPath) {
  auto r = OpenByteSource("/nonexistent/file.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/file.csv"), std::string::npos);
}

}  // namespace
}  // namespace mercato
