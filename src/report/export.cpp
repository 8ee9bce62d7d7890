#include "report/export.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/events.hpp"
#include "report/json_text.hpp"

namespace tabhook::report {

namespace {

// A YAML double-quoted scalar: JSON string syntax is valid YAML.
std::string yaml_string(const std::string& s) { return json_text(nlohmann::json(s)); }

// Keeps "${" from reading as a reference when a URL is written inline.
std::string escape_references(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') out += '$';
        out += s[i];
    }
    return out;
}

} // namespace

std::string url_variable(const std::string& webhook_name) {
    std::string out = "TABHOOK_URL_";
    for (char c : webhook_name)
        out += std::isalnum(static_cast<unsigned char>(c))
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                   : '_';
    return out;
}

Export export_webhooks(const model::LiveWebhooks& live, const ExportOptions& options) {
    Export out;
    // By name, oldest first within a name (creation time when every one has it, else list order, as the
    // planner decides), so of several same-named webhooks the one the planner would keep is exported.
    std::vector<const model::LiveWebhook*> sorted;
    for (const auto& l : live) sorted.push_back(&l);
    std::set<std::string> untimed; // names with a webhook lacking a creation time: list order decides
    for (const auto& l : live)
        if (l.created_at.empty()) untimed.insert(l.name);
    std::stable_sort(sorted.begin(), sorted.end(), [&untimed](const auto* a, const auto* b) {
        if (a->name != b->name) return a->name < b->name;
        return !untimed.count(a->name) && a->created_at < b->created_at;
    });
    std::set<std::string> names, variables;
    for (const auto* l : sorted) {
        if (!names.insert(l->name).second) {
            out.warnings.push_back(
                fmt::format("webhook {} (id {}) left out: another webhook carries the same name", l->name, l->id));
            continue;
        }
        std::string variable = url_variable(l->name);
        for (int n = 2; !variables.insert(variable).second; ++n)
            variable = fmt::format("{}_{}", url_variable(l->name), n);
        std::string doc = "---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n";
        doc += fmt::format("  name: {}\n  site: {}\nspec:\n", yaml_string(l->name), yaml_string(options.site));
        if (!model::find_event(l->event)) {
            out.warnings.push_back(fmt::format(
                "webhook {}: event '{}' is not in tabhook's catalogue; validate will reject it", l->name, l->event));
            doc += "  # this event is not in tabhook's catalogue\n";
        }
        doc += fmt::format("  event: {}\n", yaml_string(model::normalize_event(l->event)));
        if (options.inline_urls) {
            doc += fmt::format("  url: {}\n", yaml_string(escape_references(l->url)));
        } else {
            doc += fmt::format("  url: \"${{env:{}}}\"\n", variable);
            out.secrets.push_back(fmt::format("{}={}", variable, l->url));
        }
        doc += fmt::format("  enabled: {}\n", l->enabled ? "true" : "false");
        out.manifests += doc;
        ++out.count;
    }
    return out;
}

} // namespace tabhook::report
