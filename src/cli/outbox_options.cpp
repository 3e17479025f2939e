// Registration of the delivery flags shared by `outbox deliver` and `serve`.
#include "cli/outbox_options.h"

#include "cli/secret_source.h"

namespace mercato::cli {

void AddDeliveryOptions(CLI::App* cmd, app::DeliverOutboxOptions& o, DeliverySecretFiles& files,
                        bool with_consent_policy) {
  cmd->add_option("--to", o.to,
                  "Where messages go: webhook (signed POST), klaviyo (Create Event), mandrill "
                  "(Mailchimp Transactional messages/send), csv or jsonl (a file)")
      ->check(CLI::IsMember({"webhook", "klaviyo", "mandrill", "csv", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--endpoint", o.endpoint,
                  "The URL to POST to (webhook: required; klaviyo, mandrill: their API unless "
                  "given, e.g. a test receiver)");
  cmd->add_option("--file", o.file, "csv, jsonl: the file messages are appended to");
  cmd->add_option("--endpoint-secret-file", files.endpoint,
                  "File holding the webhook's signing secret or the provider's API key (default: "
                  "$MERCATO_DELIVERY_SECRET)");
  cmd->add_option("--sender-name", o.sender_name,
                  "The sender every email names (CAN-SPAM, CASL); usually [shop] sender_name");
  cmd->add_option("--sender-email", o.sender_email,
                  "The From address of every email; usually [shop] sender_email");
  cmd->add_option("--postal-address", o.postal_address,
                  "The sender's physical postal address, printed in every email (CAN-SPAM); "
                  "usually [shop] postal_address");
  cmd->add_option("--unsubscribe-url", o.unsubscribe_url,
                  "Where `mercato serve` answers GET /v1/unsubscribe (https://api.shop.example): "
                  "the base of every email's one-click unsubscribe link; usually [shop] "
                  "unsubscribe_url");
  cmd->add_option("--batch", o.batch, "Messages claimed and recorded together")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_option("--max-attempts", o.max_attempts,
                  "Attempts before a failing message is dead (a dead letter)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--retry-base", o.retry_base_seconds,
                  "Seconds before the first retry; each next waits twice as long, less up to "
                  "half of it by jitter")
      ->check(CLI::Range(int64_t{1}, int64_t{86400}))
      ->capture_default_str();
  cmd->add_option("--retry-max", o.retry_max_seconds, "The longest wait between attempts, seconds")
      ->check(CLI::Range(int64_t{1}, int64_t{30 * 86400}))
      ->capture_default_str();
  cmd->add_option("--lease", o.lease_seconds,
                  "Seconds a claimed message is held; a deliverer that dies holding it leaves it "
                  "to be sent again after this")
      ->check(CLI::Range(int64_t{1}, int64_t{86400}))
      ->capture_default_str();
  cmd->add_option("--timeout-ms", o.timeout_ms, "Per HTTP request")
      ->check(CLI::Range(int64_t{1}, int64_t{600000}))
      ->capture_default_str();
  if (with_consent_policy) {
    cmd->add_option("--consent-policy", o.consent_policy,
                    "Consent policy file (docs/consent.md); default: the built-in region rules")
        ->check(CLI::ExistingFile);
  }
}

Status ReadDeliverySecret(app::DeliverOutboxOptions& o, const DeliverySecretFiles& files) {
  ASSIGN_OR_RETURN(o.endpoint_secret,
                   ReadSecret("--endpoint-secret-file", files.endpoint, "MERCATO_DELIVERY_SECRET"));
  return Status::Ok();
}

}  // namespace mercato::cli
