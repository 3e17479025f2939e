// libFuzzer target: Shopify webhook payloads (first byte: topic; the rest: the body).
#include "fuzz/fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mercato::fuzz::FuzzShopifyWebhook(data, size);
  return 0;
}
