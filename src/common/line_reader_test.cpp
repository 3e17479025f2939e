// Tests of line splitting, CRLF, BOM and the line-length bound.
#include "common/line_reader.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

TEST(LineReader, SplitsLinesAndReportsTooLong) {
  LineReader reader(MemoryByteSource("\xEF\xBB\xBF"
                                     "a\r\n" +
                                     std::string(50, 'x') + "\nb\n\nc"),
                    10);
  std::vector<std::string> got;
  for (;;) {
    auto next = reader.Next();
    if (!next.ok()) {
      got.push_back("ERR@" + std::to_string(reader.number()));
      continue;
    }
    if (!next.value()) break;
    got.push_back(reader.line());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"a", "ERR@2", "b", "", "c"}));
}

// A broken stream and a UTF-16 file are input failures, not line errors (issue 14 items 12, 15).
TEST(LineReader, InputFailuresAreFlagged) {
  LineReader broken(MemoryByteSource(std::string("\x28\xB5\x2F\xFD") + std::string(64, '\x11')),
                    100);
  EXPECT_FALSE(broken.Next().ok());
  EXPECT_TRUE(broken.failed());
  LineReader utf16(MemoryByteSource(std::string("\xFF\xFE{\0}\0", 6)), 100);
  auto next = utf16.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("UTF-16"), std::string::npos);
  EXPECT_TRUE(utf16.failed());
  LineReader too_long(MemoryByteSource(std::string(50, 'x') + "\n"), 10);
  EXPECT_FALSE(too_long.Next().ok());
  EXPECT_FALSE(too_long.failed());
}

}  // namespace
}  // namespace mercato
