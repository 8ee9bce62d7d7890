#include "faults.hpp"

#include "support.hpp"

#include <nlohmann/json.hpp>

namespace fake {

using nlohmann::json;

std::string_view to_string(FaultKind k) {
    switch (k) {
    case FaultKind::latency: return "latency";
    case FaultKind::error: return "error";
    case FaultKind::rate_limit: return "rate_limit";
    case FaultKind::drop: return "drop";
    case FaultKind::token_expiry: return "token_expiry";
    case FaultKind::lose_response: return "lose_response";
    }
    return "error";
}

namespace {

std::optional<FaultKind> kind_from(const std::string& s) {
    if (s == "latency") return FaultKind::latency;
    if (s == "error") return FaultKind::error;
    if (s == "rate_limit" || s == "429") return FaultKind::rate_limit;
    if (s == "drop" || s == "drop_connection") return FaultKind::drop;
    if (s == "token_expiry" || s == "expire_token") return FaultKind::token_expiry;
    if (s == "lose_response" || s == "response_lost") return FaultKind::lose_response;
    return std::nullopt;
}

int int_field(const json& j, const char* key, int fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_number_integer()) throw std::runtime_error(std::string("\"") + key + "\" must be an integer");
    const auto v = it->get<long long>();
    if (v < -1 || v > 86'400'000) throw std::runtime_error(std::string("\"") + key + "\" is out of range");
    return static_cast<int>(v);
}

std::string str_field(const json& j, const char* key, std::string fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    throw std::runtime_error(std::string("\"") + key + "\" must be a string");
}

Fault parse_one(const json& j) {
    if (!j.is_object()) throw std::runtime_error("a fault must be a JSON object");
    Fault f;
    const auto kind = kind_from(str_field(j, "kind", ""));
    if (!kind)
        throw std::runtime_error(
            "\"kind\" must be one of latency, error, rate_limit, drop, token_expiry, lose_response");
    f.kind = *kind;
    f.method = str_field(j, "method", "*");
    f.path = str_field(j, "path", "**");
    f.latency_ms = int_field(j, "latency_ms", 0);
    f.remaining = int_field(j, "count", 1);
    if (f.remaining == 0) throw std::runtime_error("\"count\" must be positive, or -1 for unlimited");
    if (f.kind == FaultKind::latency && f.latency_ms <= 0)
        throw std::runtime_error("a latency fault needs latency_ms > 0");
    if (f.kind == FaultKind::error) {
        const int status = int_field(j, "status", 500);
        if (status < 400 || status > 599) throw std::runtime_error("\"status\" must be 4xx or 5xx");
        f.error.status = status;
        f.error.code = str_field(j, "code", std::to_string(status * 1000));
        f.error.summary = str_field(j, "summary", std::string(reason_phrase(status)));
        f.error.detail = str_field(j, "detail", "Injected by fake-tableau.");
    }
    if (f.kind == FaultKind::rate_limit) {
        f.retry_after = int_field(j, "retry_after", 1);
        if (f.retry_after < 0) throw std::runtime_error("\"retry_after\" must not be negative");
        // Tableau Cloud's real 429 has an HTML body [KB-429]; a Tableau error body is assumed here.
        f.error = {429, str_field(j, "code", "429000"), str_field(j, "summary", "Too Many Requests"),
                   str_field(j, "detail", "Too many concurrent requests. Retry after the delay in Retry-After.")};
    }
    return f;
}

json to_json(const Fault& f) {
    json j = {{"id", f.id},
              {"method", f.method},
              {"path", f.path},
              {"kind", to_string(f.kind)},
              {"latency_ms", f.latency_ms},
              {"count", f.remaining},
              {"hits", f.hits}};
    if (f.kind == FaultKind::error || f.kind == FaultKind::rate_limit)
        j["error"] = {{"status", f.error.status},
                      {"code", f.error.code},
                      {"summary", f.error.summary},
                      {"detail", f.error.detail}};
    if (f.kind == FaultKind::rate_limit) j["retry_after"] = f.retry_after;
    return j;
}

} // namespace

std::optional<std::vector<int>> FaultStore::add_json(std::string_view body, std::string& error) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
        error = "malformed JSON";
        return std::nullopt;
    }
    std::vector<Fault> parsed;
    try {
        if (doc.is_array())
            for (const auto& item : doc) parsed.push_back(parse_one(item));
        else
            parsed.push_back(parse_one(doc));
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    std::vector<int> ids;
    for (auto& f : parsed) {
        f.id = next_id_++;
        ids.push_back(f.id);
        faults_.push_back(std::move(f));
    }
    return ids;
}

void FaultStore::clear() {
    std::lock_guard lock(mutex_);
    faults_.clear();
}

std::optional<Fault> FaultStore::take(const std::string& method, const std::string& path) {
    std::lock_guard lock(mutex_);
    for (auto& f : faults_) {
        if (f.remaining == 0) continue;
        if (f.method != "*" && !f.method.empty() && !iequals(f.method, method)) continue;
        if (!glob_match(f.path, path)) continue;
        if (f.remaining > 0) --f.remaining;
        ++f.hits;
        return f;
    }
    return std::nullopt;
}

std::string FaultStore::list_json() const {
    std::lock_guard lock(mutex_);
    json arr = json::array();
    for (const auto& f : faults_) arr.push_back(to_json(f));
    return json{{"faults", arr}}.dump();
}

} // namespace fake
