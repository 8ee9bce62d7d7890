#include "daemon/status_server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <list>
#include <utility>
#include <vector>

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

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kMaxConnections = 64;
constexpr std::size_t kMaxRequestBytes = std::size_t{8} * 1024;
constexpr auto kRequestDeadline = std::chrono::seconds(2);
constexpr auto kResponseDeadline = std::chrono::seconds(10);

struct Response {
    int status = 200;
    std::string type = "text/plain";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

Response text(int status, std::string body) { return Response{status, "text/plain", std::move(body), {}}; }

const char* reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    }
    return "Unknown";
}

std::string serialise(const Response& r, bool with_body) {
    std::string out = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                                  r.status, reason(r.status), r.type, r.body.size());
    for (const auto& [name, value] : r.headers) out += fmt::format("{}: {}\r\n", name, value);
    out += "\r\n";
    if (with_body) out += r.body;
    return out;
}

// Where the request headers end ("\r\n\r\n", or "\n\n" from a lenient client), or npos.
std::size_t headers_end(const std::string& in) {
    const auto crlf = in.find("\r\n\r\n");
    const auto lf = in.find("\n\n");
    return std::min(crlf == std::string::npos ? crlf : crlf + 4, lf == std::string::npos ? lf : lf + 2);
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

} // namespace

