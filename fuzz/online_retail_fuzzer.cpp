// libFuzzer target: the online-retail import format.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFormat("online-retail", data, size);
  return 0;
}
