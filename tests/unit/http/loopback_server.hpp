#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for CurlTransport tests: each request is answered by a handler
// with raw bytes (or by closing the connection, or by not answering). Keeps connections alive and counts
// them, so connection reuse is observable. Test code only; no TLS.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tabhook::http::testing {

struct ServerRequest {
    std::string head; // request line and headers
    std::string body;
};

struct ServerAction {
    enum class Kind { respond, close, hang } kind = Kind::respond;
    std::string raw; // for respond: the whole HTTP response
};

inline ServerAction http_reply(int status, const std::string& body, const std::string& extra_headers = "") {
    return {ServerAction::Kind::respond, "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                                             std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body};
}

class LoopbackServer {
  public:
    using Handler = std::function<ServerAction(const ServerRequest&)>;

    // `greeting`: bytes sent as soon as a connection is accepted, which is then closed (for protocol errors).
    explicit LoopbackServer(Handler handler, std::string greeting = "")
        : handler_(std::move(handler)), greeting_(std::move(greeting)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(listener_, 16);
        socklen_t len = sizeof addr;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~LoopbackServer() {
        stop_ = true;
        acceptor_.join();
        for (auto& t : workers_) t.join();
        ::close(listener_);
    }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    int connections() const { return connections_.load(); }
    std::vector<ServerRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

  private:
    bool readable(int fd) const {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 20) > 0;
    }
    void accept_loop() {
        while (!stop_) {
            if (!readable(listener_)) continue;
            const int fd = ::accept(listener_, nullptr, nullptr);
            if (fd < 0) continue;
            ++connections_;
            workers_.emplace_back([this, fd] { serve(fd); });
        }
    }
    void serve(int fd) {
        if (!greeting_.empty()) {
            ::send(fd, greeting_.data(), greeting_.size(), MSG_NOSIGNAL);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            ::close(fd);
            return;
        }
        std::string buffer;
        char chunk[4096];
        while (!stop_) {
            const std::size_t end = buffer.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (!readable(fd)) continue;
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n <= 0) break;
                buffer.append(chunk, static_cast<std::size_t>(n));
                continue;
            }
            ServerRequest request{buffer.substr(0, end), ""};
            std::size_t length = 0;
            const std::string lower = [&] {
                std::string s = request.head;
                for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                return s;
            }();
            if (const auto cl = lower.find("content-length:"); cl != std::string::npos)
                length = std::stoul(request.head.substr(cl + 15));
            while (buffer.size() < end + 4 + length && !stop_) {
                if (!readable(fd)) continue;
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n <= 0) break;
                buffer.append(chunk, static_cast<std::size_t>(n));
            }
            request.body = buffer.substr(end + 4, length);
            buffer.erase(0, end + 4 + length);
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(request);
            }
            const ServerAction action = handler_(request);
            if (action.kind == ServerAction::Kind::close) break;
            if (action.kind == ServerAction::Kind::hang) {
                while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
                break;
            }
            ::send(fd, action.raw.data(), action.raw.size(), MSG_NOSIGNAL);
        }
        ::close(fd);
    }

    Handler handler_;
    std::string greeting_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread acceptor_;
    std::vector<std::thread> workers_; // touched by the acceptor thread only, then joined in the destructor
    mutable std::mutex mutex_;
    std::vector<ServerRequest> requests_;
};

} // namespace tabhook::http::testing
