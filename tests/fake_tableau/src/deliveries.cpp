#include "deliveries.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <thread>

namespace fake {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxRecords = 20000;
constexpr std::size_t kMaxBodyKept = 64 * 1024;

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+')
            out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else
            out += s[i];
    }
    return out;
}

int clamp_int(const std::string& text, int lo, int hi, int fallback) {
    if (text.empty() || text.size() > 9) return fallback;
    int v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return fallback;
        v = v * 10 + (c - '0');
    }
    return std::clamp(v, lo, hi);
}

std::string truncated(const std::string& s) { return s.size() > kMaxBodyKept ? s.substr(0, kMaxBodyKept) : s; }

} // namespace

Pairs parse_query(std::string_view query) {
    Pairs out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        if (!part.empty()) {
            const auto eq = part.find('=');
            out.emplace_back(decode(part.substr(0, eq)),
                             eq == std::string_view::npos ? "" : decode(part.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

void DeliveryLog::add(DeliveryRecord r) {
    std::lock_guard lock(mutex_);
    r.result.body = truncated(r.result.body);
    records_.emplace_back(next_seq_++, std::move(r));
    while (records_.size() > kMaxRecords) records_.pop_front();
}

void DeliveryLog::clear() {
    std::lock_guard lock(mutex_);
    records_.clear();
}

std::string DeliveryLog::to_json(const std::string& webhook_id_filter, long long since) const {
    std::lock_guard lock(mutex_);
    json arr = json::array();
    for (const auto& [seq, r] : records_) {
        if (seq <= since) continue;
        if (!webhook_id_filter.empty() && r.webhook_id != webhook_id_filter) continue;
        arr.push_back({{"seq", seq},
                       {"time", r.time},
                       {"kind", r.kind},
                       {"event_id", r.event_id},
                       {"event", r.event},
                       {"webhook_id", r.webhook_id},
                       {"webhook_name", r.webhook_name},
                       {"site_id", r.site_id},
                       {"url", r.url},
                       {"attempt", r.attempt},
                       {"payload", r.payload},
                       {"status", r.result.status},
                       {"response_body", r.result.body},
                       {"error", r.result.error},
                       {"simulated", r.result.simulated},
                       {"in_process", r.result.in_process},
                       {"elapsed_ms", r.result.elapsed_ms}});
    }
    return json{{"deliveries", arr}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

ReceiverStore::Answer ReceiverStore::answer_for(const Pairs& query) {
    Answer a;
    for (const auto& [k, v] : query) {
        if (k == "status")
            a.status = clamp_int(v, 100, 599, 200);
        else if (k == "delay_ms")
            a.delay_ms = clamp_int(v, 0, 600'000, 0);
        else if (k == "body")
            a.body = v;
    }
    return a;
}

void ReceiverStore::record(const std::string& name, ReceivedRequest r) {
    std::lock_guard lock(mutex_);
    r.body = truncated(r.body);
    auto& list = received_[name];
    list.push_back(std::move(r));
    if (list.size() > kMaxRecords) list.erase(list.begin());
}

std::string ReceiverStore::to_json(const std::string& name) const {
    std::lock_guard lock(mutex_);
    json arr = json::array();
    if (const auto it = received_.find(name); it != received_.end())
        for (const auto& r : it->second)
            arr.push_back({{"time", r.time},
                           {"method", r.method},
                           {"target", r.target},
                           {"body", r.body},
                           {"content_type", r.content_type},
                           {"user_agent", r.user_agent},
                           {"status", r.answered}});
    return json{{"receiver", name}, {"requests", arr}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ReceiverStore::clear() {
    std::lock_guard lock(mutex_);
    received_.clear();
}

DeliveryResult Deliverer::post(const std::string& url, const std::string& body) {
    const auto start = std::chrono::steady_clock::now();
    DeliveryResult r;
    const auto parsed = parse_http_url(url);
    if (!parsed) {
        r.simulated = true;
        r.error = "invalid destination URL";
        ++stats_.simulated;
    } else if (!is_loopback_host(parsed->host)) {
        // Never a connection beyond the machine, not even a name lookup: Tableau would connect here;
        // the fake answers as if the connection had failed.
        r.simulated = true;
        r.error = "simulated connection failure: fake-tableau delivers to loopback destinations only";
        ++stats_.simulated;
    } else if (parsed->port == self_port_.load() && parsed->target.rfind("/_fake/receiver/", 0) == 0) {
        // Deliveries to this process's own receivers are handled in-process. Over HTTP they would need a
        // second worker from the same pool the caller is running on; with enough concurrent tests or
        // events every worker could be waiting on a receiver that has no worker left: a deadlock. The
        // receiver's behaviour (status, delay, recording) is the same either way, and the timeout applies.
        r = in_process(*parsed, body);
        ++stats_.in_process;
    } else {
        ++stats_.connections;
        r = http_post(*parsed, body, timeout_);
    }
    r.elapsed_ms = to_ms(std::chrono::steady_clock::now() - start);
    return r;
}

DeliveryResult Deliverer::in_process(const ParsedUrl& url, const std::string& body) {
    DeliveryResult r;
    r.in_process = true;
    const auto q = url.target.find('?');
    const std::string path = url.target.substr(0, q);
    const Pairs query = q == std::string::npos ? Pairs{} : parse_query(std::string_view(url.target).substr(q + 1));
    const std::string name = decode(path.substr(std::string_view("/_fake/receiver/").size()));
    const auto answer = ReceiverStore::answer_for(query);
    receivers_.record(
        name, {iso8601_now(true), "POST", url.target, body, "application/json", kDeliveryUserAgent, answer.status});
    const auto delay = std::chrono::milliseconds(answer.delay_ms);
    if (delay >= timeout_) {
        std::this_thread::sleep_for(timeout_);
        r.error = "timeout: the destination did not answer in time";
        return r;
    }
    std::this_thread::sleep_for(delay);
    r.status = answer.status;
    r.body = answer.body;
    return r;
}

} // namespace fake
