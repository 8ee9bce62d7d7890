// Throughput of fake-tableau: N keep-alive clients issue simple authenticated requests (list the
// webhooks of a site, XML) for a fixed time against a running fake, and the rate is compared with the
// 2,000 requests/s target of issue 2. Not a test: it prints figures and never fails on timing.
//
//   fake_throughput --url http://127.0.0.1:PORT [--clients 16] [--seconds 5] [--target 2000]
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Args {
    std::string url;
    int clients = 16;
    double seconds = 5;
    double target = 2000;
};

bool parse(int argc, char** argv, Args& a) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--url")
            a.url = v;
        else if (k == "--clients")
            a.clients = std::atoi(v.c_str());
        else if (k == "--seconds")
            a.seconds = std::atof(v.c_str());
        else if (k == "--target")
            a.target = std::atof(v.c_str());
        else
            return false;
    }
    return !a.url.empty() && a.clients > 0 && a.seconds > 0 && a.target > 0 && argc % 2 == 1;
}

} // namespace

int main(int argc, char** argv) {
    Args args;
    if (!parse(argc, argv, args)) {
        std::fprintf(
            stderr,
            "usage: fake_throughput --url http://127.0.0.1:PORT [--clients 16] [--seconds 5] [--target 2000]\n");
        return 64;
    }
    // One sign-in shared by every client (one session per PAT, as tabhook does).
    httplib::Client setup(args.url);
    const auto signin =
        setup.Post("/api/3.24/auth/signin", {{"Accept", "application/json"}},
                   R"({"credentials":{"personalAccessTokenName":"tabhook-ci",)"
                   R"("personalAccessTokenSecret":"tabhook-ci-secret","site":{"contentUrl":"marketing"}}})",
                   "application/json");
    if (!signin || signin->status != 200) {
        std::fprintf(stderr, "fake_throughput: sign-in failed\n");
        return 1;
    }
    const auto cred = nlohmann::json::parse(signin->body)["credentials"];
    const std::string token = cred["token"];
    const std::string path = "/api/3.24/sites/" + cred["site"]["id"].get<std::string>() + "/webhooks";
    for (int i = 0; i < 5; ++i) {
        const std::string body = "<tsRequest><webhook name=\"bench-" + std::to_string(i) +
                                 "\" event=\"WorkbookCreated\"><webhook-destination><webhook-destination-http "
                                 "method=\"POST\" url=\"https://hooks.example.com/bench\"/></webhook-destination>"
                                 "</webhook></tsRequest>";
        const auto r = setup.Post(path.c_str(), {{"X-Tableau-Auth", token}}, body, "application/xml");
        if (!r || r->status != 201) {
            std::fprintf(stderr, "fake_throughput: creating webhooks failed\n");
            return 1;
        }
    }

    std::atomic<bool> stop{false};
    std::atomic<long long> ok{0};
    std::atomic<long long> failed{0};
    std::vector<std::thread> clients;
    const auto start = std::chrono::steady_clock::now();
    for (int c = 0; c < args.clients; ++c)
        clients.emplace_back([&] {
            httplib::Client cli(args.url);
            cli.set_keep_alive(true);
            cli.set_tcp_nodelay(true);
            const httplib::Headers headers{{"X-Tableau-Auth", token}};
            while (!stop.load(std::memory_order_relaxed)) {
                const auto r = cli.Get(path.c_str(), headers);
                if (r && r->status == 200)
                    ok.fetch_add(1, std::memory_order_relaxed);
                else
                    failed.fetch_add(1, std::memory_order_relaxed);
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    stop = true;
    for (auto& t : clients) t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = static_cast<double>(ok.load()) / elapsed;
    std::printf("fake_throughput: %lld requests (%lld failed) in %.2f s with %d keep-alive clients\n", ok.load(),
                failed.load(), elapsed, args.clients);
    std::printf("fake_throughput: %.0f requests/s; target %.0f requests/s; ratio %.2fx\n", rate, args.target,
                rate / args.target);
    return failed.load() == 0 ? 0 : 1;
}
