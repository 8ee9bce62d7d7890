// The session is shared by worker threads: these run under ThreadSanitizer too.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_transport.hpp"

using namespace tabhook::tableau;
using namespace tabhook::http;
using namespace tabhook::tableau::testing;
using nlohmann::json;

TEST_CASE("client: concurrent 401s cause exactly one re-sign-in", "[tableau]") {
    constexpr int kThreads = 8;
    FakeTableau fake;
    // Every thread's first request carries tok-1 and is held until all of them have arrived, so all of
    // them see the session end at once.
    std::mutex mutex;
    std::condition_variable all_arrived;
    int arrived = 0;
    fake.transport->fallback("GET", fake.hooks(), [&](const HttpRequest& request) {
        if (find_header(request.headers, "X-Tableau-Auth") == "tok-1") {
            std::unique_lock lock(mutex);
            ++arrived;
            all_arrived.notify_all();
            all_arrived.wait_for(lock, std::chrono::seconds(5), [&] { return arrived >= kThreads; });
            return tableau_error(401, "401002", "Unauthorized Access", "Invalid authentication credentials");
        }
        return respond_json(200, {{"webhooks", json::object()}});
    });
    auto connected = connect(fake.site(), {}, fake.deps());
    REQUIRE(connected.has_value());
    WriteClient& client = **connected;

    std::atomic<int> succeeded{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < kThreads; ++i)
        workers.emplace_back([&] {
            if (client.list_webhooks().has_value()) ++succeeded;
        });
    for (auto& t : workers) t.join();

    CHECK(succeeded == kThreads);
    CHECK(arrived == kThreads);
    CHECK(fake.sign_ins == 2);
    CHECK(client.stats().sign_ins == 2);
    CHECK(fake.transport->count("GET", fake.hooks()) == 2 * kThreads);
}

TEST_CASE("client: many threads share one session and its counters", "[tableau]") {
    constexpr int kThreads = 6;
    constexpr int kCalls = 25;
    FakeTableau fake;
    std::atomic<int> served{0};
    fake.transport->fallback("GET", fake.hooks(), [&](const HttpRequest&) {
        // Every fifth request is refused with 503 and retried.
        if (++served % 5 == 0) return respond(503);
        return respond_json(200,
                            {{"webhooks", {{"webhook", {webhook_json("a", "a", "WorkbookCreated", "https://h/a")}}}}});
    });
    auto connected = connect(fake.site(), {}, fake.deps());
    REQUIRE(connected.has_value());
    WriteClient& client = **connected;
    std::atomic<int> ok{0};
    std::vector<std::thread> workers;
    for (int i = 0; i < kThreads; ++i)
        workers.emplace_back([&] {
            for (int k = 0; k < kCalls; ++k)
                if (auto list = client.list_webhooks(); list && list->size() == 1) ++ok;
        });
    for (auto& t : workers) t.join();
    CHECK(ok == kThreads * kCalls);
    const ClientStats stats = client.stats();
    CHECK(stats.sign_ins == 1);
    CHECK(stats.requests == 2 + served.load());
    CHECK(stats.retries == served.load() - kThreads * kCalls);
}
