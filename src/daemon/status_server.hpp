#pragma once
// The --listen endpoint, on its own thread: /metrics (Prometheus text format), /healthz (200 while the
// loop is alive), /readyz (200 once the first cycle has completed), and the status page: / (HTML) and
// /status.json.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "daemon/metrics.hpp"
#include "util/result.hpp"

namespace httplib {
class Server;
}

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
    StatusServer() = default;
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
};

} // namespace tabhook::daemon
