#include "daemon/status_server.hpp"

#include <sys/socket.h>

#include <charconv>

#include <httplib.h>

#include <fmt/format.h>

namespace tabhook::daemon {

std::optional<ListenAddress> parse_listen(const std::string& text) {
    ListenAddress a;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
        a.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos || text.find(':') != colon) return std::nullopt;
        a.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (a.host.empty() || port.empty()) return std::nullopt;
    int value = -1;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535) return std::nullopt;
    a.port = value;
    return a;
}

Result<std::unique_ptr<StatusServer>> StatusServer::start(const ListenAddress& address, Metrics& metrics,
                                                          Probes probes) {
    std::unique_ptr<StatusServer> s(new StatusServer());
    s->server_ = std::make_unique<httplib::Server>();
    auto& server = *s->server_;
    server.new_task_queue = [] { return new httplib::ThreadPool(2); };
    server.set_keep_alive_max_count(10);
    server.set_read_timeout(5, 0);
    server.set_write_timeout(5, 0);
    server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
        res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server.Get("/healthz", [alive = probes.alive](const httplib::Request&, httplib::Response& res) {
        const bool ok = !alive || alive();
        res.status = ok ? 200 : 503;
        res.set_content(ok ? "ok\n" : "the reconcile loop is not running\n", "text/plain");
    });
    server.Get("/readyz", [ready = probes.ready](const httplib::Request&, httplib::Response& res) {
        const bool ok = !ready || ready();
        res.status = ok ? 200 : 503;
        res.set_content(ok ? "ready\n" : "the first cycle has not completed\n", "text/plain");
    });
    server.Get("/", [page = probes.page](const httplib::Request&, httplib::Response& res) {
        if (!page) {
            res.status = 404;
            return;
        }
        res.set_header("Cache-Control", "no-store");
        res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        res.set_content(page(), "text/html; charset=utf-8");
    });
    server.Get("/status.json", [status = probes.status_json](const httplib::Request&, httplib::Response& res) {
        if (!status) {
            res.status = 404;
            return;
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(status(), "application/json");
    });
    // cpp-httplib sets SO_REUSEPORT by default, which lets a second process bind the same port and take
    // half the scrapes. SO_REUSEADDR only: a restart can rebind at once, a second daemon cannot.
    server.set_socket_options([](socket_t sock) {
        const int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    if (address.port == 0) {
        const int port = server.bind_to_any_port(address.host);
        if (port <= 0) return fail(fmt::format("cannot listen on {}:0", address.host));
        s->port_ = port;
    } else {
        if (!server.bind_to_port(address.host, address.port))
            return fail(
                fmt::format("cannot listen on {}:{} (in use, or not a local address)", address.host, address.port));
        s->port_ = address.port;
    }
    s->thread_ = std::thread([&server] { server.listen_after_bind(); });
    return s;
}

StatusServer::~StatusServer() {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
}

} // namespace tabhook::daemon
