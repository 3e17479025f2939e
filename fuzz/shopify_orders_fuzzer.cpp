// libFuzzer target: the shopify-orders import format.
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzImportFormat("shopify-orders", data, size);
  return 0;
}
