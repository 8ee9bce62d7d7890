// The daemon's narrow effects: the notify socket, the instance lock, the metrics text, the status server.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <httplib.h>

#include "util/atomic_file.hpp"
#include "daemon/instance_lock.hpp"
#include "daemon/metrics.hpp"
#include "daemon/sd_notify.hpp"
#include "daemon/status_server.hpp"

using namespace tabhook::daemon;

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/tabhook-daemon-test.XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    REQUIRE(d);
    return d;
}

int bind_datagram(const std::string& path, bool abstract) {
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::size_t len = 0;
    if (abstract) {
        addr.sun_path[0] = '\0';
        std::memcpy(addr.sun_path + 1, path.data(), path.size());
        len = offsetof(sockaddr_un, sun_path) + 1 + path.size();
    } else {
        std::memcpy(addr.sun_path, path.data(), path.size());
        len = offsetof(sockaddr_un, sun_path) + path.size() + 1;
    }
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), static_cast<socklen_t>(len)) == 0);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

std::string receive(int fd) {
    char buf[512];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

} // namespace

TEST_CASE("notifications reach a socket path and an abstract socket") {
    const auto dir = temp_dir();
    const int fd = bind_datagram(dir + "/notify", false);
    SdNotifier path_notifier(dir + "/notify");
    path_notifier.notify("READY=1");
    CHECK(receive(fd) == "READY=1");
    CHECK(path_notifier.last_error().empty());
    ::close(fd);

    const std::string name = "tabhook-test-" + std::to_string(::getpid());
    const int afd = bind_datagram(name, true);
    SdNotifier abstract_notifier("@" + name);
    abstract_notifier.notify("STATUS=ok");
    CHECK(receive(afd) == "STATUS=ok");
    ::close(afd);
    std::filesystem::remove_all(dir);
}

TEST_CASE("without NOTIFY_SOCKET notifications are dropped quietly") {
    SdNotifier none("");
    CHECK_FALSE(none.enabled());
    none.notify("READY=1");
    CHECK(none.last_error().empty());
}

TEST_CASE("the watchdog period is half of WATCHDOG_USEC, for this process only") {
    ::setenv("WATCHDOG_USEC", "2000000", 1);
    ::unsetenv("WATCHDOG_PID");
    CHECK(watchdog_period_from_env() == std::chrono::microseconds(1'000'000));
    ::setenv("WATCHDOG_PID", "1", 1);
    CHECK_FALSE(watchdog_period_from_env());
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    CHECK(watchdog_period_from_env());
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    CHECK_FALSE(watchdog_period_from_env());
}

TEST_CASE("a second instance on the same manifests is refused until the first one ends") {
    const auto dir = temp_dir();
    const EnvLookup env = [&](const std::string& k) -> std::optional<std::string> {
        if (k == "RUNTIME_DIRECTORY") return dir;
        return std::nullopt;
    };
    {
        auto first = InstanceLock::acquire({"/some/manifests"}, env);
        REQUIRE(first);
        CHECK(first->path().rfind(dir + "/tabhook-run-", 0) == 0);
        auto second = InstanceLock::acquire({"/some/manifests/"}, env);
        REQUIRE_FALSE(second);
        CHECK(second.error().message.find("already running") != std::string::npos);
        CHECK(second.error().message.find(std::to_string(::getpid())) != std::string::npos);
        CHECK(InstanceLock::acquire({"/other/manifests"}, env));
    }
    CHECK(InstanceLock::acquire({"/some/manifests"}, env));
    std::filesystem::remove_all(dir);
}