class StatusServer::Loop {
  public:
    Loop(Metrics& metrics, StatusServer::Probes probes) : metrics_(metrics), probes_(std::move(probes)) {}
    ~Loop() {
        for (auto& c : connections_) close_fd(c.fd);
        close_fd(listen_fd_);
        close_fd(wake_[0]);
        close_fd(wake_[1]);
    }
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    // Binds and listens; the port actually bound (for port 0), or an error.
    Result<int> listen(const ListenAddress& address) {
        if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) return fail("cannot create the status server's pipe");
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(address.port);
        if (::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
            return fail(fmt::format("cannot listen on {}:{} (not a local address)", address.host, address.port));
        for (auto* a = found; a && listen_fd_ < 0; a = a->ai_next) {
            listen_fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
            if (listen_fd_ < 0) continue;
            // SO_REUSEADDR, never SO_REUSEPORT (which would let a second daemon bind the port and take half
            // the scrapes): a restart can rebind at once, a second daemon cannot.
            const int yes = 1;
            ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
            if (::bind(listen_fd_, a->ai_addr, a->ai_addrlen) != 0 ||
                ::listen(listen_fd_, static_cast<int>(kMaxConnections)) != 0)
                close_fd(listen_fd_);
        }
        ::freeaddrinfo(found);
        if (listen_fd_ < 0)
            return fail(
                fmt::format("cannot listen on {}:{} (in use, or not a local address)", address.host, address.port));
        sockaddr_storage bound{};
        socklen_t length = sizeof(bound);
        if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length) != 0)
            return fail(fmt::format("cannot listen on {}:{}", address.host, address.port));
        return bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                           : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    }

    void stop() {
        const char byte = 1;
        [[maybe_unused]] const auto n = ::write(wake_[1], &byte, 1);
    }

    void run() {
        std::vector<pollfd> fds;
        for (;;) {
            fds.clear();
            fds.push_back({wake_[0], POLLIN, 0});
            fds.push_back({listen_fd_, POLLIN, 0});
            for (const auto& c : connections_)
                fds.push_back({c.fd, static_cast<short>(c.responding ? POLLOUT : POLLIN), 0});
            const auto now = SteadyClock::now();
            auto next = now + std::chrono::seconds(60);
            for (const auto& c : connections_) next = std::min(next, c.deadline);
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1;
            const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(wait, 0)));
            if (ready < 0 && errno != EINTR) return;
            if (ready > 0 && fds[0].revents) return; // stop()
            // Serve the connections polled (those accepted below wait for the next round), then drop the
            // ones past their deadline, then accept.
            auto it = connections_.begin();
            for (std::size_t i = 2; i < fds.size() && it != connections_.end(); ++i, ++it)
                if (fds[i].revents) serve(*it);
            const auto after = SteadyClock::now();
            connections_.remove_if([&](Connection& c) {
                if (c.fd >= 0 && after < c.deadline) return false;
                close_fd(c.fd);
                return true;
            });
            if (ready > 0 && fds[1].revents) accept_all();
        }
    }

  private:
    struct Connection {
        int fd = -1; // -1 once finished: removed after this round
        SteadyClock::time_point deadline;
        std::string in;
        std::string out;
        std::size_t sent = 0;
        bool responding = false;
    };

    void accept_all() {
        for (;;) {
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED) continue;
                return; // EAGAIN: none left; EMFILE and the like: try again next round
            }
            if (connections_.size() >= kMaxConnections) make_room();
            connections_.push_back(Connection{fd, SteadyClock::now() + kRequestDeadline, {}, {}, 0, false});
        }
    }

    // Full: the oldest connection still sending its request goes (a probe sends its request at once,
    // so the ones left waiting are the idle and the slow); failing that, the oldest of all.
    void make_room() {
        auto victim =
            std::find_if(connections_.begin(), connections_.end(), [](const auto& c) { return !c.responding; });
        if (victim == connections_.end()) victim = connections_.begin();
        close_fd(victim->fd);
        connections_.erase(victim);
    }

    void serve(Connection& c) {
        if (c.responding) {
            send_some(c);
            return;
        }
        char buffer[4096];
        bool more = true; // false: the client has finished sending (it may still read the answer)
        for (;;) {
            const ssize_t n = ::recv(c.fd, buffer, sizeof(buffer), 0);
            if (n > 0) {
                c.in.append(buffer, static_cast<std::size_t>(n));
                if (c.in.size() > kMaxRequestBytes) break;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            more = false;
            break;
        }
        const auto end = headers_end(c.in);
        if (end == std::string::npos && c.in.size() <= kMaxRequestBytes) {
            if (!more) close_fd(c.fd); // closed before a whole request
            return;                    // else more to come, within the deadline
        }
        bool with_body = true;
        // npos (no end of headers within kMaxRequestBytes) is larger too
        const Response r =
            end > kMaxRequestBytes ? text(431, "request headers too large\n") : respond(c.in.substr(0, end), with_body);
        c.out = serialise(r, with_body);
        c.in.clear();
        c.responding = true;
        c.deadline = SteadyClock::now() + kResponseDeadline;
        send_some(c);
    }

    void send_some(Connection& c) {
        while (c.sent < c.out.size()) {
            const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
            if (n > 0) {
                c.sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return; // POLLOUT again
            break;
        }
        // Done (or the client went away). Read what the client may still have sent, so that closing does not
        // reset the connection before it has read the response.
        ::shutdown(c.fd, SHUT_WR);
        char buffer[1024];
        while (::recv(c.fd, buffer, sizeof(buffer), 0) > 0) {
        }
        close_fd(c.fd);
    }

    // The response to a request (its request line and headers).
    Response respond(const std::string& head, bool& with_body) {
        auto line = head.substr(0, head.find('\n'));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto first = line.find(' ');
        const auto last = line.rfind(' ');
        if (first == std::string::npos || first == last || line.compare(last + 1, 7, "HTTP/1.") != 0)
            return text(400, "bad request\n");
        const std::string method = line.substr(0, first);
        const std::string target = line.substr(first + 1, last - first - 1);
        if (method != "GET" && method != "HEAD") {
            Response r = text(405, "GET or HEAD only\n");
            r.headers.emplace_back("Allow", "GET, HEAD");
            return r;
        }
        with_body = method == "GET";
        try {
            return route(target.substr(0, target.find('?')));
        } catch (const std::exception&) { // a renderer's bug must not end the endpoint
            return text(500, "internal error\n");
        }
    }

    Response route(const std::string& path) {
        if (path == "/metrics") return Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render(), {}};
        if (path == "/healthz") {
            const bool ok = !probes_.alive || probes_.alive();
            return text(ok ? 200 : 503, ok ? "ok\n" : "the reconcile loop is not running\n");
        }
        if (path == "/readyz") {
            const bool ok = !probes_.ready || probes_.ready();
            return text(ok ? 200 : 503, ok ? "ready\n" : "the first cycle has not completed\n");
        }
        if (path == "/" && probes_.page)
            return Response{200,
                            "text/html; charset=utf-8",
                            probes_.page(),
                            {{"Cache-Control", "no-store"},
                             {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"}}};
        if (path == "/status.json" && probes_.status_json)
            return Response{200, "application/json", probes_.status_json(), {{"Cache-Control", "no-store"}}};
        return text(404, "not found\n");
    }

    Metrics& metrics_;
    StatusServer::Probes probes_;
    int listen_fd_ = -1;
    int wake_[2] = {-1, -1};
    std::list<Connection> connections_; // oldest first
};

Result<std::unique_ptr<StatusServer>> StatusServer::start(const ListenAddress& address, Metrics& metrics,
                                                          Probes probes) {
    std::unique_ptr<StatusServer> s(new StatusServer());
    s->loop_ = std::make_unique<Loop>(metrics, std::move(probes));
    auto port = s->loop_->listen(address);
    if (!port) return tl::unexpected(port.error());
    s->port_ = *port;
    s->thread_ = std::thread([loop = s->loop_.get()] { loop->run(); });
    return s;
}

StatusServer::~StatusServer() {
    if (loop_) loop_->stop();
    if (thread_.joinable()) thread_.join();
}

} // namespace tabhook::daemon
