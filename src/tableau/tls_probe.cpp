#include "tableau/tls_probe.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include "util/strings.hpp"

namespace tabhook::tableau {

Resolution resolve_host(const std::string& host) {
    Resolution out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0) {
        out.error = ::gai_strerror(rc);
        return out;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(found, &::freeaddrinfo);
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
        char text[NI_MAXHOST] = {};
        if (::getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0) continue;
        const std::string address = text;
        if (std::find(out.addresses.begin(), out.addresses.end(), address) == out.addresses.end())
            out.addresses.push_back(address);
    }
    out.ok = !out.addresses.empty();
    if (!out.ok) out.error = "no address";
    return out;
}

TlsPeer probe_tls(const std::string& host, int port, const TlsProbeOptions& options) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    TlsPeer peer;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        peer.error = "curl_easy_init failed";
        return peer;
    }
    const bool ipv6 = host.find(':') != std::string::npos;
    const std::string url = "https://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
    char error_buffer[CURL_ERROR_SIZE] = {};
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L); // the handshake, and no HTTP request
    curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verify ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verify ? 2L : 0L);
    if (options.ca_file && !options.ca_file->empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file->c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        peer.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
        return peer;
    }
    peer.connected = true;
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &info) == CURLE_OK && info != nullptr && info->num_of_certs > 0) {
        for (curl_slist* item = info->certinfo[0]; item != nullptr; item = item->next) {
            const std::string_view line(item->data);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            const auto name = line.substr(0, colon);
            const std::string value(util::trim(line.substr(colon + 1)));
            if (name == "Subject") peer.subject = value;
            if (name == "Issuer") peer.issuer = value;
            if (name == "Expire date") {
                peer.expires = value;
                const time_t when = curl_getdate(value.c_str(), nullptr);
                if (when > 0) peer.expires_epoch = when;
            }
        }
    }
    return peer;
}

} // namespace tabhook::tableau
