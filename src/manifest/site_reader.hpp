#pragma once
// A Site document (pass 1): metadata.name and .labels, and spec's server, contentUrl, restApiVersion, auth, prune,
// updateStrategy, suspend and ownership. The strings that take references (server, the auth values) are
// added to `fields` for the resolve pass; the rest is in the declaration.
#include <vector>

#include "manifest/declarations.hpp"
#include "manifest/field_reader.hpp"
#include "manifest/template_field.hpp"

namespace tabhook::manifest {

SiteDeclaration read_site(FieldReader& reader, const Fields& top, bool allow_literal_secrets,
                          std::vector<TemplateField>& fields);

} // namespace tabhook::manifest
