// The table of files cmake/embed_files.cmake generates from the web build's output folder: each
// file's bytes, its gzip-compressed bytes and its ETag. Read through web/assets.h.
#pragma once

#include <cstddef>

namespace mercato::web {

struct EmbeddedFile {
  const char* name;
  const unsigned char* body;
  size_t body_size;
  const unsigned char* gzip_body;
  size_t gzip_size;
  const char* etag;  // quoted, e.g. "\"3f2a...\"" (the first 128 bits of the body's SHA-256)
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const size_t kEmbeddedFileCount;

}  // namespace mercato::web
