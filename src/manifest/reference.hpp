#pragma once
// References in manifest strings: ${env:NAME}, ${file:PATH}, ${credential:NAME}, whole or inside a
// string; "$${" is a literal "${". A Webhook's url also takes ${site.name}, ${site.contentUrl} and
// ${site.label:KEY}: resolved per selected site when a declaration is expanded (manifest/expansion.hpp),
// also with `validate --offline`, and never counted as secrets (they are written in the manifests). Parsing checks
// syntax only (enough for `validate --offline`); resolving reads the environment, files and systemd credentials and
// fails closed: a reference that cannot be resolved is an error, never a literal "${...}" sent on.
//
// Error messages name the reference (`${env:RELAY_TOKEN}`) but never the text around it nor a
// resolved value: both may be secret.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/desired.hpp"
#include "util/result.hpp"

namespace tabhook::manifest {

struct Reference {
    enum class Source { env, file, credential, site };
    Source source = Source::env;
    std::string argument;         // variable name, path or credential name; site: name, contentUrl or label:KEY
    std::string spelling() const; // "${env:NAME}", "${site.label:KEY}"
};

// A string split at its references. Literal parts have "$${" already turned into "${".
struct Template {
    struct Part {
        std::string literal;
        std::optional<Reference> reference;
    };
    std::vector<Part> parts;

    bool has_references() const;
    bool has_site_references() const;
    // The literal text before the first reference (all of it when there is none).
    std::string literal_prefix() const;
    // The text with references left as written: what `--offline` keeps.
    std::string unresolved() const;
};

Result<Template> parse_template(std::string_view text);

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct ResolveContext {
    EnvLookup env;                                    // never empty
    std::optional<std::string> credentials_directory; // $CREDENTIALS_DIRECTORY
    std::string base_directory;                       // the manifest's folder, for ${file:}
};

// The resolved text, or an error naming the reference that failed. Values holding a line break or
// another control character are refused: they would end up in an HTTP header or a URL.
// A ${site.…} reference makes it fail: those are resolved per site (substitute_site).
Result<std::string> resolve(const Template& t, const ResolveContext& context);

// The template with its env/file/credential references resolved into literal text and its ${site.…}
// references kept.
Result<Template> resolve_except_site(const Template& t, const ResolveContext& context);

// The template with its ${site.…} references replaced by the site's values (other references kept).
// Fails when a ${site.label:KEY} names a label the site does not have; the message names the reference.
Result<Template> substitute_site(const Template& t, const model::Site& site);

} // namespace tabhook::manifest
