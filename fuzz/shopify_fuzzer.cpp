// libFuzzer target: the shopify import format (an export told by its header).
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFormat("shopify", data, size);
  return 0;
}
