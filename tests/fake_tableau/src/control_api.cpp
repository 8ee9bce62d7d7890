#include "control_api.hpp"

#include "support.hpp"

#include "model/events.hpp"

#include <nlohmann/json.hpp>

#include <thread>

namespace fake {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json";

HttpResponse reply(int status, const json& body) {
    return {status, kJson, body.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}
HttpResponse reply_raw(int status, std::string body) { return {status, kJson, std::move(body), {}}; }
HttpResponse problem(int status, const std::string& message) { return reply(status, {{"error", message}}); }

json webhook_json(const Webhook& w, const std::string& content_url) {
    return {{"id", w.id},
            {"name", w.name},
            {"site_id", w.site_id},
            {"site", content_url},
            {"event", w.event},
            {"element", w.element},
            {"url", w.url},
            {"isEnabled", w.enabled},
            {"statusChangeReason", w.status_change_reason},
            {"owner", {{"id", w.owner_id}, {"name", w.owner_name}}},
            {"createdAt", w.created_at},
            {"updatedAt", w.updated_at}};
}

long long since_of(const HttpRequest& req) {
    const auto v = req.query_value("since");
    if (!v || v->empty() || v->size() > 18) return 0;
    long long n = 0;
    for (const char c : *v) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
    }
    return n;
}

} // namespace

HttpResponse ControlApi::handle(const HttpRequest& req) {
    const std::string& p = req.path;
    const std::string& m = req.method;
    static const std::string receiver_prefix = "/_fake/receiver/";
    if (p.rfind(receiver_prefix, 0) == 0 && p.size() > receiver_prefix.size())
        return receiver(req, p.substr(receiver_prefix.size()));
    if (p == "/_fake/reset") return m == "POST" ? reset(req) : problem(405, "use POST");
    if (p == "/_fake/requests") {
        if (m == "GET") return reply_raw(200, ctx_.requests.to_json(since_of(req)));
        if (m == "DELETE") {
            ctx_.requests.clear();
            return reply(200, {{"cleared", true}});
        }
        return problem(405, "use GET or DELETE");
    }
    if (p == "/_fake/faults") {
        if (m == "GET") return reply_raw(200, ctx_.faults.list_json());
        if (m == "DELETE") {
            ctx_.faults.clear();
            return reply(200, {{"cleared", true}});
        }
        if (m == "POST") {
            std::string error;
            const auto ids = ctx_.faults.add_json(req.body, error);
            if (!ids) return problem(400, error);
            return reply(201, {{"ids", *ids}});
        }
        return problem(405, "use GET, POST or DELETE");
    }
    if (p == "/_fake/events") return m == "POST" ? fire_event(req) : problem(405, "use POST");
    if (p == "/_fake/deliveries") {
        if (m != "GET") return problem(405, "use GET");
        std::string body = ctx_.deliveries.to_json(req.query_value("webhook_id").value_or(""), since_of(req));
        json j = json::parse(body);
        const auto& s = ctx_.deliverer.stats();
        j["stats"] = {{"simulated", s.simulated.load()},
                      {"in_process", s.in_process.load()},
                      {"connections", s.connections.load()}};
        return reply(200, j);
    }
    if (p == "/_fake/webhooks") {
        if (m != "GET") return problem(405, "use GET");
        json arr = json::array();
        const auto sites = ctx_.state.sites();
        for (const auto& w : ctx_.state.all_webhooks()) {
            std::string cu;
            for (const auto& s : sites)
                if (s.id == w.site_id) cu = s.content_url;
            arr.push_back(webhook_json(w, cu));
        }
        return reply(200, {{"webhooks", arr}});
    }
    static const std::string hooks_prefix = "/_fake/webhooks/";
    if (p.rfind(hooks_prefix, 0) == 0 && p.size() > hooks_prefix.size() + 8 && p.ends_with("/disable")) {
        if (m != "POST") return problem(405, "use POST");
        return disable(req, p.substr(hooks_prefix.size(), p.size() - hooks_prefix.size() - 8));
    }
    if (p == "/_fake/sessions") {
        if (m != "GET") return problem(405, "use GET");
        json arr = json::array();
        for (const auto& s : ctx_.state.sessions())
            arr.push_back({{"session", s.serial},
                           {"user", s.user_name},
                           {"user_id", s.user_id},
                           {"site", s.site_content_url},
                           {"site_id", s.site_id},
                           {"kind", s.pat_name.empty() ? "password" : "pat"},
                           {"pat", s.pat_name},
                           {"created_at", s.created_at},
                           {"active", s.ended.empty()},
                           {"ended", s.ended}});
        return reply(200, {{"sessions", arr}});
    }
    if (p == "/_fake/sites") {
        if (m != "GET") return problem(405, "use GET");
        json arr = json::array();
        for (const auto& s : ctx_.state.sites())
            arr.push_back({{"id", s.id}, {"name", s.name}, {"contentUrl", s.content_url}});
        return reply(200, {{"sites", arr}});
    }
    return problem(404, "unknown control endpoint " + p);
}

