// libFuzzer target: the generic format's order_lines.csv.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFile("generic", "order_lines.csv", data, size);
  return 0;
}
