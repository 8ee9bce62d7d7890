#include "profile.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fake {

namespace {

// Row index ↔ field: one place that knows both, so the table and the struct cannot drift apart.
template <typename F> auto with_field(ServerProfile& p, std::string_view key, F&& f) {
    if (key == "duplicate-names") return f(p.duplicate_names);
    if (key == "expired-session") return f(p.expired_session);
    if (key == "test-result") return f(p.test_result);
    if (key == "list-order") return f(p.list_order);
    if (key == "created-at") return f(p.created_at);
    if (key == "json-enabled") return f(p.json_enabled);
    if (key == "json-error-code") return f(p.json_error_code);
    if (key == "json-single-item") return f(p.json_single_item);
    if (key == "unknown-webhook") return f(p.unknown_webhook);
    return f(p.update_status); // "update-status"; callers check the key first
}

const ProfileRow* find_row(std::string_view key) {
    const auto& rows = profile_rows();
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const ProfileRow& r) { return r.key == key; });
    return it == rows.end() ? nullptr : &*it;
}

} // namespace

const std::vector<ProfileRow>& profile_rows() {
    static const std::vector<ProfileRow> rows = {
        {"duplicate-names", {"allow", "refuse-409", "refuse-400"}},
        {"expired-session", {"401002", "401000", "403"}},
        {"test-result", {"status", "no-status", "agent-404"}},
        {"list-order", {"created", "reversed", "shuffled"}},
        {"created-at", {"absent", "present"}},
        {"json-enabled", {"boolean", "string"}},
        {"json-error-code", {"string", "number"}},
        {"json-single-item", {"array", "object"}},
        {"unknown-webhook", {"404050", "404-other", "400"}},
        {"update-status", {"201", "200"}},
    };
    return rows;
}

bool set_profile_value(ServerProfile& profile, std::string_view key, std::string_view value, std::string& message) {
    const ProfileRow* row = find_row(key);
    if (!row) {
        message = "unknown server-profile row '" + std::string(key) + "'";
        return false;
    }
    const auto it = std::find(row->values.begin(), row->values.end(), value);
    if (it == row->values.end()) {
        message = "--" + std::string(key) + " expects one of:";
        for (const auto v : row->values) message += " " + std::string(v);
        return false;
    }
    const int index = static_cast<int>(it - row->values.begin());
    with_field(profile, key,
               [&](auto& field) { field = static_cast<std::remove_reference_t<decltype(field)>>(index); });
    return true;
}

std::string profile_value(const ServerProfile& profile, std::string_view key) {
    const ProfileRow* row = find_row(key);
    if (!row) return {};
    auto copy = profile;
    const int index = with_field(copy, key, [](auto& field) { return static_cast<int>(field); });
    return std::string(row->values.at(static_cast<std::size_t>(index)));
}

bool load_profile(ServerProfile& profile, const std::string& json_text, std::string& message) {
    const auto doc = nlohmann::json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        message = "a server profile is a JSON object";
        return false;
    }
    const nlohmann::json* rows = &doc;
    if (doc.contains("profile")) {
        rows = &doc["profile"];
    } else if (doc.contains("sites") && doc["sites"].is_array() && !doc["sites"].empty() &&
               doc["sites"][0].is_object() && doc["sites"][0].contains("profile")) {
        rows = &doc["sites"][0]["profile"];
    }
    if (!rows->is_object()) {
        message = "\"profile\" must be a JSON object";
        return false;
    }
    ServerProfile next = profile;
    for (const auto& [key, value] : rows->items()) {
        if (!value.is_string()) {
            message = "profile row '" + key + "' must be a string";
            return false;
        }
        const auto text = value.get<std::string>();
        if (text == "unknown") {
            if (!find_row(key)) {
                message = "unknown server-profile row '" + key + "'";
                return false;
            }
            continue;
        }
        if (!set_profile_value(next, key, text, message)) return false;
    }
    profile = next;
    return true;
}

} // namespace fake
