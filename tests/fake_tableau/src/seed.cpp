#include "seed.hpp"

#include "support.hpp"

#include "model/events.hpp"

#include <nlohmann/json.hpp>

namespace fake {

using nlohmann::json;

namespace {

constexpr std::string_view kAdminRole = "SiteAdministratorCreator";

std::string derived_site_id(std::string_view content_url) { return luid_from("site:" + std::string(content_url)); }
std::string derived_user_id(std::string_view site, std::string_view user) {
    return luid_from("user:" + std::string(site) + ":" + std::string(user));
}

// "6261" -> "ba": how a seed gives bytes that JSON cannot hold (a name that is not valid UTF-8).
std::string from_hex(const std::string& hex, const char* field) {
    const auto digit = [&](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::runtime_error(std::string("\"") + field + "\" is not hexadecimal");
    };
    if (hex.size() % 2 != 0) throw std::runtime_error(std::string("\"") + field + "\" has an odd number of digits");
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1]));
    return out;
}

// Fills the event attribute and webhook-source element from whatever spelling the seed gave.
void complete_event(SeedWebhook& w) {
    const auto* info = tabhook::model::find_event(w.event.empty() ? w.element : w.event);
    if (info) {
        if (w.event.empty() || tabhook::model::find_event(w.event) == info) w.event = std::string(info->name);
        if (w.element.empty()) w.element = std::string(info->element);
        return;
    }
    // An unknown event (e.g. FlowCompleted): kept as given, so clients can be tested against it.
    if (w.event.rfind("webhook-", 0) == 0 && w.element.empty()) {
        w.element = w.event;
        w.event.clear();
    }
}

void complete(Seed& seed) {
    for (auto& s : seed.sites)
        if (s.id.empty()) s.id = derived_site_id(s.content_url);
    for (auto& u : seed.users)
        for (auto& m : u.sites)
            if (m.user_id.empty()) m.user_id = derived_user_id(m.site, u.name);
    for (auto& w : seed.webhooks) complete_event(w);
}

std::string str(const json& j, const char* key, const std::string& fallback = {}) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_string()) throw std::runtime_error(std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
}

bool boolean(const json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (it->is_boolean()) return it->get<bool>();
    if (it->is_string() && (*it == "true" || *it == "false")) return *it == "true";
    throw std::runtime_error(std::string("\"") + key + "\" must be a boolean");
}

const json& array(const json& j, const char* key) {
    static const json empty = json::array();
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return empty;
    if (!it->is_array()) throw std::runtime_error(std::string("\"") + key + "\" must be an array");
    return *it;
}

void check(const Seed& seed) {
    auto has_site = [&](const std::string& cu) {
        for (const auto& s : seed.sites)
            if (iequals(s.content_url, cu)) return true;
        return false;
    };
    for (std::size_t i = 0; i < seed.sites.size(); ++i)
        for (std::size_t j = i + 1; j < seed.sites.size(); ++j)
            if (iequals(seed.sites[i].content_url, seed.sites[j].content_url))
                throw std::runtime_error("two sites have the contentUrl \"" + seed.sites[i].content_url + "\"");
    for (const auto& u : seed.users) {
        if (u.name.empty()) throw std::runtime_error("a user has no name");
        for (const auto& m : u.sites)
            if (!has_site(m.site)) throw std::runtime_error("user " + u.name + ": unknown site \"" + m.site + "\"");
        for (const auto& p : u.pats)
            if (p.name.empty() || p.secret.empty())
                throw std::runtime_error("user " + u.name + ": a personal access token needs name and secret");
    }
    for (const auto& w : seed.webhooks) {
        if (!has_site(w.site)) throw std::runtime_error("webhook " + w.name + ": unknown site \"" + w.site + "\"");
        if (w.name.empty()) throw std::runtime_error("a webhook has no name");
        if (w.event.empty() && w.element.empty()) throw std::runtime_error("webhook " + w.name + ": no event");
        bool owner_ok = false;
        for (const auto& u : seed.users)
            if (u.name == w.owner)
                for (const auto& m : u.sites) owner_ok = owner_ok || iequals(m.site, w.site);
        if (!owner_ok)
            throw std::runtime_error("webhook " + w.name + ": owner \"" + w.owner + "\" is not a user of its site");
    }
}

} // namespace

