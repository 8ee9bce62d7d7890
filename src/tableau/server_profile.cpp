#include "tableau/server_profile.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tableau/codec.hpp"
#include "util/strings.hpp"

namespace tabhook::tableau {

namespace {

using nlohmann::json;

json parse_json(std::string_view body) {
    const auto first = body.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || (body[first] != '{' && body[first] != '[')) return json();
    return json::parse(body, nullptr, false);
}

// The webhook objects of a JSON list ({"webhooks": {"webhook": [...] or {...}}}) or single answer.
std::vector<json> json_webhooks(const json& doc) {
    std::vector<json> out;
    if (!doc.is_object()) return out;
    if (doc.contains("webhook") && doc["webhook"].is_object()) out.push_back(doc["webhook"]);
    if (doc.contains("webhooks") && doc["webhooks"].is_object() && doc["webhooks"].contains("webhook")) {
        const json& w = doc["webhooks"]["webhook"];
        if (w.is_array())
            for (const auto& one : w) out.push_back(one);
        else if (w.is_object())
            out.push_back(w);
    }
    return out;
}

} // namespace

// fake-tableau keeps its own copy of this table (tests/fake_tableau/src/profile.cpp): the fake shares no
// code with the client but the event catalogue, so that neither can hide a bug behind the other. The two
// copies are held together by tests/e2e/doctor_canary.sh (doctor's JSON loaded by fake-tableau --profile,
// which refuses an unknown row or value) and doctor_matrix_rows.sh (every value of every row).
const std::vector<ProfileRowSpec>& profile_row_specs() {
    static const std::vector<ProfileRowSpec> rows = {
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

ServerProfileFindings::ServerProfileFindings() {
    for (const auto& spec : profile_row_specs())
        rows_.push_back(ProfileValue{std::string(spec.key), std::string(kUnknownValue), ""});
}

void ServerProfileFindings::set(std::string_view row, std::string value, std::string evidence) {
    for (auto& r : rows_) {
        if (r.row != row) continue;
        if (r.value != kUnknownValue) return; // the first answer that told wins
        r.evidence = std::move(evidence);
        r.value = std::move(value);
        return;
    }
}

void ServerProfileFindings::note(std::string_view row, std::string evidence) {
    for (auto& r : rows_)
        if (r.row == row && r.value == kUnknownValue && r.evidence.empty()) {
            r.evidence = std::move(evidence); // rows are unique: the first match is the one
            return;
        }
}

std::string ServerProfileFindings::value(std::string_view row) const {
    for (const auto& r : rows_)
        if (r.row == row) return r.value;
    return std::string(kUnknownValue);
}

std::string learn_duplicate_names(int status) {
    if (status == 200 || status == 201) return "allow";
    if (status == 409) return "refuse-409";
    if (status == 400) return "refuse-400";
    return std::string(kUnknownValue);
}

std::string learn_expired_session(int status, std::string_view body) {
    if (status == 403) return "403";
    if (status != 401) return std::string(kUnknownValue);
    const auto error = codec::decode_error(body);
    if (!error) return std::string(kUnknownValue);
    if (error->code == "401002") return "401002";
    if (error->code == "401000") return "401000";
    return std::string(kUnknownValue);
}

std::string learn_test_result(std::string_view body) {
    // Decoded by hand rather than by codec::decode_test_result: which fields are present is the point.
    bool has_status = false;
    std::string status;
    std::string text;
    if (const json doc = parse_json(body); doc.is_object()) {
        if (!doc.contains("webhookTestResult") || !doc["webhookTestResult"].is_object())
            return std::string(kUnknownValue);
        const json& r = doc["webhookTestResult"];
        if (r.contains("status") && !r["status"].is_null()) {
            has_status = true;
            status = r["status"].is_string() ? r["status"].get<std::string>() : r["status"].dump();
        }
        if (r.contains("body") && r["body"].is_string()) text = r["body"].get<std::string>();
    } else if (body.find("<webhookTestResult") != std::string_view::npos) {
        const auto open = body.find("<webhookTestResult");
        const auto close = body.find('>', open);
        const std::string_view tag = body.substr(open, close == std::string_view::npos ? body.npos : close - open);
        const auto at = tag.find(" status=\"");
        if (at != std::string_view::npos) {
            has_status = true;
            const auto end = tag.find('"', at + 9);
            status = std::string(tag.substr(at + 9, end == std::string_view::npos ? 0 : end - at - 9));
        }
        text = std::string(body.substr(close == std::string_view::npos ? body.size() : close));
    } else {
        return std::string(kUnknownValue);
    }
    if (!has_status) return "no-status";
    // Tableau Online's "agent not found": a 404 that Tableau made up, the receiver never contacted.
    if (status == "404" && util::to_lower(text).find("agent") != std::string::npos) return "agent-404";
    return "status";
}

std::string learn_list_order(const std::vector<std::vector<std::string>>& lists,
                             const std::vector<std::string>& created) {
    if (created.size() < 2 || lists.empty()) return std::string(kUnknownValue);
    std::vector<std::vector<std::string>> seen;
    for (const auto& list : lists) {
        std::vector<std::string> ours;
        for (const auto& id : list)
            if (std::find(created.begin(), created.end(), id) != created.end()) ours.push_back(id);
        if (ours.size() != created.size()) continue; // a list that missed one cannot tell
        seen.push_back(std::move(ours));
    }
    if (seen.empty()) return std::string(kUnknownValue);
    for (const auto& s : seen)
        if (s != seen.front()) return "shuffled";
    if (seen.front() == created) return "created";
    if (std::equal(seen.front().begin(), seen.front().end(), created.rbegin())) return "reversed";
    return "shuffled"; // a stable order that is neither: no order a client may rely on
}

std::string learn_created_at(std::string_view body) {
    if (const json doc = parse_json(body); doc.is_object()) {
        const auto hooks = json_webhooks(doc);
        if (hooks.empty()) return std::string(kUnknownValue);
        for (const auto& w : hooks)
            if (w.is_object() && w.contains("createdAt")) return "present";
        return "absent";
    }
    if (body.find("<webhook ") == std::string_view::npos) return std::string(kUnknownValue);
    return body.find(" createdAt=\"") != std::string_view::npos ? "present" : "absent";
}

std::string learn_json_enabled(std::string_view body) {
    for (const auto& w : json_webhooks(parse_json(body))) {
        if (!w.is_object() || !w.contains("isEnabled")) continue;
        if (w["isEnabled"].is_boolean()) return "boolean";
        if (w["isEnabled"].is_string()) return "string";
    }
    return std::string(kUnknownValue);
}

std::string learn_json_error_code(std::string_view body) {
    const json doc = parse_json(body);
    if (!doc.is_object() || !doc.contains("error") || !doc["error"].is_object() || !doc["error"].contains("code"))
        return std::string(kUnknownValue);
    const json& code = doc["error"]["code"];
    if (code.is_string()) return "string";
    if (code.is_number()) return "number";
    return std::string(kUnknownValue);
}

std::string learn_json_single_item(std::string_view body) {
    const json doc = parse_json(body);
    if (!doc.is_object() || !doc.contains("webhooks") || !doc["webhooks"].is_object() ||
        !doc["webhooks"].contains("webhook"))
        return std::string(kUnknownValue);
    const json& w = doc["webhooks"]["webhook"];
    if (w.is_object()) return "object";
    if (w.is_array() && w.size() == 1) return "array";
    return std::string(kUnknownValue); // not a one-item list: it cannot tell
}

std::string learn_unknown_webhook(int status, std::string_view body) {
    if (status == 400) return "400";
    if (status != 404) return std::string(kUnknownValue);
    const auto error = codec::decode_error(body);
    return error && error->code == "404050" ? "404050" : "404-other";
}

std::string learn_update_status(int status) {
    if (status == 201) return "201";
    if (status == 200) return "200";
    return std::string(kUnknownValue);
}

std::vector<std::string> list_ids(std::string_view body) {
    std::vector<std::string> ids;
    if (auto page = codec::decode_webhook_page(body))
        for (const auto& w : page->webhooks) ids.push_back(w.id);
    return ids;
}

} // namespace tabhook::tableau
