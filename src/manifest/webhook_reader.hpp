#pragma once
// A Webhook document (pass 1): metadata.name and one of .site, .sites and .siteSelector, and spec's event, url, enabled
// and test. The url takes references: it is added to `fields` for the resolve pass; the rest is in the declaration.
#include <vector>

#include "manifest/declarations.hpp"
#include "manifest/field_reader.hpp"
#include "manifest/template_field.hpp"

namespace tabhook::manifest {

WebhookDeclaration read_webhook(FieldReader& reader, const Fields& top, std::vector<TemplateField>& fields);

} // namespace tabhook::manifest
