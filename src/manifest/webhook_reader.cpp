#include "manifest/webhook_reader.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "manifest/selection_reader.hpp"
#include "model/events.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::array<std::string_view, 4> kWebhookMetadataFields{"name", "site", "sites", "siteSelector"};
constexpr std::array<std::string_view, 3> kSelectionFields{"site", "sites", "siteSelector"};
constexpr std::array<std::string_view, 4> kWebhookSpecFields{"event", "url", "enabled", "test"};

// spec.event: one of the catalogue's spellings, stored in its canonical form.
void read_event(FieldReader& r, const YamlNode& event, model::Webhook& webhook) {
    auto v = r.plain_string(event, "event");
    if (!v) return;
    if (model::find_event(*v)) {
        webhook.event = model::Event(*v);
        return;
    }
    std::string hint = did_you_mean(*v, model::event_spellings());
    if (hint.empty()) hint = "; 'tabhook events' lists the known events";
    r.error(event, "unknown-event", fmt::format("unknown event {}{}", quoted(*v), hint));
}

// metadata.sites: a non-empty list of Site names, each once.
void read_sites(FieldReader& r, const YamlNode& sites, WebhookDeclaration& decl) {
    if (!r.check_not_alias(sites)) return;
    if (sites.kind != YamlNode::Kind::sequence) {
        r.type_error(sites, "metadata.sites must be a list of Site names");
        return;
    }
    if (sites.children.empty()) {
        r.error(sites, "invalid-value", "metadata.sites must name at least one site");
        return;
    }
    bool ok = true;
    for (const auto& item : sites.children) {
        auto name = r.name_value(item, "an item of metadata.sites");
        if (!name) {
            ok = false;
            continue;
        }
        for (const auto& [earlier, at] : decl.selection.sites)
            if (earlier == *name) {
                r.error(item, "invalid-value",
                        fmt::format("site {} is listed twice in metadata.sites; the first is at line {}", quoted(*name),
                                    at.line));
                ok = false;
            }
        decl.selection.sites.emplace_back(std::move(*name), r.at(item));
    }
    decl.has_site = ok;
}

// Exactly one of metadata.site, metadata.sites and metadata.siteSelector.
void read_selection(FieldReader& r, const Fields& meta, WebhookDeclaration& decl) {
    std::vector<std::pair<const YamlNode*, std::string_view>> present; // in the order they are written
    for (const std::string_view name : kSelectionFields)
        if (const YamlNode* key = meta.key(name)) present.emplace_back(key, name);
    std::sort(present.begin(), present.end(), [](const auto& a, const auto& b) {
        return std::pair(a.first->line, a.first->column) < std::pair(b.first->line, b.first->column);
    });
    for (std::size_t i = 1; i < present.size(); ++i)
        r.error(*present[i].first, "site-selection",
                fmt::format("metadata has both {} and {}; keep exactly one of site, sites or siteSelector",
                            present[0].second, present[i].second));
    const YamlNode* first = present.empty() ? nullptr : present[0].first;
    const std::string_view first_name = present.empty() ? std::string_view() : present[0].second;
    if (!first) {
        r.error(meta.map(), "missing-field",
                "missing required field 'site' in metadata (or 'sites' or 'siteSelector' for several sites)");
        return;
    }
    const YamlNode& value = *meta.value(first_name);
    decl.site_location = r.at(value);
    if (first_name == "site") {
        decl.selection.kind = SiteSelection::Kind::site;
        if (auto v = r.name_value(value, "metadata.site")) {
            decl.webhook.site = *v;
            decl.has_site = true;
        }
    } else if (first_name == "sites") {
        decl.selection.kind = SiteSelection::Kind::sites;
        read_sites(r, value, decl);
    } else {
        decl.selection.kind = SiteSelection::Kind::selector;
        if (auto v = read_selector(r, value)) {
            decl.selection.selector = std::move(*v);
            decl.has_site = true;
        }
    }
}

void read_metadata(FieldReader& r, const YamlNode& metadata, WebhookDeclaration& decl) {
    const Fields meta = r.fields(metadata, "metadata", kWebhookMetadataFields);
    if (const YamlNode* name = r.require(meta, "name")) {
        decl.webhook.location = r.at(*name);
        if (auto v = r.name_value(*name, "metadata.name")) {
            decl.webhook.name = *v;
            decl.has_name = true;
        }
    }
    read_selection(r, meta, decl);
}

void read_spec(FieldReader& r, const YamlNode& spec_node, model::Webhook& webhook, std::vector<TemplateField>& fields) {
    const Fields spec = r.fields(spec_node, "spec", kWebhookSpecFields);
    if (const YamlNode* event = r.require(spec, "event")) read_event(r, *event, webhook);
    if (const YamlNode* url = r.require(spec, "url"))
        if (auto field = read_template_field(r, *url, "url", TemplateField::Target::url, false, false))
            fields.push_back(std::move(*field));
    if (const YamlNode* enabled = spec.value("enabled"))
        if (auto v = r.bool_value(*enabled, "enabled")) webhook.enabled = *v;
    if (const YamlNode* test = spec.value("test"))
        if (auto v = r.enum_value(*test, "test", model::test_policy_names())) webhook.test = *v;
}

} // namespace

WebhookDeclaration read_webhook(FieldReader& reader, const Fields& top, std::vector<TemplateField>& fields) {
    WebhookDeclaration decl;
    decl.webhook.location = reader.at(top.map());
    decl.site_location = decl.webhook.location;
    if (const YamlNode* metadata = reader.require(top, "metadata"); metadata && reader.check_map(*metadata, "metadata"))
        read_metadata(reader, *metadata, decl);
    if (const YamlNode* spec = reader.require(top, "spec"); spec && reader.check_map(*spec, "spec"))
        read_spec(reader, *spec, decl.webhook, fields);
    return decl;
}

} // namespace tabhook::manifest
