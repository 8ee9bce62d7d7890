#include "request_log.hpp"

#include "support.hpp"

#include <nlohmann/json.hpp>

namespace fake {

Pairs redact_query(const Pairs& query) {
    Pairs out;
    for (const auto& [k, v] : query) {
        const std::string key = to_lower(k);
        bool secret = false;
        for (const char* word : {"token", "secret", "password", "auth", "key", "jwt"})
            secret = secret || key.find(word) != std::string::npos;
        out.emplace_back(k, secret ? "<redacted>" : v);
    }
    return out;
}

void RequestLog::add(LogEntry e) {
    std::lock_guard lock(mutex_);
    if (e.status == 429) ++rate_limited_;
    entries_.emplace_back(next_seq_++, std::move(e));
    while (entries_.size() > capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
}

void RequestLog::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
    dropped_ = 0;
    rate_limited_ = 0;
}

std::string RequestLog::to_json(long long since) const {
    using nlohmann::json;
    std::lock_guard lock(mutex_);
    json arr = json::array();
    for (const auto& [seq, e] : entries_) {
        if (seq <= since) continue;
        json q = json::object();
        for (const auto& [k, v] : e.query) q[k] = v;
        json j = {{"seq", seq},
                  {"time", e.time},
                  {"method", e.method},
                  {"path", e.path},
                  {"query", q},
                  {"status", e.status},
                  {"duration_ms", e.duration_ms},
                  {"token", e.token ? "<redacted>" : ""},
                  {"format", e.accept},
                  {"body_bytes", e.body_bytes}};
        if (e.note.session) j["session"] = e.note.session;
        if (!e.note.user.empty()) j["user"] = e.note.user;
        if (e.note.session) j["site"] = e.note.site;
        if (!e.note.signin.empty()) j["signin"] = e.note.signin;
        if (!e.note.fault.empty()) j["fault"] = e.note.fault;
        arr.push_back(std::move(j));
    }
    return json{{"requests", arr}, {"dropped", dropped_}, {"rate_limited", rate_limited_}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

} // namespace fake
