// The delivery flags `outbox deliver` and `serve` share, declared once from
// app::DeliverOutboxOptions; the secrets come from files or the environment, never the command
// line.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/outbox_actions.h"

namespace mercato::cli {

/// The files the delivery secrets are read from (else MERCATO_DELIVERY_SECRET and
/// MERCATO_TOKEN_SECRET).
struct DeliverySecretFiles {
  std::string endpoint;
  std::string token;  // serve registers --token-secret-file itself; outbox deliver here
};

/// Adds --to, --endpoint, --file, --endpoint-secret-file, the sender's [shop] settings
/// (--sender-name, --sender-email, --postal-address, --unsubscribe-url), the retry settings and
/// --consent-policy (unless `with_consent_policy` is false: serve has its own) to `cmd`.
void AddDeliveryOptions(CLI::App* cmd, app::DeliverOutboxOptions& options,
                        DeliverySecretFiles& files, bool with_consent_policy);

/// Reads the endpoint secret into `options` (from files.endpoint, else MERCATO_DELIVERY_SECRET).
Status ReadDeliverySecret(app::DeliverOutboxOptions& options, const DeliverySecretFiles& files);

}  // namespace mercato::cli
