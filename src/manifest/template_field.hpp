#pragma once
// A string field that takes references (server, the auth values, url), through the reader's passes:
//   1. read: its references parsed (syntax only), a literal secret refused;
//   2. resolve: its references looked up (skipped by `validate --offline`, which keeps the text as written);
//   3. store: its value checked (url_rules.hpp) and stored in the declaration (document.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/field_reader.hpp"
#include "manifest/reference.hpp"

namespace tabhook::manifest {

struct TemplateField {
    enum class Target { server, auth_name, auth_secret, url };
    Target target = Target::server;
    std::string label; // "auth.personalAccessToken.secret"
    model::Location location;
    Template text;
    std::string value; // the text as written, until resolved
    bool resolved = false;
    bool failed = false; // a reference did not resolve (reported): the value is not stored
    // url, once resolved: each reference's own value, of those long enough to be a secret (a short one would
    // garble unrelated text when masked).
    std::vector<std::string> reference_values;
    // url with ${site.…} references: the text with its other references resolved (as written until then,
    // and with `--offline`) and the site references kept, for the expansion to substitute per site.
    Template per_site;
};

// Pass 1. `secret`: a PAT secret or password, which must not be written literally unless
// `allow_literal_secrets`.
std::optional<TemplateField> read_template_field(FieldReader& reader, const YamlNode& value, std::string_view label,
                                                 TemplateField::Target target, bool secret, bool allow_literal_secrets);

// Pass 2: resolves the field's references; a failure is reported and marks the field failed.
void resolve_field(TemplateField& field, const ResolveContext& context, Diagnostics& diagnostics);

} // namespace tabhook::manifest
