// The main of every test binary: each process gets a temporary folder of its own (TEST_TMPDIR,
// which ::testing::TempDir() reads), removed when the tests end. ctest runs tests in parallel
// and two clones may run at once, so a fixed name under /tmp would be shared between processes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

int main(int argc, char** argv) {
  std::error_code error;
  std::string base = std::filesystem::temp_directory_path(error).string();  // $TMPDIR or /tmp
  if (error) base = "/tmp";                            // $TMPDIR names no folder
  std::string folder = base + "/mercato-test-XXXXXX";  // mkdtemp fills in the Xs
  if (mkdtemp(folder.data()) == nullptr) {
    std::perror("mkdtemp");
    return 2;
  }
  setenv("TEST_TMPDIR", folder.c_str(), 1);
  ::testing::InitGoogleTest(&argc, argv);
  const int result = RUN_ALL_TESTS();
  std::filesystem::remove_all(folder, error);
  return result;
}
