// Test support for end-to-end tests of the `mercato` executable: run it, capture its output.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mercato::testing {

struct CliRun {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string out;  // standard output
  std::string err;  // standard error
};

/// A fresh, empty directory for the running test, holding an empty `store` folder for the files
/// a test imports.
std::string CliTestDir();

/// The path of the mercato binary under test.
std::string MercatoBinary();

/// Runs the mercato binary under test with `args` (a shell fragment, so quotes and redirections
/// work) and waits for it.
CliRun Mercato(const std::string& args);

/// The bytes of the file at `path`, or "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

/// The CSV file at `path` as its header's names and one map of named fields per row; a test
/// failure when it cannot be read.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};
CsvTable ReadCsvTable(const std::string& path);

}  // namespace mercato::testing
