#include "http/curl_transport.hpp"

#include <cstdlib>
#include <memory>

#include <curl/curl.h>

#include "util/strings.hpp"

namespace tabhook::http {

namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Received {
    HttpResponse response;
    std::size_t limit = 0;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* received = static_cast<Received*>(user);
    const std::size_t n = size * count;
    if (received->response.body.size() + n > received->limit) {
        received->too_large = true;
        return 0; // makes curl fail with CURLE_WRITE_ERROR
    }
    received->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* received = static_cast<Received*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    if (line.starts_with("HTTP/")) {
        received->response.headers.clear(); // a new response (after 100 Continue, or a proxy's CONNECT)
        return n;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    received->response.headers.emplace_back(util::to_lower(util::trim(line.substr(0, colon))),
                                            std::string(util::trim(line.substr(colon + 1))));
    return n;
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

TransportError::Kind classify(CURLcode code, bool request_sent) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: return TransportError::Kind::connect_failed;
    case CURLE_OPERATION_TIMEDOUT:
        return request_sent ? TransportError::Kind::timed_out : TransportError::Kind::connect_failed;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return request_sent ? TransportError::Kind::connection_dropped : TransportError::Kind::connect_failed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED: return TransportError::Kind::tls;
    default: return TransportError::Kind::other;
    }
}

} // namespace

CurlTransport::CurlTransport(CurlOptions options) : options_(std::move(options)) {
    global_init();
    // SSL_CERT_FILE is read once, when the transport is made, before any thread sends through it.
    if (options_.cacert) {
        ca_file_ = *options_.cacert;
    } else if (const char* env = std::getenv("SSL_CERT_FILE"); // NOLINT(concurrency-mt-unsafe)
               env != nullptr && *env != '\0') {
        ca_file_ = env;
    }
}

CurlTransport::~CurlTransport() {
    for (void* handle : idle_) curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlTransport::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            void* handle = idle_.back();
            idle_.pop_back();
            return handle;
        }
    }
    return curl_easy_init();
}

void CurlTransport::release(void* handle) {
    {
        std::lock_guard lock(mutex_);
        if (idle_.size() < options_.max_idle_handles) {
            idle_.push_back(handle);
            return;
        }
    }
    curl_easy_cleanup(static_cast<CURL*>(handle));
}

namespace {

using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

void append(HeaderList& headers, const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next != nullptr) {
        (void)headers.release();
        headers.reset(next);
    }
}

// The request's headers, plus the two libcurl would otherwise add on its own.
HeaderList header_list(const HttpRequest& request) {
    HeaderList headers;
    bool has_content_type = false;
    for (const auto& [name, value] : request.headers) {
        std::string line = name;
        line += ": ";
        line += value;
        append(headers, line);
        has_content_type = has_content_type || util::to_lower(name) == "content-type";
    }
    append(headers, "Expect:"); // no 100-continue round trip for small JSON bodies
    // libcurl labels every POST application/x-www-form-urlencoded unless told otherwise: a request without
    // a body (sign-out) has no type at all.
    if (!has_content_type && (request.method == "POST" || request.method == "PUT")) append(headers, "Content-Type:");
    return headers;
}

// What every exchange shares: TLS always verified, no redirects, timeouts, and where the answer goes.
void set_common_options(CURL* curl, const HttpRequest& request, const std::string& ca_file,
                        const std::string& user_agent, Received& received, char* error_buffer) {
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    if (!user_agent.empty()) curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
}

// The method and body, and how the connection may be reused.
void set_method_options(CURL* curl, const HttpRequest& request) {
    if (request.method != "GET") {
        // A write goes on a fresh connection: on a reused keep-alive connection that dies before any
        // response byte, libcurl silently sends the request again on a new one. For a write whose
        // response was lost after the server acted, that would create a second webhook (or turn a
        // delete that happened into a 404).
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        // And it is closed after: otherwise each write leaves one more idle keep-alive connection in the
        // handle's cache, and with many workers the server's connection slots fill with idle sockets.
        curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
    }
    curl_easy_setopt(curl, CURLOPT_MAXCONNECTS, 2L);
    if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "POST" || request.method == "PUT") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
        if (request.method == "PUT") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
}

// A failed exchange, classified for the retry policy.
TransportError failure(CURL* curl, CURLcode code, const Received& received, std::size_t max_response_bytes,
                       const char* error_buffer) {
    long request_size = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_size);
    TransportError error;
    error.kind = received.too_large ? TransportError::Kind::other : classify(code, request_size > 0);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    error.partial = status != 0 || !received.response.body.empty();
    if (received.too_large)
        error.message = "response larger than " + std::to_string(max_response_bytes) + " bytes";
    else
        error.message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return error;
}

} // namespace

tl::expected<HttpResponse, TransportError> CurlTransport::send(const HttpRequest& request) {
    CURL* curl = static_cast<CURL*>(acquire());
    if (curl == nullptr)
        return tl::unexpected(TransportError{TransportError::Kind::other, false, "curl_easy_init failed"});
    // Give the handle back on every path; its connection cache survives curl_easy_reset.
    struct Lease {
        CurlTransport* owner;
        CURL* handle;
        ~Lease() {
            curl_easy_reset(handle); // drop pointers to this call's buffers; connections stay cached
            owner->release(handle);
        }
    } lease{this, curl};

    Received received;
    received.limit = options_.max_response_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {};
    const HeaderList headers = header_list(request);
    set_common_options(curl, request, ca_file_, options_.user_agent, received, error_buffer);
    set_method_options(curl, request);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK)
        return tl::unexpected(failure(curl, code, received, options_.max_response_bytes, error_buffer));
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    received.response.status = static_cast<int>(status);
    return std::move(received.response);
}

} // namespace tabhook::http
