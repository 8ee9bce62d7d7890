#include "report/export.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/events.hpp"
#include "report/env_file.hpp"
#include "util/escape.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"
#include "plan/keeper.hpp"
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

bool has_control_character(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// Why `validate` would reject the document exported for `l`, if it would: the manifest rules for a
// name (metadata.name takes no reference and no control character), the event catalogue, the url
// rule (https://, or http:// to a loopback host), and the site's ownership.namePrefix.
std::optional<std::string> unexportable(const model::LiveWebhook& l, const ExportOptions& options) {
    if (!util::is_valid_utf8(l.name)) return "its name is not valid UTF-8";
    if (has_control_character(l.name)) return "its name contains a control character";
    if (util::trim(l.name).empty()) return "its name is blank";
    if (l.name.find("${") != std::string::npos) return "its name contains '${', which a manifest reads as a reference";
    if (options.name_prefix && !l.name.starts_with(*options.name_prefix))
        return fmt::format("its name is outside the site's ownership.namePrefix '{}'",
                           util::for_terminal(*options.name_prefix));
    if (!util::is_valid_utf8(l.event) || !l.event.known())
        return fmt::format("its event '{}' is not in tabhook's catalogue", util::for_terminal(l.event));
    if (!util::is_valid_utf8(l.url) || has_control_character(l.url)) return "its URL holds control characters";
    const auto url = util::parse_url(l.url);
    if (!url || url->host.empty()) return "its URL is not a valid absolute URL";
    if (!util::is_https_or_loopback_http(*url))
        return fmt::format("its URL does not use https:// ({})", util::redact_url(l.url));
    return std::nullopt;
}

// The webhooks whose manifests validate accepts; a warning names each of the others.
model::LiveWebhooks exportable(const model::LiveWebhooks& live, const ExportOptions& options,
                               std::vector<std::string>& warnings) {
    model::LiveWebhooks out;
    for (const auto& l : live) {
        if (const auto why = unexportable(l, options))
            warnings.push_back(fmt::format("webhook {} (id {}) left out: {}", util::for_terminal(l.name),
                                           util::for_terminal(l.id), *why));
        else
            out.push_back(l);
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

Export export_webhooks(const model::LiveWebhooks& listed, const ExportOptions& options) {
    Export out;
    const model::LiveWebhooks live = exportable(listed, options, out.warnings);
    // By name, then in the planner's keeper order (plan/keeper.hpp), so of several same-named webhooks the
    // one the planner would keep is exported.
    std::vector<const model::LiveWebhook*> sorted;
    for (const auto& l : live) sorted.push_back(&l);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
        return a->name != b->name ? a->name < b->name : plan::kept_before(*a, *b);
    });
    std::set<std::string> names, variables;
    for (const auto* l : sorted) {
        if (!names.insert(l->name).second) {
            out.warnings.push_back(fmt::format("webhook {} (id {}) left out: another webhook carries the same name",
                                               util::for_terminal(l->name), util::for_terminal(l->id)));
            continue;
        }
        std::string variable = url_variable(l->name);
        for (int n = 2; !variables.insert(variable).second; ++n)
            variable = fmt::format("{}_{}", url_variable(l->name), n);
        std::string doc = "---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n";
        doc += fmt::format("  name: {}\n  site: {}\nspec:\n", yaml_string(l->name), yaml_string(options.site));
        doc += fmt::format("  event: {}\n", yaml_string(l->event));
        if (options.inline_urls) {
            doc += fmt::format("  url: {}\n", yaml_string(escape_references(l->url)));
        } else {
            doc += fmt::format("  url: \"${{env:{}}}\"\n", variable);
            out.secrets.push_back(env_file_line(variable, l->url));
        }
        doc += fmt::format("  enabled: {}\n", l->enabled ? "true" : "false");
        out.manifests += doc;
        ++out.count;
    }
    return out;
}

} // namespace tabhook::report
