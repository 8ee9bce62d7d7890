#pragma once
// The real Transport: libcurl easy handles kept in a small pool, so each worker reuses a handle and with
// it a keep-alive connection. TLS verification is always on; redirects are never followed (a redirect
// could lead a request, and its credentials, to a server outside the allowlist).
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tableau/transport.hpp"

namespace tabhook::tableau {

struct CurlOptions {
    std::optional<std::string> cacert; // CA bundle; else SSL_CERT_FILE; else the system store
    std::string user_agent;
    std::size_t max_response_bytes = 256u << 20; // a larger body is an error, not a memory exhaustion
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

} // namespace tabhook::tableau