bool is_admin_role(std::string_view role) {
    return role.rfind("SiteAdministrator", 0) == 0 || role == "ServerAdministrator";
}

Seed default_seed() {
    Seed seed;
    seed.sites = {{"", "Default", ""}, {"", "marketing", "marketing"}};
    auto on_both = [](std::string_view role) {
        return std::vector<SeedMembership>{{"", std::string(role), ""}, {"marketing", std::string(role), ""}};
    };
    seed.users.push_back({"admin", "admin-password", {{"tabhook-ci", "tabhook-ci-secret"}}, on_both(kAdminRole)});
    seed.users.push_back({"alice", "", {{"alice-pat", "alice-pat-secret"}}, on_both(kAdminRole)});
    seed.users.push_back({"viewer", "viewer-password", {}, on_both("Viewer")});
    complete(seed);
    return seed;
}

std::optional<Seed> parse_seed(std::string_view text, std::string& error) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = "seed is not a JSON object";
        return std::nullopt;
    }
    try {
        Seed seed;
        for (const auto& s : array(doc, "sites")) {
            if (!s.is_object()) throw std::runtime_error("a site must be an object");
            const std::string cu = str(s, "contentUrl");
            seed.sites.push_back({str(s, "id"), str(s, "name", cu.empty() ? "Default" : cu), cu});
        }
        for (const auto& u : array(doc, "users")) {
            if (!u.is_object()) throw std::runtime_error("a user must be an object");
            SeedUser user{str(u, "name"), str(u, "password"), {}, {}};
            for (const auto& p : array(u, "personalAccessTokens")) {
                if (!p.is_object()) throw std::runtime_error("a personal access token must be an object");
                user.pats.push_back({str(p, "name"), str(p, "secret")});
            }
            if (u.contains("sites")) {
                for (const auto& m : array(u, "sites")) {
                    if (!m.is_object()) throw std::runtime_error("a site membership must be an object");
                    user.sites.push_back({str(m, "contentUrl"), str(m, "siteRole", "Viewer"), str(m, "id")});
                }
            } else { // member of every site with one role
                for (const auto& s : seed.sites)
                    user.sites.push_back({s.content_url, str(u, "siteRole", "Viewer"), ""});
            }
            seed.users.push_back(std::move(user));
        }
        for (const auto& w : array(doc, "webhooks")) {
            if (!w.is_object()) throw std::runtime_error("a webhook must be an object");
            SeedWebhook hook;
            hook.id = str(w, "id");
            hook.site = str(w, "site");
            hook.name = str(w, "name");
            hook.event = str(w, "event");
            hook.element = str(w, "element");
            hook.url = str(w, "url");
            hook.owner = str(w, "owner", "admin");
            hook.enabled = boolean(w, "isEnabled", true);
            hook.status_change_reason = str(w, "statusChangeReason");
            if (w.contains("nameHex")) hook.name = from_hex(str(w, "nameHex"), "nameHex");
            if (w.contains("statusChangeReasonHex"))
                hook.status_change_reason = from_hex(str(w, "statusChangeReasonHex"), "statusChangeReasonHex");
            if (!hook.enabled && hook.status_change_reason.empty())
                hook.status_change_reason = "Webhook disabled by user";
            if (hook.enabled) hook.status_change_reason.clear();
            seed.webhooks.push_back(std::move(hook));
        }
        complete(seed);
        check(seed);
        return seed;
    } catch (const std::exception& e) {
        error = e.what();
        return std::nullopt;
    }
}

} // namespace fake
