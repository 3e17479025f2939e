// libFuzzer target: the generic format's orders.csv.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFile("generic", "orders.csv", data, size);
  return 0;
}
