// The libcurl easy interface behind HttpClient; the easy handle is reused so that its connection
// cache keeps the connection to the receiver open between messages.
#include "delivery/http_client.h"

#include <curl/curl.h>

#include <mutex>

namespace mercato::delivery {
namespace {

// curl_global_init is not thread-safe: the first client initializes libcurl once.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

HttpClient::HttpClient(std::chrono::milliseconds timeout)
    : handle_(std::make_unique<Handle>()), timeout_(timeout) {
  InitCurlOnce();
  handle_->curl = curl_easy_init();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::Post(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body) {
  CURL* curl = handle_->curl;
  if (curl == nullptr) return Internal("libcurl could not create a handle");
  curl_easy_reset(curl);  // keeps the connection cache
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) {
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      return Internal("out of memory building HTTP headers");
    }
    list = next;
  }
  // libcurl adds "Expect: 100-continue" to large POSTs, which costs a round trip per message.
  list = curl_slist_append(list, "Expect:");
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threads
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  if (rc != CURLE_OK) {
    return IoError("POST " + url + ": " + (error[0] != '\0' ? error : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace mercato::delivery
