// Fuzz entry points: arbitrary bytes into the CSV reader and importers; abort on broken invariants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mercato::fuzz {

/// A broken invariant or a failed fixture step: says which fuzzer and what, then aborts so the
/// fuzzer records the input.
[[noreturn]] void Die(std::string_view fuzzer, const std::string& what);

/// Reads `data` as CSV with several option sets (comma, tab, tiny field and record limits), whole
/// and in small chunks; checks that chunking changes nothing, that the limits hold, that line
/// numbers stay within the input and that what was read writes back as the same records.
void FuzzCsvReader(const uint8_t* data, size_t size);

/// Imports `data` as the file `file_name` in `format`, strict and then lenient, into a shared
/// in-memory store. Checks the report's accounting (rows read = imported + excluded + skipped,
/// one error per skipped row, line numbers within the input), that strict and lenient agree,
/// that the report renders as JSON, and that every entity written is complete and clean UTF-8.
/// Does nothing while `format` is not registered.
void FuzzImportFile(std::string_view format, std::string_view file_name, const uint8_t* data,
                    size_t size);

/// FuzzImportFile for a single-file format (the input is named input.csv).
void FuzzImportFormat(std::string_view format, const uint8_t* data, size_t size);

/// FuzzImportFile for the generic format's events.jsonl.
void FuzzJsonlEvents(const uint8_t* data, size_t size);

/// Parses `data` as a Shopify webhook: the first byte picks the topic, the rest is the body.
/// Checks that the parse never crashes, that a refusal is an InvalidArgument naming a JSON path
/// ("$..."), that parsing again gives the same outcome, and that everything it yields can be
/// written to a store (complete, clean UTF-8, children after their parents).
void FuzzShopifyWebhook(const uint8_t* data, size_t size);

/// Parses `data` as an API request (first byte: which key to send, if any; then "METHOD TARGET",
/// header lines, a blank line and the body) and answers it through server::Api on a small
/// trained store. Checks the status is an HTTP status, JSON bodies parse, and errors carry
/// {"error": {"code", "message"}}.
void FuzzApiRequest(const uint8_t* data, size_t size);

/// Feeds `data` (after its first byte, which picks a piece size of 1-64) as a connection's
/// stream to the HTTP front end's request parser, whole and in pieces. Checks that both give the
/// same requests and the same refusal, that a refusal is 400/413/417/431 with a JSON error and
/// closes the connection, and that accepted requests have a method, a '/' path, lower-case
/// header names and a body within the limit.
void FuzzHttpRequest(const uint8_t* data, size_t size);

/// A fuzz target: `name` names its fuzzer (<name>_fuzzer), its seed corpus (fuzz/corpus/<name>/)
/// and its crashers (fuzz/regressions/<name>/).
struct FuzzTarget {
  std::string_view name;
  std::string_view format;  // the import format it covers; empty for the CSV reader
  void (*run)(const uint8_t* data, size_t size);
};

/// Every fuzz target.
const std::vector<FuzzTarget>& FuzzTargets();

}  // namespace mercato::fuzz
