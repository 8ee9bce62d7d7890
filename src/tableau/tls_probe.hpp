#pragma once
// Network checks that send no HTTP request, for `tabhook doctor`: whether a host name resolves, and a TLS
// handshake alone (libcurl CONNECT_ONLY: TCP, ClientHello with the host name, the server's certificate
// chain verified, then the connection is closed). A destination URL's path and query never leave the
// machine, and a receiver gets no request it could act on.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tabhook::tableau {

struct Resolution {
    bool ok = false;
    std::vector<std::string> addresses; // numeric, in resolver order
    std::string error;
};
Resolution resolve_host(const std::string& host);

struct TlsPeer {
    bool connected = false; // TCP and the handshake completed (verified, when verification was asked)
    std::string error;      // libcurl's message when not
    std::string subject;    // the leaf certificate, when it could be read
    std::string issuer;
    std::string expires;         // "Dec  3 12:00:00 2027 GMT"
    long long expires_epoch = 0; // 0 when unknown
};

struct TlsProbeOptions {
    // Which trust store verifies the certificate: a CA file, or libcurl's default (the system store) when
    // empty. `verify` false only reads the certificate (to say what an untrusted server presents).
    std::optional<std::string> ca_file;
    bool verify = true;
    std::chrono::milliseconds timeout{10000};
};
TlsPeer probe_tls(const std::string& host, int port, const TlsProbeOptions& options);

} // namespace tabhook::tableau
