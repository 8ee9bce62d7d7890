#include "manifest/document.hpp"

#include <array>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "manifest/field_reader.hpp"
#include "manifest/site_reader.hpp"
#include "manifest/url_rules.hpp"
#include "manifest/webhook_reader.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::string_view kApiVersion = "tabhook/v1";
constexpr std::array<std::string_view, 4> kTopFields{"apiVersion", "kind", "metadata", "spec"};
constexpr std::array<std::string_view, 2> kKinds{"Site", "Webhook"};

const YamlNode* first_value(const YamlNode& map, std::string_view name) {
    for (std::size_t i = 0; i < map.map_size(); ++i)
        if (map.key(i).kind == YamlNode::Kind::scalar && map.key(i).value == name) return &map.value_at(i);
    return nullptr;
}

std::optional<std::string> scalar_text(const YamlNode* node) {
    if (!node || node->kind != YamlNode::Kind::scalar) return std::nullopt;
    return node->value;
}

// True when the document is a tabhook/v1 one; else it is reported (a Site or Webhook with another
// apiVersion) or listed as skipped (someone else's document).
bool check_api_version(FieldReader& r, const YamlNode& root, Document& doc) {
    const YamlNode* api = first_value(root, "apiVersion");
    const std::optional<std::string> api_text = scalar_text(api);
    const std::optional<std::string> kind_text = scalar_text(first_value(root, "kind"));
    const bool ours = kind_text && (*kind_text == "Site" || *kind_text == "Webhook");
    if (!api_text || !api_text->starts_with("tabhook/")) {
        if (ours) {
            const std::string need = fmt::format("{} documents need apiVersion: {}", *kind_text, kApiVersion);
            if (api)
                r.error(*api, "api-version", api_text ? fmt::format("{}, not {}", need, quoted(*api_text)) : need);
            else
                r.error(root, "api-version", fmt::format("missing apiVersion; {}", need));
        } else {
            doc.skipped = fmt::format("{}: apiVersion {}, kind {}", to_string(r.at(root)),
                                      api_text ? *api_text : "(none)", kind_text ? *kind_text : "(none)");
        }
        return false;
    }
    if (*api_text != kApiVersion) {
        r.error(*api, "api-version",
                fmt::format("unknown apiVersion {}; this version of tabhook reads {}", quoted(*api_text), kApiVersion));
        return false;
    }
    return true;
}

// A field's value stored where it belongs, after the URL rules.
void store(const TemplateField& field, SiteDeclaration& decl, Diagnostics& diagnostics) {
    switch (field.target) {
    case TemplateField::Target::server:
        if (check_url(field, "server", diagnostics)) check_server_root(field, diagnostics);
        decl.site.server = field.value;
        decl.server_known = field.resolved || !field.text.has_references();
        break;
    case TemplateField::Target::auth_name: decl.site.auth.name = field.value; break;
    case TemplateField::Target::auth_secret: decl.site.auth.secret = field.value; break;
    case TemplateField::Target::url: break; // not a Site's
    }
}

void store(const TemplateField& field, WebhookDeclaration& decl, Diagnostics& diagnostics) {
    if (field.target != TemplateField::Target::url) return;
    // A url with ${site.…} is checked per site, once the expansion has substituted them.
    if (field.text.has_site_references())
        decl.url_per_site = field;
    else
        check_url(field, "url", diagnostics);
    decl.webhook.url = field.value;
    decl.webhook.url_reference_values = field.reference_values;
}

void store(const TemplateField&, std::monostate&, Diagnostics&) {}

} // namespace

Document read_document(const YamlNode& root, const std::string& file, const LoadOptions& options,
                       Diagnostics& diagnostics) {
    Document doc;
    FieldReader r(file, diagnostics);
    if (root.kind != YamlNode::Kind::map) {
        if (root.kind != YamlNode::Kind::null) doc.skipped = fmt::format("{}: not a mapping", to_string(r.at(root)));
        return doc;
    }
    if (!check_api_version(r, root, doc)) return doc;
    const Fields top = r.fields(root, "the document", kTopFields);
    const YamlNode* kind_node = top.value("kind");
    if (!kind_node) {
        r.error(root, "missing-field", "missing required field 'kind'; expected Site or Webhook");
        return doc;
    }
    const std::optional<std::string> kind_text = scalar_text(kind_node);
    if (!kind_text) {
        r.type_error(*kind_node, "kind must be a string: Site or Webhook");
    } else if (*kind_text == "Site") {
        doc.declaration = read_site(r, top, options.allow_literal_secrets, doc.fields);
    } else if (*kind_text == "Webhook") {
        doc.declaration = read_webhook(r, top, doc.fields);
    } else {
        std::string hint = did_you_mean(*kind_text, kKinds);
        if (hint.empty()) hint = "; expected Site or Webhook";
        r.error(*kind_node, "unknown-kind", fmt::format("unknown kind {}{}", quoted(*kind_text), hint));
    }
    return doc;
}

void resolve_references(Document& document, const ResolveContext& context, Diagnostics& diagnostics) {
    for (auto& field : document.fields) resolve_field(field, context, diagnostics);
}

void add_document(Document document, Declarations& out, Diagnostics& diagnostics) {
    for (const auto& field : document.fields)
        if (!field.failed) // its references did not resolve (reported): nothing to store
            std::visit([&](auto& decl) { store(field, decl, diagnostics); }, document.declaration);
    if (document.skipped) out.skipped.push_back(std::move(*document.skipped));
    if (auto* site = std::get_if<SiteDeclaration>(&document.declaration)) out.sites.push_back(std::move(*site));
    if (auto* webhook = std::get_if<WebhookDeclaration>(&document.declaration))
        out.webhooks.push_back(std::move(*webhook));
}

} // namespace tabhook::manifest
