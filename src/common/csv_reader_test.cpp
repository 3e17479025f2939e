// Tests of the CSV reader: RFC 4180 quoting, BOM, CRLF, line numbers, limits, recovery.
#include "common/csv_reader.h"

#include <gtest/gtest.h>

namespace mercato {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string data, CsvOptions options = {}) {
  CsvReader reader(MemoryByteSource(std::move(data)), options);
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto next = reader.Next();
    if (!next.ok()) {
      rows.push_back({"ERROR:" + next.status().message()});
      continue;
    }
    if (!next.value()) break;
    rows.emplace_back(reader.fields().begin(), reader.fields().end());
  }
  return rows;
}

TEST(CsvReader, QuotingBomAndLineEndings) {
  auto rows = ReadAll("\xEF\xBB\xBFid,text\r\n1,\"a, \"\"quoted\"\"\r\nline\"\r\n\r\n2,plain\n3,");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][1], "a, \"quoted\"\r\nline");
  EXPECT_EQ(rows[2][1], "plain");
  ASSERT_EQ(rows[3].size(), 2u);
  EXPECT_EQ(rows[3][1], "");
}

TEST(CsvReader, ReportsPhysicalLines) {
  CsvReader reader(MemoryByteSource("h\n\"a\nb\"\n\nc\n"), {});
  std::vector<uint64_t> lines;
  while (reader.Next().value()) lines.push_back(reader.line());
  EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 5}));
}

TEST(CsvReader, UnterminatedQuoteIsAnError) {
  auto rows = ReadAll("a,\"never closed\nmore");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0][0].find("unterminated"), std::string::npos);
}

TEST(CsvReader, OversizedFieldIsSkippedWithBoundedMemory) {
  CsvOptions options;
  options.max_field_bytes = 8;
  auto rows = ReadAll("ok,1\n" + std::string(100, 'x') + ",2\nok,3\n", options);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(rows[1][0].find("longer than 8 bytes"), std::string::npos);
  EXPECT_EQ(rows[2][1], "3");
}

TEST(CsvReader, BrokenStreamIsReportedOnceThenEnds) {
  std::string zst = std::string("\x28\xB5\x2F\xFD") + std::string(64, '\x11');  // garbage frame
  CsvReader reader(MemoryByteSource(zst), {});
  EXPECT_FALSE(reader.failed());
  EXPECT_FALSE(reader.Next().ok());
  EXPECT_TRUE(reader.failed());  // the input failed, not one record (issue 14 item 12)
  auto next = reader.Next();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next.value());
}

// A malformed record is the record's problem: failed() stays false and reading goes on.
TEST(CsvReader, RecordErrorsAreNotInputFailures) {
  CsvReader reader(MemoryByteSource("a,\"b\nc"), {});
  EXPECT_FALSE(reader.Next().ok());
  EXPECT_FALSE(reader.failed());
}

// Regression (issue 14 item 15): UTF-16 files read as garbage headers; the cause is named.
TEST(CsvReader, Utf16IsRefusedNamingIt) {
  for (const std::string& bom : {std::string("\xFF\xFE", 2), std::string("\xFE\xFF", 2)}) {
    CsvReader reader(MemoryByteSource(bom + std::string("a\0,\0b\0", 6)), {});
    auto next = reader.Next();
    ASSERT_FALSE(next.ok());
    EXPECT_NE(next.status().message().find("UTF-16"), std::string::npos);
    EXPECT_TRUE(reader.failed());
  }
}

TEST(CsvReader, TabDelimiterAndTooManyFields) {
  CsvOptions options;
  options.delimiter = '\t';
  options.max_fields = 3;
  auto rows = ReadAll("a\tb\nx\ty\tz\tw\n", options);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1], "b");
  EXPECT_NE(rows[1][0].find("more than 3 fields"), std::string::npos);
}

}  // namespace
}  // namespace mercato
