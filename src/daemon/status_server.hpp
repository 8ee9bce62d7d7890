#pragma once
// The --listen endpoint, on its own thread: /metrics (Prometheus text format), /healthz (200 while the
// loop is alive), /readyz (200 once the first cycle has completed), and the status page: / (HTML) and
// /status.json.
//
// It must answer a probe while clients that connect and say nothing, or drip a byte at a time, are
// connected (or systemd and Kubernetes restart a healthy daemon), so it is not a thread pool that such
// clients can occupy: one thread polls every socket, none of them blocking, and serves each request the
// moment its headers are complete. A connection has a deadline set when it is accepted, which bytes do
// not extend: the request headers within 2 s (else it is closed), the response within 10 s more. One
// request per connection (Connection: close); GET and HEAD only; headers at most 8 KiB; at most 64
// connections, the oldest still sending its request closed to make room for a new one.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "daemon/metrics.hpp"
#include "util/result.hpp"

namespace tabhook::daemon {

struct ListenAddress {
    std::string host; // IPv6 without brackets
    int port = 0;     // 0: any free port
};

// "127.0.0.1:9464", "[::1]:9464", "localhost:0".
std::optional<ListenAddress> parse_listen(const std::string& text);

class StatusServer {
  public:
    struct Probes {
        std::function<bool()> alive;
        std::function<bool()> ready;
        std::function<std::string()> page;        // "/": the status page's HTML
        std::function<std::string()> status_json; // "/status.json"
    };
    static Result<std::unique_ptr<StatusServer>> start(const ListenAddress& address, Metrics& metrics, Probes probes);
    ~StatusServer(); // stops and joins
    StatusServer(const StatusServer&) = delete;
    StatusServer& operator=(const StatusServer&) = delete;
    int port() const { return port_; }

  private:
    class Loop;
    StatusServer() = default;
    std::unique_ptr<Loop> loop_;
    std::thread thread_;
    int port_ = 0;
};

} // namespace tabhook::daemon