TEST_CASE("metrics render in the Prometheus text format, without URLs") {
    Metrics m;
    m.set_up(true);
    m.set_drift("marketing", {{"changed", 2}});
    m.set_site_ok("marketing", true);
    m.set_last_success("marketing", 1700000000.5);
    m.observe_cycle(0.25, true);
    m.count_api_request("marketing", "GET", "200");
    m.count_api_request("marketing", "GET", "200");
    m.count_receiver_test("marketing", "failed");
    m.count_reenable_suppressed("marketing");
    const auto text = m.render();
    CHECK(text.find("tabhook_up 1\n") != std::string::npos);
    CHECK(text.find("tabhook_drift{site=\"marketing\",class=\"changed\"} 2\n") != std::string::npos);
    CHECK(text.find("tabhook_drift{site=\"marketing\",class=\"missing\"} 0\n") != std::string::npos);
    CHECK(text.find("tabhook_last_successful_reconcile_timestamp_seconds{site=\"marketing\"} 1700000000.500\n") !=
          std::string::npos);
    CHECK(text.find("tabhook_cycle_duration_seconds 0.25\n") != std::string::npos);
    CHECK(text.find("tabhook_api_requests_total{site=\"marketing\",method=\"GET\",status=\"200\"} 2\n") !=
          std::string::npos);
    CHECK(text.find("tabhook_receiver_test_total{site=\"marketing\",result=\"failed\"} 1\n") != std::string::npos);
    CHECK(text.find("tabhook_reenable_suppressed_total{site=\"marketing\"} 1\n") != std::string::npos);
    CHECK(text.find("# TYPE tabhook_drift gauge\n") != std::string::npos);
    CHECK(text.find("http") == std::string::npos);
    m.forget_site("marketing");
    CHECK(m.render().find("tabhook_drift{") == std::string::npos);
    CHECK(prometheus_label("a\"b\\c\n") == "a\\\"b\\\\c\\n");
}

TEST_CASE("the status server answers /metrics, /healthz and /readyz") {
    Metrics m;
    m.set_up(true);
    std::atomic<bool> ready{false};
    StatusServer::Probes probes{[] { return true; }, [&] { return ready.load(); },
                                [] { return std::string("<html>page</html>"); }, [] { return std::string("{}"); }};
    auto server = StatusServer::start({"127.0.0.1", 0}, m, probes);
    REQUIRE(server);
    httplib::Client client("127.0.0.1", (*server)->port());
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(2, 0);
    auto metrics = client.Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->status == 200);
    CHECK(metrics->body.find("tabhook_up 1") != std::string::npos);
    auto health = client.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto not_ready = client.Get("/readyz");
    REQUIRE(not_ready);
    CHECK(not_ready->status == 503);
    ready = true;
    auto is_ready = client.Get("/readyz");
    REQUIRE(is_ready);
    CHECK(is_ready->status == 200);
    auto page = client.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body == "<html>page</html>");
    auto status = client.Get("/status.json");
    REQUIRE(status);
    CHECK(status->body == "{}");
    auto missing = client.Get("/nope");
    REQUIRE(missing);
    CHECK(missing->status == 404);
}

TEST_CASE("the status server answers /healthz while idle and half-sent requests hold connections, and drops them") {
    Metrics m;
    StatusServer::Probes probes{[] { return true; }, [] { return true; }, nullptr, nullptr};
    auto server = StatusServer::start({"127.0.0.1", 0}, m, probes);
    REQUIRE(server);
    const auto connect_raw = [&] {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>((*server)->port()));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
        timeval limit{30, 0}; // a bound for the test only: the server drops them long before
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
        return fd;
    };
    std::vector<int> stalling;
    for (int i = 0; i < 8; ++i) {
        stalling.push_back(connect_raw());
        if (i % 2) REQUIRE(::send(stalling.back(), "GET /healthz HTTP/1.1\r\nHost:", 29, MSG_NOSIGNAL) == 29);
    }
    httplib::Client client("127.0.0.1", (*server)->port());
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(5, 0);
    for (int i = 0; i < 3; ++i) {
        auto health = client.Get("/healthz");
        REQUIRE(health);
        CHECK(health->status == 200);
    }
    // Each stalling connection is closed by the server (recv sees the end, not the 30 s bound).
    for (const int fd : stalling) {
        char byte = 0;
        CHECK(::recv(fd, &byte, 1, 0) == 0);
        ::close(fd);
    }
    auto post = client.Post("/healthz", "x", "text/plain");
    REQUIRE(post);
    CHECK(post->status == 405);
}

TEST_CASE("files are replaced whole") {
    const auto dir = temp_dir();
    CHECK(tabhook::util::replace_file(dir + "/report.json", "{}\n", tabhook::util::kPrivateFileMode));
    CHECK(tabhook::util::replace_file(dir + "/report.json", "{\"a\":1}\n", tabhook::util::kPrivateFileMode));
    CHECK(std::filesystem::file_size(dir + "/report.json") == 8);
    CHECK_FALSE(tabhook::util::replace_file(dir + "/missing/report.json", "{}", tabhook::util::kPrivateFileMode));
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
    CHECK(entries == 1);
    std::filesystem::remove_all(dir);
}
