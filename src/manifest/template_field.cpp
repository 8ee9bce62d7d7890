#include "manifest/template_field.hpp"

#include <fmt/format.h>

namespace tabhook::manifest {

namespace {

std::vector<std::string> reference_values(const Template& text, const ResolveContext& context) {
    std::vector<std::string> out;
    for (const auto& part : text.parts) {
        if (!part.reference || part.reference->source == Reference::Source::site) continue; // site: never secret
        Template one;
        one.parts.push_back(part);
        one.parts.back().literal.clear();
        if (auto v = resolve(one, context); v && v->size() >= 6) out.push_back(std::move(*v));
    }
    return out;
}

} // namespace

std::optional<TemplateField> read_template_field(FieldReader& reader, const YamlNode& value, std::string_view label,
                                                 TemplateField::Target target, bool secret,
                                                 bool allow_literal_secrets) {
    auto text = reader.template_value(value, label);
    if (!text) return std::nullopt;
    if (text->has_site_references() && target != TemplateField::Target::url) {
        reader.error(value, "reference-not-allowed",
                     fmt::format("{}: ${{site.…}} references may appear only in a Webhook's url", label));
        return std::nullopt;
    }
    if (secret && !text->has_references() && !allow_literal_secrets) {
        reader.error(value, "literal-secret",
                     fmt::format("{} is written literally; use a reference such as ${{env:NAME}} or "
                                 "${{credential:NAME}}, or pass --allow-literal-secrets",
                                 label),
                     true);
        return std::nullopt;
    }
    TemplateField field;
    field.target = target;
    field.label = std::string(label);
    field.location = reader.at(value);
    field.value = text->unresolved();
    field.per_site = *text;
    field.text = std::move(*text);
    return field;
}

void resolve_field(TemplateField& field, const ResolveContext& context, Diagnostics& diagnostics) {
    // ${site.…} references stay in per_site for the expansion; a text without them becomes one literal.
    auto resolved = resolve_except_site(field.text, context);
    if (!resolved) {
        diagnostics.add(field.location, "reference-unresolved",
                        fmt::format("{}: {}", field.label, resolved.error().message), true);
        field.failed = true;
        return;
    }
    field.per_site = std::move(*resolved);
    field.value = field.per_site.unresolved();
    field.resolved = true;
    if (field.target == TemplateField::Target::url) field.reference_values = reference_values(field.text, context);
}

} // namespace tabhook::manifest
