#pragma once
// A recording Transport for unit tests: answers from per-route scripts (each reply used once, then the
// route's fallback) and keeps every request it saw. No network.
#include <atomic>
#include <deque>
#include <map>
#include <optional>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tableau/client.hpp"
#include "http/transport.hpp"

namespace tabhook::tableau::testing {

using Reply = tl::expected<http::HttpResponse, http::TransportError>;
using Handler = std::function<Reply(const http::HttpRequest&)>;

inline Reply respond(int status, std::string body = "", http::Headers headers = {}) {
    return http::HttpResponse{status, std::move(headers), std::move(body)};
}
inline Reply respond_json(int status, const nlohmann::json& body) { return respond(status, body.dump()); }
inline Reply tableau_error(int status, std::string code, std::string summary, std::string detail) {
    return respond_json(status, {{"error", {{"code", code}, {"summary", summary}, {"detail", detail}}}});
}
inline Reply fail_with(http::TransportError::Kind kind) {
    return tl::unexpected(http::TransportError{kind, false, std::string("simulated: ") + to_string(kind)});
}

// The path of a request URL, without scheme, host and query.
inline std::string path_of(const std::string& url) {
    const auto scheme = url.find("://");
    const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash == std::string::npos) return "/";
    const auto query = url.find('?', slash);
    return url.substr(slash, query == std::string::npos ? std::string::npos : query - slash);
}
inline std::string query_of(const std::string& url) {
    const auto query = url.find('?');
    return query == std::string::npos ? "" : url.substr(query + 1);
}

class FakeTransport final : public http::Transport {
  public:
    // Replies queued for METHOD PATH, used in order; afterwards the fallback (if any) answers.
    void script(const std::string& method, const std::string& path, std::vector<Reply> replies) {
        std::lock_guard lock(mutex_);
        auto& route = routes_[method + " " + path];
        for (auto& r : replies) route.queue.push_back(std::move(r));
    }
    void fallback(const std::string& method, const std::string& path, Handler handler) {
        std::lock_guard lock(mutex_);
        routes_[method + " " + path].fallback = std::move(handler);
    }

    Reply send(const http::HttpRequest& request) override {
        Handler handler;
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
            auto it = routes_.find(request.method + " " + path_of(request.url));
            if (it != routes_.end()) {
                if (!it->second.queue.empty()) {
                    Reply reply = std::move(it->second.queue.front());
                    it->second.queue.pop_front();
                    return reply;
                }
                handler = it->second.fallback;
            }
        }
        if (handler) return handler(request);
        return tableau_error(404, "404003", "Resource Not Found", "Unknown resource specified in URI.");
    }

    std::vector<http::HttpRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::vector<std::string> request_lines() const { // "GET /api/3.24/…"
        std::vector<std::string> out;
        for (const auto& r : requests()) out.push_back(r.method + " " + path_of(r.url));
        return out;
    }
    std::size_t count(const std::string& method, const std::string& path) const {
        std::size_t n = 0;
        for (const auto& r : requests())
            if (r.method == method && path_of(r.url) == path) ++n;
        return n;
    }

  private:
    struct Route {
        std::deque<Reply> queue;
        Handler fallback;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Route> routes_;
    std::vector<http::HttpRequest> requests_;
};

inline nlohmann::json webhook_json(const std::string& id, const std::string& name, const std::string& event,
                                   const std::string& url, bool enabled = true) {
    return {{"id", id},
            {"name", name},
            {"event", event},
            {"isEnabled", enabled},
            {"statusChangeReason", ""},
            {"webhook-destination", {{"webhook-destination-http", {{"method", "POST"}, {"url", url}}}}},
            {"owner", {{"id", "user-1"}, {"name", "admin"}}}};
}

// A fake Tableau that answers serverinfo, sign-in (a new token per sign-in: tok-1, tok-2, …) and sign-out.
struct FakeTableau {
    std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
    std::string version;
    std::atomic<int> sign_ins{0};
    std::string token_prefix = "tok-"; // tokens are token_prefix + the sign-in's number
    std::vector<std::chrono::milliseconds> sleeps;
    std::mutex sleeps_mutex;

    FakeTableau(const FakeTableau&) = delete;
    explicit FakeTableau(std::string api_version = "3.24") : version(std::move(api_version)) {
        transport->fallback("GET", "/api/2.4/serverinfo", [v = version](const http::HttpRequest&) {
            return respond_json(
                200,
                {{"serverInfo", {{"productVersion", {{"value", "2024.2.0"}, {"build", "x"}}}, {"restApiVersion", v}}}});
        });
        transport->fallback("POST", api("/auth/signin"), [this](const http::HttpRequest&) {
            const int k = ++sign_ins;
            return respond_json(200, {{"credentials",
                                       {{"token", token_prefix + std::to_string(k)},
                                        {"site", {{"id", "site-1"}, {"contentUrl", "marketing"}}},
                                        {"user", {{"id", "user-1"}}}}}});
        });
        transport->fallback("POST", api("/auth/signout"), [](const http::HttpRequest&) { return respond(204); });
    }
    std::string api(const std::string& path) const { return "/api/" + version + path; }
    std::string hooks(const std::string& rest = "") const { return api("/sites/site-1/webhooks" + rest); }

    model::Site site(std::optional<std::string> pinned = std::nullopt) const {
        model::Site s;
        s.name = "marketing";
        s.server = "https://tableau.example.com";
        s.content_url = "marketing";
        s.rest_api_version = std::move(pinned);
        s.auth = {model::Auth::Kind::personal_access_token, "tabhook-ci", "SENTINEL-PAT-9f8e7d"};
        return s;
    }
    ClientDeps deps() {
        return ClientDeps{transport,
                          [this](std::chrono::milliseconds d) {
                              std::lock_guard lock(sleeps_mutex);
                              sleeps.push_back(d);
                          },
                          [](std::chrono::milliseconds upper) { return upper; }};
    }
};

} // namespace tabhook::tableau::testing
