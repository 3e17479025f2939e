// libFuzzer target: the interactions import format.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFormat("interactions", data, size);
  return 0;
}
