// The campaign export: recipients filtered by consent, lists computed in parallel blocks and
// written in customer order.
#include "recommend_serving/campaign.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/csv_writer.h"
#include "common/text.h"

namespace mercato::serving {
namespace {

struct Recipient {
  std::string id, email;
};

std::string CsvHeader(int k, std::string_view currency) {
  std::string line = "customer_id,email,personalized";
  for (int i = 1; i <= k; ++i) {
    const std::string n = "item_" + std::to_string(i);
    line += "," + n + "_sku," + n + "_title," + n + "_price," + n + "_url";
  }
  // Columns added later go after every earlier one, so existing imports keep their mapping.
  for (int i = 1; i <= k; ++i) line += ",item_" + std::to_string(i) + "_image_url";
  if (!currency.empty()) line += ",currency";  // of the prices, when the store's is known
  return line + "\n";
}

void AppendCsv(std::string& out, const Recipient& r, const RecommendationList& list, int k,
               std::string_view currency) {
  AppendCsvField(out, r.id);
  out += ',';
  AppendCsvField(out, r.email);
  out += list.personalized ? ",true" : ",false";
  for (int i = 0; i < k; ++i) {
    if (static_cast<size_t>(i) >= list.items.size()) {
      out += ",,,,";
      continue;
    }
    const Recommendation& item = list.items[static_cast<size_t>(i)];
    out += ',';
    AppendCsvField(out, item.sku);
    out += ',';
    AppendCsvField(out, item.title);
    out += ',';
    if (item.price) out += FormatMoney(*item.price);  // cents, two decimals
    out += ',';
    AppendCsvField(out, item.url);
  }
  for (int i = 0; i < k; ++i) {
    out += ',';
    if (static_cast<size_t>(i) < list.items.size()) {
      AppendCsvField(out, list.items[static_cast<size_t>(i)].image_url);
    }
  }
  if (!currency.empty()) {
    out += ',';
    AppendCsvField(out, currency);
  }
  out += '\n';
}

void AppendJsonl(std::string& out, const Recipient& r, const RecommendationList& list,
                 std::string_view currency) {
  nlohmann::json items = nlohmann::json::array();
  for (const Recommendation& item : list.items) {
    items.push_back({{"sku", item.sku},
                     {"title", item.title},
                     {"price", item.price ? nlohmann::json(*item.price) : nlohmann::json(nullptr)},
                     {"url", item.url.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.url)},
                     {"reason", item.reason_text},
                     {"image_url", item.image_url.empty() ? nlohmann::json(nullptr)
                                                          : nlohmann::json(item.image_url)}});
  }
  nlohmann::json row{{"customer_id", r.id},
                     {"email", r.email},
                     {"personalized", list.personalized},
                     {"items", std::move(items)}};
  if (!currency.empty()) row["currency"] = currency;
  out += row.dump();
  out += '\n';
}

}  // namespace

Result<CampaignReport> ExportCampaign(const RecommendationService& service,
                                      const Snapshot& customers, const Query& query,
                                      const std::string& out_path, int threads,
                                      const std::function<bool(std::string_view)>& selected,
                                      std::string_view currency) {
  const auto start = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(ValidateFilters(query.filters));
  if (query.k <= 0) return InvalidArgument("k must be at least 1");
  CampaignReport report;
  std::vector<Recipient> recipients;
  for (int32_t c = 0; c < customers.customer_records; ++c) {
    const std::string& id = customers.customers.Key(c);
    const std::string_view email = Trim(customers.customer_email[static_cast<size_t>(c)]);
    ++report.customers;
    if (selected && !selected(id)) {
      ++report.not_selected;
    } else if (email.empty()) {
      ++report.no_email;
    } else if (!service.ledger().Allows(id, privacy::Purpose::kEmailMarketing)) {
      ++report.no_consent;
    } else {
      recipients.push_back({id, std::string(email)});
    }
  }

  const bool jsonl = out_path.ends_with(".jsonl");
  const std::string tmp = out_path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot create " + tmp);
  if (!jsonl) out << CsvHeader(query.k, currency);

  const size_t workers = static_cast<size_t>(
      threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency()));
  constexpr size_t kChunk = 512;
  std::vector<std::string> chunks(workers);
  std::vector<int64_t> personalized(workers);
  std::vector<Status> errors(workers);
  for (size_t block = 0; block < recipients.size(); block += workers * kChunk) {
    auto work = [&](size_t w) {
      chunks[w].clear();
      const size_t begin = std::min(recipients.size(), block + w * kChunk);
      const size_t end = std::min(recipients.size(), begin + kChunk);
      for (size_t i = begin; i < end; ++i) {
        auto result = service.ForUser(recipients[i].id, query);
        if (!result.ok()) {
          errors[w] = result.status();
          return;
        }
        const RecommendationList& list = result.value();
        personalized[w] += list.personalized;
        if (jsonl) {
          AppendJsonl(chunks[w], recipients[i], list, currency);
        } else {
          AppendCsv(chunks[w], recipients[i], list, query.k, currency);
        }
      }
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (std::thread& t : pool) t.join();
    for (const Status& s : errors) {
      if (!s.ok()) {
        out.close();
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return s;
      }
    }
    for (const std::string& chunk : chunks) out << chunk;
  }
  out.close();
  std::error_code ec;
  if (!out) {
    std::filesystem::remove(tmp, ec);
    return IoError("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return IoError("cannot rename " + tmp + " to " + out_path + ": " + ec.message());
  report.recipients = static_cast<int64_t>(recipients.size());
  for (int64_t p : personalized) report.personalized += p;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace mercato::serving
