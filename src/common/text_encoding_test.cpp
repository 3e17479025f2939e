// Printable UTF-8 ids and UTF-16 files named as such (issue 14 items 14 and 15).
#include "common/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace mercato {
namespace {

TEST(TextEncoding, PrintableUtf8) {
  EXPECT_TRUE(IsPrintableUtf8("user 42 \xC3\xA9"));
  EXPECT_TRUE(IsPrintableUtf8(""));
  EXPECT_FALSE(IsPrintableUtf8("a\tb"));
  EXPECT_FALSE(IsPrintableUtf8("a\x7F"));
  EXPECT_FALSE(IsPrintableUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(IsPrintableUtf8("\xFF"));
}

TEST(TextEncoding, Utf16IsRefusedNamingItsByteOrderMark) {
  EXPECT_TRUE(RefuseUtf16("id,name").ok());
  EXPECT_TRUE(RefuseUtf16("\xEF\xBB\xBFid").ok());
  EXPECT_TRUE(RefuseUtf16("\xFF").ok());
  const Status little = RefuseUtf16("\xFF\xFEi");
  EXPECT_EQ(little.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(little.message().find("UTF-16 (byte order mark FF FE)"), std::string::npos);
  EXPECT_NE(RefuseUtf16(std::string("\xFE\xFF\0i", 4)).message().find("FE FF"), std::string::npos);
}

}  // namespace
}  // namespace mercato
