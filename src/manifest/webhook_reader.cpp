#include "manifest/webhook_reader.hpp"

#include <array>
#include <string_view>

#include <fmt/format.h>

#include "model/events.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::array<std::string_view, 2> kWebhookMetadataFields{"name", "site"};
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

void read_metadata(FieldReader& r, const YamlNode& metadata, WebhookDeclaration& decl) {
    const Fields meta = r.fields(metadata, "metadata", kWebhookMetadataFields);
    if (const YamlNode* name = r.require(meta, "name")) {
        decl.webhook.location = r.at(*name);
        if (auto v = r.name_value(*name, "metadata.name")) {
            decl.webhook.name = *v;
            decl.has_name = true;
        }
    }
    if (const YamlNode* site = r.require(meta, "site")) {
        decl.site_location = r.at(*site);
        if (auto v = r.name_value(*site, "metadata.site")) {
            decl.webhook.site = *v;
            decl.has_site = true;
        }
    }
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
