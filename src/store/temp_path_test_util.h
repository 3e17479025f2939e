// Test support for the store tests: a database path in the test's temporary folder, with no
// file (nor WAL or shared-memory file) left from an earlier run.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace mercato::testing {

/// ::testing::TempDir()/name, after removing that file and its -wal and -shm companions.
inline std::string FreshPath(const std::string& name) {
  const std::string path = ::testing::TempDir() + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

}  // namespace mercato::testing
