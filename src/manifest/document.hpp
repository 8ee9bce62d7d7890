#pragma once
// One YAML document -> a Site or a Webhook declaration, with every problem the document shows on its
// own: unknown and missing fields, wrong types, enums, events, URLs and references. Rules that need
// several documents (duplicates, site references, name prefixes) are checked later, in cross_checks.
//
// A document goes through three passes (the loader runs them file by file):
//   1. read_document: the YAML read into a declaration; strings that take references are parsed, not
//      resolved (template_field.hpp);
//   2. resolve_references: the references looked up. `validate --offline` skips this pass, so a
//      pull-request check needs no secrets and the loaded state holds the references as written;
//   3. add_document: the URL rules checked on what is known, the values stored, the declaration added.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "manifest/declarations.hpp"
#include "manifest/diagnostic.hpp"
#include "manifest/load_options.hpp"
#include "manifest/reference.hpp"
#include "manifest/template_field.hpp"
#include "manifest/yaml_tree.hpp"

namespace tabhook::manifest {

struct Document {
    std::variant<std::monostate, SiteDeclaration, WebhookDeclaration> declaration;
    std::optional<std::string> skipped; // not tabhook's: "file:line:col: apiVersion v1, kind ConfigMap"
    std::vector<TemplateField> fields;  // its strings that take references, in the order they are written
};

// Pass 1: reads one document of `file`.
Document read_document(const YamlNode& root, const std::string& file, const LoadOptions& options,
                       Diagnostics& diagnostics);

// Pass 2: resolves the references of the document's fields.
void resolve_references(Document& document, const ResolveContext& context, Diagnostics& diagnostics);

// Pass 3: checks the fields' values, stores them in the declaration and adds it to `out` (a document that
// is not tabhook's to `out.skipped`).
void add_document(Document document, Declarations& out, Diagnostics& diagnostics);

} // namespace tabhook::manifest
