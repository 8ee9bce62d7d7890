#pragma once
// The real Transport: libcurl easy handles kept in a small pool, so each worker reuses a handle and with
// it a keep-alive connection. TLS verification is always on; redirects are never followed (a redirect
// could lead a request, and its credentials, to a server outside the allowlist).
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "http/transport.hpp"

namespace tabhook::http {

// The largest response tabhook accepts. Tableau documents no pagination for webhooks, so one list
// response may hold every webhook of a site: the cap is sized for 100,000 of them in one body. A webhook
// in Tableau's XML is about 600 bytes with a 40-character name and a 100-character URL (both ids, owner,
// event attribute and element, isEnabled, statusChangeReason, createdAt/updatedAt, markup); JSON is about
// the same. 1 KiB per webhook leaves room for long names, URLs and reasons:
// 100,000 x 1 KiB = 100,000 KiB (97.7 MiB), plus 64 KiB for the envelope and pagination.
// (It was 256 MiB; with the decoders' shape limits, a body at the cap parses within a few hundred MB.)
inline constexpr std::size_t kMaxResponseBytes = 100'000 * 1024 + 64 * 1024;

struct CurlOptions {
    std::optional<std::string> cacert; // CA bundle; else SSL_CERT_FILE; else the system store
    std::string user_agent;
    std::size_t max_response_bytes = kMaxResponseBytes; // a larger body is an error, not a memory exhaustion
    std::size_t max_idle_handles = 16;
};

class CurlTransport final : public Transport {
  public:
    explicit CurlTransport(CurlOptions options);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    tl::expected<HttpResponse, TransportError> send(const HttpRequest& request) override;

  private:
    void* acquire(); // a CURL*, idle or new
    void release(void* handle);

    CurlOptions options_;
    std::string ca_file_; // resolved once: options, then SSL_CERT_FILE, else empty (system default)
    std::mutex mutex_;
    std::vector<void*> idle_;
};

} // namespace tabhook::http
