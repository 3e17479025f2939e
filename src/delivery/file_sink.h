// The file destinations of the deliverer: one CSV row or one JSON line per message, appended and
// flushed to disk before the message counts as delivered, never twice for one message id.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "delivery/sink.h"

namespace mercato::delivery {

enum class FileFormat { kCsv, kJsonl };

/// The CSV columns, in order (the header row of a new file).
inline constexpr std::string_view kOutboxCsvColumns[] = {
    "id",          "journey_id", "step_id",     "customer_id",  "email",          "name",
    "purpose",     "created_at", "sender_name", "sender_email", "postal_address", "unsubscribe_url",
    "payload_json"};

/// Opens (creating when missing) the file at `path` for appending messages: a JSONL line is
/// DeliveryDocument; a CSV row has kOutboxCsvColumns (payload_json compact JSON). Every record
/// is one physical line (line breaks inside text fields become spaces). The ids already in the
/// file are read first, and a message whose id is among them is answered delivered without
/// writing, so a retry after a crash between the write and the outbox's update adds no second
/// line. A last line without its line end (a write cut short by a crash) is removed first.
/// A batch's lines are written together and fsync'ed before they count as delivered; when the
/// write or the fsync fails, the file is cut back and the batch is retried. IoError naming the
/// file when it cannot be opened or read, InvalidArgument when a CSV file has another header.
Result<std::unique_ptr<Sink>> OpenFileSink(const std::string& path, FileFormat format,
                                           SenderIdentity sender);

}  // namespace mercato::delivery