HttpResponse ControlApi::reset(const HttpRequest& req) {
    Seed seed;
    bool body_seed = false;
    for (const char c : req.body) body_seed = body_seed || (c != ' ' && c != '\n' && c != '\r' && c != '\t');
    if (body_seed) {
        std::string error;
        auto parsed = parse_seed(req.body, error);
        if (!parsed) return problem(400, "invalid seed: " + error);
        seed = std::move(*parsed);
    } else {
        std::lock_guard lock(ctx_.seed_mutex);
        seed = ctx_.seed;
    }
    ctx_.state.reset(seed);
    ctx_.faults.clear();
    ctx_.requests.clear();
    ctx_.limiter.reset();
    ctx_.deliveries.clear();
    ctx_.receivers.clear();
    return reply(200, {{"reset", true}, {"seed", body_seed ? "request body" : "startup seed"}});
}

HttpResponse ControlApi::fire_event(const HttpRequest& req) {
    const json doc = json::parse(req.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return problem(400, "the body must be a JSON object");
    auto text = [&](const char* key) -> std::optional<std::string> {
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    std::optional<Site> site;
    if (const auto id = text("site_id"))
        site = ctx_.state.site_by_id(*id);
    else
        site = ctx_.state.site_by_content_url(text("site").value_or(""));
    if (!site) return problem(404, "unknown site");
    const auto spelling = text("event");
    if (!spelling) return problem(400, "\"event\" is required");
    const auto* info = tabhook::model::find_event(*spelling);
    if (!info) return problem(400, "unknown event " + *spelling);
    FireRequest fr;
    fr.site_id = site->id;
    fr.event = std::string(info->name);
    fr.resource = text("resource").value_or(std::string(info->resource));
    fr.resource_name = text("resource_name").value_or("fake-tableau sample " + to_lower(info->resource));
    fr.resource_luid = text("resource_luid").value_or(ctx_.state.new_luid());
    fr.retry_delays_ms = ctx_.options.retry_delays_ms;
    if (const auto it = doc.find("retry_delays_ms"); it != doc.end()) {
        if (!it->is_array() || it->size() > 10)
            return problem(400, "\"retry_delays_ms\" must be an array of at most 10 ms values");
        fr.retry_delays_ms.clear();
        for (const auto& d : *it) {
            if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > 600'000)
                return problem(400, "\"retry_delays_ms\" must hold integers 0..600000");
            fr.retry_delays_ms.push_back(d.get<int>());
        }
    }
    if (const auto it = doc.find("wait"); it != doc.end()) {
        if (!it->is_boolean()) return problem(400, "\"wait\" must be a boolean");
        fr.wait = it->get<bool>();
    }
    return reply_raw(200, ctx_.events.fire(fr));
}

HttpResponse ControlApi::receiver(const HttpRequest& req, const std::string& name) {
    if (req.method == "GET") return reply_raw(200, ctx_.receivers.to_json(name));
    const auto answer = ReceiverStore::answer_for(req.query);
    ctx_.receivers.record(
        name, {iso8601_now(true), req.method, req.target, req.body, req.content_type, req.user_agent, answer.status});
    if (answer.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(answer.delay_ms));
    return {answer.status, "text/plain", answer.body, {}};
}

HttpResponse ControlApi::disable(const HttpRequest& req, const std::string& id) {
    std::string reason = kAutoDisableReason;
    if (!req.body.empty()) {
        const json doc = json::parse(req.body, nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) return problem(400, "the body must be a JSON object");
        if (const auto it = doc.find("reason"); it != doc.end()) {
            if (!it->is_string() || it->get<std::string>().empty())
                return problem(400, "\"reason\" must be a non-empty string");
            reason = it->get<std::string>();
        }
    }
    const auto w = ctx_.state.disable(id, reason);
    if (!w) return problem(404, "unknown webhook " + id);
    const auto site = ctx_.state.site_by_id(w->site_id);
    return reply(200, {{"webhook", webhook_json(*w, site ? site->content_url : "")}});
}

} // namespace fake
