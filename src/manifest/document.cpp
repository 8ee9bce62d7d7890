#include "manifest/document.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "model/events.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::string_view kApiVersion = "tabhook/v1";
constexpr std::array<std::string_view, 4> kTopFields{"apiVersion", "kind", "metadata", "spec"};
constexpr std::array<std::string_view, 2> kKinds{"Site", "Webhook"};
constexpr std::array<std::string_view, 1> kSiteMetadataFields{"name"};
constexpr std::array<std::string_view, 2> kWebhookMetadataFields{"name", "site"};
constexpr std::array<std::string_view, 8> kSiteSpecFields{"server", "contentUrl",     "restApiVersion", "auth",
                                                          "prune",  "updateStrategy", "suspend",        "ownership"};
constexpr std::array<std::string_view, 2> kAuthFields{"personalAccessToken", "password"};
constexpr std::array<std::string_view, 2> kPatFields{"name", "secret"};
constexpr std::array<std::string_view, 2> kPasswordFields{"username", "password"};
constexpr std::array<std::string_view, 1> kOwnershipFields{"namePrefix"};
constexpr std::array<std::string_view, 4> kWebhookSpecFields{"event", "url", "enabled", "test"};

// Suggestions are skipped for very long words: edit distance is quadratic.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    if (word.size() > 100) return "";
    const auto match = util::closest_match(word, candidates);
    return match ? fmt::format("; did you mean '{}'?", *match) : "";
}

std::string join(std::span<const std::string_view> words, std::string_view last_separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? last_separator : ", ";
        out += words[i];
    }
    return out;
}

bool has_control_character(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}

// A YAML mapping with its keys checked: duplicates and unknown keys are reported once, here.
class Fields {
  public:
    Fields(const YamlNode& map, std::string where, std::span<const std::string_view> allowed, const std::string& file,
           Diagnostics& diagnostics)
        : map_(map), where_(std::move(where)) {
        std::unordered_map<std::string_view, const YamlNode*> seen;
        for (std::size_t i = 0; i < map.map_size(); ++i) {
            const YamlNode& key = map.key(i);
            const model::Location at{file, key.line, key.column};
            if (key.kind != YamlNode::Kind::scalar) {
                diagnostics.add(at, "wrong-type", fmt::format("keys in {} must be strings", where_));
                continue;
            }
            if (const auto [it, inserted] = seen.emplace(key.value, &key); !inserted) {
                diagnostics.add(at, "duplicate-key",
                                fmt::format("duplicate key {} in {}; the first is at line {}", quoted(key.value),
                                            where_, it->second->line),
                                true);
                continue;
            }
            bool known = false;
            for (auto name : allowed) known = known || name == key.value;
            if (known) {
                found_.emplace(key.value, i);
                continue;
            }
            // "secret:abc" (no space after the colon) is one plain scalar, the value glued to the key:
            // name the key, never what follows the colon, which may be a secret.
            if (const auto colon = key.value.find(':'); colon != std::string::npos && colon > 0) {
                const std::string_view name = std::string_view(key.value).substr(0, std::min<std::size_t>(colon, 60));
                const bool known_name = std::find(allowed.begin(), allowed.end(), name) != allowed.end();
                diagnostics.add(at, "unknown-field",
                                fmt::format("unknown field '{}:…' in {}; {}", name, where_,
                                            known_name ? fmt::format("put a space after the colon: '{}: …'", name)
                                                       : fmt::format("a key and its value need a space after "
                                                                     "the colon{}",
                                                                     did_you_mean(name, allowed))));
                continue;
            }
            std::string hint = did_you_mean(key.value, allowed);
            if (hint.empty()) hint = fmt::format("; expected {}", join(allowed, " or "));
            diagnostics.add(at, "unknown-field",
                            fmt::format("unknown field {} in {}{}", quoted(key.value), where_, hint));
        }
    }

    const YamlNode* value(std::string_view name) const {
        const auto it = found_.find(name);
        return it == found_.end() ? nullptr : &map_.value_at(it->second);
    }
    const YamlNode* key(std::string_view name) const {
        const auto it = found_.find(name);
        return it == found_.end() ? nullptr : &map_.key(it->second);
    }
    const std::string& where() const { return where_; }
    const YamlNode& map() const { return map_; }

  private:
    const YamlNode& map_;
    std::string where_;
    std::unordered_map<std::string_view, std::size_t> found_;
};

// A string field that takes references, after parsing and (unless offline) resolving them.
struct TemplateField {
    Template text;
    std::string value; // resolved, or the text as written when offline
    bool resolved = false;
    model::Location location;
};

class DocumentReader {
  public:
    DocumentReader(const std::string& file, const LoadOptions& options, const ResolveContext& context,
                   Declarations& out, Diagnostics& diagnostics)
        : file_(file), options_(options), context_(context), out_(out), diags_(diagnostics) {}

    void read(const YamlNode& root) {
        if (root.kind != YamlNode::Kind::map) {
            if (root.kind != YamlNode::Kind::null)
                out_.skipped.push_back(fmt::format("{}: not a mapping", to_string(at(root))));
            return;
        }
        const YamlNode* api = first_value(root, "apiVersion");
        const YamlNode* kind = first_value(root, "kind");
        const std::optional<std::string> api_text = scalar_text(api);
        const std::optional<std::string> kind_text = scalar_text(kind);
        const bool ours = kind_text && (*kind_text == "Site" || *kind_text == "Webhook");
        if (!api_text || !api_text->starts_with("tabhook/")) {
            if (ours) {
                const std::string need = fmt::format("{} documents need apiVersion: {}", *kind_text, kApiVersion);
                if (api)
                    error(*api, "api-version", api_text ? fmt::format("{}, not {}", need, quoted(*api_text)) : need);
                else
                    error(root, "api-version", fmt::format("missing apiVersion; {}", need));
            } else {
                out_.skipped.push_back(fmt::format("{}: apiVersion {}, kind {}", to_string(at(root)),
                                                   api_text ? *api_text : "(none)", kind_text ? *kind_text : "(none)"));
            }
            return;
        }
        if (*api_text != kApiVersion) {
            error(
                *api, "api-version",
                fmt::format("unknown apiVersion {}; this version of tabhook reads {}", quoted(*api_text), kApiVersion));
            return;
        }
        Fields top(root, "the document", kTopFields, file_, diags_);
        const YamlNode* kind_node = top.value("kind");
        if (!kind_node) {
            error(root, "missing-field", "missing required field 'kind'; expected Site or Webhook");
            return;
        }
        if (!kind_text) {
            type_error(*kind_node, "kind must be a string: Site or Webhook");
            return;
        }
        if (*kind_text == "Site") return read_site(top);
        if (*kind_text == "Webhook") return read_webhook(top);
        std::string hint = did_you_mean(*kind_text, kKinds);
        if (hint.empty()) hint = "; expected Site or Webhook";
        error(*kind_node, "unknown-kind", fmt::format("unknown kind {}{}", quoted(*kind_text), hint));
    }

  private:
    model::Location at(const YamlNode& node) const { return model::Location{file_, node.line, node.column}; }

    void error(const YamlNode& node, std::string rule, std::string message, bool cross_document = false) {
        diags_.add(at(node), std::move(rule), std::move(message), cross_document);
    }
    void type_error(const YamlNode& node, std::string message) { error(node, "wrong-type", std::move(message)); }

    static const YamlNode* first_value(const YamlNode& map, std::string_view name) {
        for (std::size_t i = 0; i < map.map_size(); ++i)
            if (map.key(i).kind == YamlNode::Kind::scalar && map.key(i).value == name) return &map.value_at(i);
        return nullptr;
    }
    static std::optional<std::string> scalar_text(const YamlNode* node) {
        if (!node || node->kind != YamlNode::Kind::scalar) return std::nullopt;
        return node->value;
    }

    // Reports a missing field at the mapping that should hold it.
    const YamlNode* require(const Fields& fields, std::string_view name) {
        const YamlNode* v = fields.value(name);
        if (!v)
            error(fields.map(), "missing-field",
                  fmt::format("missing required field '{}' in {}", name, fields.where()));
        return v;
    }

    // The node is a mapping (the field exists); else reports it.
    bool check_map(const YamlNode& value, std::string_view label) {
        if (value.kind == YamlNode::Kind::map) return true;
        if (!check_not_alias(value)) return false;
        type_error(value, fmt::format("{} must be a mapping", label));
        return false;
    }

    bool check_not_alias(const YamlNode& value) {
        if (value.kind != YamlNode::Kind::alias) return true;
        error(value, "yaml-alias", "YAML aliases (*name) are not allowed in tabhook documents; write the value out");
        return false;
    }

    // A scalar that a YAML 1.2 reader sees as a string. `secret`: never echo the value.
    std::optional<std::string> string_value(const YamlNode& value, std::string_view label, bool secret) {
        if (!check_not_alias(value)) return std::nullopt;
        if (value.kind != YamlNode::Kind::scalar && value.kind != YamlNode::Kind::null) {
            type_error(value, fmt::format("{} must be a string", label));
            return std::nullopt;
        }
        switch (scalar_type(value)) {
        case ScalarType::string: break;
        case ScalarType::null:
            type_error(value, fmt::format("{} must be a string, not empty", label));
            return std::nullopt;
        case ScalarType::unsupported_tag:
            // A value starting with '!' reads as a tag: on a secret, the tag may be the secret itself.
            error(value, "yaml-tag",
                  secret ? fmt::format("unsupported YAML tag on {}; quote a value that starts with '!'", label)
                         : fmt::format("unsupported YAML tag {} on {}; quote a value that starts with '!'",
                                       quoted(value.tag), label));
            return std::nullopt;
        case ScalarType::boolean:
        case ScalarType::integer:
        case ScalarType::floating:
            type_error(value, secret ? fmt::format("{} must be a string; quote it", label)
                                     : fmt::format("{} must be a string; quote it: \"{}\"", label, value.value));
            return std::nullopt;
        }
        if (has_control_character(value.value)) {
            error(value, "control-character",
                  fmt::format("{} must not contain line breaks or control characters", label));
            return std::nullopt;
        }
        return value.value;
    }

    // A string that takes no references: "${" must be written "$${".
    std::optional<std::string> plain_string(const YamlNode& value, std::string_view label) {
        auto text = string_value(value, label, false);
        if (!text) return std::nullopt;
        const auto t = parse_template(*text);
        if (!t || t->has_references()) {
            error(value, "reference-not-allowed",
                  fmt::format("references are not allowed in {}; only server, auth values and url take them "
                              "(write $${{ for a literal ${{)",
                              label));
            return std::nullopt;
        }
        return t->unresolved();
    }

    std::optional<std::string> name_value(const YamlNode& value, std::string_view label) {
        auto text = plain_string(value, label);
        if (text && util::trim(*text).empty()) {
            error(value, "empty-name", fmt::format("{} must not be empty", label));
            return std::nullopt;
        }
        return text;
    }

    // Each reference's own value, of those long enough to be a secret (a short one would garble
    // unrelated text when masked).
    std::vector<std::string> reference_values(const Template& text) const {
        std::vector<std::string> out;
        for (const auto& part : text.parts) {
            if (!part.reference) continue;
            Template one;
            one.parts.push_back(part);
            one.parts.back().literal.clear();
            if (auto v = resolve(one, context_); v && v->size() >= 6) out.push_back(std::move(*v));
        }
        return out;
    }

    // A string that takes references. `literal_secret`: a PAT secret or password, which must not be
    // written literally unless allowed.
    std::optional<TemplateField> template_value(const YamlNode& value, std::string_view label, bool is_secret) {
        auto text = string_value(value, label, true);
        if (!text) return std::nullopt;
        auto parsed = parse_template(*text);
        if (!parsed) {
            error(value, "reference-syntax", fmt::format("{}: {}", label, parsed.error().message));
            return std::nullopt;
        }
        TemplateField field{std::move(*parsed), "", false, at(value)};
        if (is_secret && !field.text.has_references() && !options_.allow_literal_secrets) {
            error(value, "literal-secret",
                  fmt::format("{} is written literally; use a reference such as ${{env:NAME}} or "
                              "${{credential:NAME}}, or pass --allow-literal-secrets",
                              label),
                  true);
            return std::nullopt;
        }
        if (!options_.resolve_references) {
            field.value = field.text.unresolved();
            return field;
        }
        auto resolved = resolve(field.text, context_);
        if (!resolved) {
            error(value, "reference-unresolved", fmt::format("{}: {}", label, resolved.error().message), true);
            return std::nullopt;
        }
        field.value = std::move(*resolved);
        field.resolved = true;
        return field;
    }

    // https://, or http:// to a loopback host. Checked on what is written (the literal text before
    // the first reference), and again on the resolved value.
    // `spec.server` is the address the REST API hangs under: tabhook sends `<server>/api/…`. A path is kept
    // (a reverse proxy may publish Tableau under one) and is not an error; what is certainly not such an
    // address is: a query or fragment (never sent to a server; `https://10ax.online.tableau.com/#/site/x`,
    // copied from a browser, is the common case), or a path that is a page of Tableau's web UI or its API
    // (`/t/x`, `/site/x`, `/#/…`, `/views/…`, `/api/…`). Any other wrong path shows at the first request:
    // "no Tableau REST API at …" (tableau/session.cpp).
    void check_server_root(const TemplateField& field, const YamlNode& node) {
        if (field.text.has_references() && !field.resolved) return;
        const auto url = util::parse_url(field.value);
        if (!url || url->target.empty() || url->target == "/") return;
        const std::string& target = url->target;
        const std::size_t query = target.find_first_of("?#");
        const auto path_parts = [](std::string_view path) {
            if (!path.empty() && path.front() == '/') path.remove_prefix(1);
            return util::split(path, '/');
        };
        const auto segments = path_parts(std::string_view(target).substr(0, query));
        const std::string first = segments.empty() ? "" : util::to_lower(segments[0]);
        const bool ui_path = first == "t" || first == "site" || first == "views" || first == "api";
        if (query == std::string::npos && !ui_path) return;
        // The site's contentUrl, when the URL names one: `/t/x/…`, `/#/site/x/…`.
        std::string site;
        const auto parts = path_parts(target);
        for (std::size_t i = 0; i + 1 < parts.size() && site.empty(); ++i)
            if ((parts[i] == "t" || parts[i] == "site") && parts[i + 1].find_first_of("?#") == std::string::npos)
                site = parts[i + 1];
        error(
            node, "server-not-root",
            fmt::format("server must be the server's root URL, not the address of a page ({}): use {}{}",
                        query == std::string::npos ? "a path of Tableau's web UI or API" : "it has a query or fragment",
                        url->origin(), site.empty() ? "" : fmt::format(" with contentUrl: \"{}\"", site)));
    }

    bool check_url(const TemplateField& field, const YamlNode& node, std::string_view label) {
        const std::string rule_text =
            fmt::format("{} must use https:// (http:// only for loopback hosts, for local testing)", label);
        const bool whole_literal = !field.text.has_references();
        if (!whole_literal) {
            const std::string prefix = field.text.literal_prefix();
            const std::size_t sep = prefix.find("://");
            if (prefix.empty()) {
                // Starts with a reference: only the resolved value can tell.
            } else if (sep == std::string::npos) {
                if (!std::string_view("https://").starts_with(util::to_lower(prefix))) {
                    error(node, "url-scheme", rule_text);
                    return false;
                }
            } else {
                const std::string scheme = util::to_lower(prefix.substr(0, sep));
                const std::string rest = prefix.substr(sep + 3);
                const std::size_t host_end = rest.find_first_of("/?#");
                if (scheme == "http") {
                    const auto url = util::parse_url(prefix.substr(0, sep + 3) + rest.substr(0, host_end));
                    if (host_end == std::string::npos || !url || !util::is_https_or_loopback_http(*url)) {
                        error(node, "url-scheme", rule_text + "; write a loopback host literally");
                        return false;
                    }
                } else if (scheme != "https") {
                    error(node, "url-scheme", rule_text);
                    return false;
                }
            }
        }
        if (!whole_literal && !field.resolved) return false;
        const auto url = util::parse_url(field.value);
        if (!url || url->host.empty()) {
            error(node, "invalid-url",
                  fmt::format("{} is not a valid absolute URL: {}", label, util::redact_url(field.value)));
            return false;
        }
        const bool ok = util::is_https_or_loopback_http(*url);
        if (!ok) error(node, "url-scheme", fmt::format("{}: {}", rule_text, util::redact_url(field.value)));
        return ok;
    }

    std::optional<bool> bool_value(const YamlNode& value, std::string_view label) {
        if (!check_not_alias(value)) return std::nullopt;
        if (value.kind == YamlNode::Kind::scalar && scalar_type(value) == ScalarType::boolean) {
            const char c = value.value.empty() ? 'f' : value.value[0];
            return c == 't' || c == 'T';
        }
        type_error(value, fmt::format("{} must be true or false", label));
        return std::nullopt;
    }

    // One of `choices`, returned as its index.
    std::optional<std::size_t> enum_value(const YamlNode& value, std::string_view label,
                                          std::span<const std::string_view> choices) {
        const std::string expected = join(choices, " or ");
        if (!check_not_alias(value)) return std::nullopt;
        if (value.kind != YamlNode::Kind::scalar || scalar_type(value) != ScalarType::string) {
            type_error(value, fmt::format("{} must be {}", label, expected));
            return std::nullopt;
        }
        for (std::size_t i = 0; i < choices.size(); ++i)
            if (choices[i] == value.value) return i;
        error(value, "invalid-value",
              fmt::format("{} must be {}, not {}{}", label, expected, quoted(value.value),
                          did_you_mean(value.value, choices)));
        return std::nullopt;
    }

    // --- Site -----------------------------------------------------------------------------------

    void read_site(const Fields& top) {
        SiteDeclaration decl;
        decl.site.location = at(top.map());
        if (const YamlNode* metadata = require(top, "metadata"); metadata && check_map(*metadata, "metadata")) {
            Fields meta(*metadata, "metadata", kSiteMetadataFields, file_, diags_);
            if (const YamlNode* name = require(meta, "name")) {
                decl.site.location = at(*name);
                if (auto v = name_value(*name, "metadata.name")) {
                    decl.site.name = *v;
                    decl.has_name = true;
                }
            }
        }
        if (const YamlNode* spec = require(top, "spec"); spec && check_map(*spec, "spec")) read_site_spec(*spec, decl);
        out_.sites.push_back(std::move(decl));
    }

    void read_site_spec(const YamlNode& spec_node, SiteDeclaration& decl) {
        model::Site& site = decl.site;
        Fields spec(spec_node, "spec", kSiteSpecFields, file_, diags_);
        if (const YamlNode* server = require(spec, "server")) {
            if (auto field = template_value(*server, "server", false)) {
                if (check_url(*field, *server, "server")) check_server_root(*field, *server);
                site.server = field->value;
                decl.server_known = field->resolved || !field->text.has_references();
            }
        }
        if (const YamlNode* content_url = spec.value("contentUrl")) {
            if (content_url->kind == YamlNode::Kind::null) {
                type_error(*content_url, "contentUrl must be a string; write \"\" for the default site");
            } else if (auto v = plain_string(*content_url, "contentUrl")) {
                site.content_url = *v;
                decl.content_url_known = true;
            }
        } else {
            // Required: a forgotten contentUrl must not silently mean the default site.
            require(spec, "contentUrl");
        }
        if (const YamlNode* version = spec.value("restApiVersion")) read_rest_api_version(*version, site);
        if (const YamlNode* auth = require(spec, "auth"); auth && check_map(*auth, "auth")) read_auth(*auth, site.auth);
        if (const YamlNode* prune = spec.value("prune")) {
            constexpr std::array<std::string_view, 3> choices{"none", "owned", "all"};
            if (auto i = enum_value(*prune, "prune", choices))
                site.prune = *i == 0 ? model::Prune::none : *i == 1 ? model::Prune::owned : model::Prune::all;
        }
        if (const YamlNode* strategy = spec.value("updateStrategy")) {
            constexpr std::array<std::string_view, 2> choices{"replace", "in-place"};
            if (auto i = enum_value(*strategy, "updateStrategy", choices))
                site.update_strategy = *i == 0 ? model::UpdateStrategy::replace : model::UpdateStrategy::in_place;
        }
        if (const YamlNode* suspend = spec.value("suspend"))
            if (auto v = bool_value(*suspend, "suspend")) site.suspend = *v;
        if (const YamlNode* ownership = spec.value("ownership"); ownership && check_map(*ownership, "ownership")) {
            Fields own(*ownership, "ownership", kOwnershipFields, file_, diags_);
            if (const YamlNode* prefix = own.value("namePrefix")) {
                if (auto v = plain_string(*prefix, "ownership.namePrefix")) {
                    if (v->empty())
                        error(*prefix, "empty-name", "ownership.namePrefix must not be empty; leave it out instead");
                    else
                        site.name_prefix = *v;
                }
            }
        }
    }

    void read_rest_api_version(const YamlNode& node, model::Site& site) {
        auto v = string_value(node, "restApiVersion", false);
        if (!v) return;
        const std::size_t dot = v->find('.');
        int major = -1;
        int minor = -1;
        if (dot != std::string::npos) {
            const char* begin = v->data();
            const char* end = v->data() + v->size();
            const auto r1 = std::from_chars(begin, begin + dot, major);
            const auto r2 = std::from_chars(begin + dot + 1, end, minor);
            if (r1.ptr != begin + dot || r1.ec != std::errc() || r2.ptr != end || r2.ec != std::errc() || dot == 0 ||
                dot + 1 == v->size() || (*v)[dot + 1] == '+' || (*v)[0] == '+')
                major = -1;
        }
        if (major < 0 || minor < 0) {
            error(node, "invalid-value", fmt::format("restApiVersion must look like \"3.24\", not {}", quoted(*v)));
            return;
        }
        if (major < 3 || (major == 3 && minor < 6)) {
            error(node, "invalid-value",
                  fmt::format("restApiVersion {} is too old: webhooks need REST API 3.6 or later", *v));
            return;
        }
        site.rest_api_version = *v;
    }

    void read_auth(const YamlNode& auth_node, model::Auth& auth) {
        Fields fields(auth_node, "auth", kAuthFields, file_, diags_);
        const YamlNode* pat = fields.value("personalAccessToken");
        const YamlNode* password = fields.value("password");
        if (!pat && !password) {
            error(auth_node, "auth-method", "auth needs exactly one of personalAccessToken or password");
            return;
        }
        if (pat && password) {
            const YamlNode* second = fields.key("password")->line > fields.key("personalAccessToken")->line
                                         ? fields.key("password")
                                         : fields.key("personalAccessToken");
            error(*second, "auth-method", "auth has both personalAccessToken and password; keep exactly one");
            return;
        }
        if (pat) {
            auth.kind = model::Auth::Kind::personal_access_token;
            if (!check_map(*pat, "auth.personalAccessToken")) return;
            Fields f(*pat, "auth.personalAccessToken", kPatFields, file_, diags_);
            if (const YamlNode* name = require(f, "name"))
                if (auto v = template_value(*name, "auth.personalAccessToken.name", false)) auth.name = v->value;
            if (const YamlNode* secret = require(f, "secret"))
                if (auto v = template_value(*secret, "auth.personalAccessToken.secret", true)) auth.secret = v->value;
        } else {
            auth.kind = model::Auth::Kind::password;
            if (!check_map(*password, "auth.password")) return;
            Fields f(*password, "auth.password", kPasswordFields, file_, diags_);
            if (const YamlNode* user = require(f, "username"))
                if (auto v = template_value(*user, "auth.password.username", false)) auth.name = v->value;
            if (const YamlNode* secret = require(f, "password"))
                if (auto v = template_value(*secret, "auth.password.password", true)) auth.secret = v->value;
        }
    }

    // --- Webhook --------------------------------------------------------------------------------

    void read_webhook(const Fields& top) {
        WebhookDeclaration decl;
        decl.webhook.location = at(top.map());
        decl.site_location = decl.webhook.location;
        if (const YamlNode* metadata = require(top, "metadata"); metadata && check_map(*metadata, "metadata")) {
            Fields meta(*metadata, "metadata", kWebhookMetadataFields, file_, diags_);
            if (const YamlNode* name = require(meta, "name")) {
                decl.webhook.location = at(*name);
                if (auto v = name_value(*name, "metadata.name")) {
                    decl.webhook.name = *v;
                    decl.has_name = true;
                }
            }
            if (const YamlNode* site = require(meta, "site")) {
                decl.site_location = at(*site);
                if (auto v = name_value(*site, "metadata.site")) {
                    decl.webhook.site = *v;
                    decl.has_site = true;
                }
            }
        }
        if (const YamlNode* spec = require(top, "spec"); spec && check_map(*spec, "spec"))
            read_webhook_spec(*spec, decl.webhook);
        out_.webhooks.push_back(std::move(decl));
    }

    void read_webhook_spec(const YamlNode& spec_node, model::Webhook& webhook) {
        Fields spec(spec_node, "spec", kWebhookSpecFields, file_, diags_);
        if (const YamlNode* event = require(spec, "event")) {
            if (auto v = plain_string(*event, "event")) {
                if (model::find_event(*v)) {
                    webhook.event = model::Event(*v);
                } else {
                    std::string hint = did_you_mean(*v, model::event_spellings());
                    if (hint.empty()) hint = "; 'tabhook events' lists the known events";
                    error(*event, "unknown-event", fmt::format("unknown event {}{}", quoted(*v), hint));
                }
            }
        }
        if (const YamlNode* url = require(spec, "url")) {
            if (auto field = template_value(*url, "url", false)) {
                check_url(*field, *url, "url");
                webhook.url = field->value;
                if (field->resolved) webhook.url_reference_values = reference_values(field->text);
            }
        }
        if (const YamlNode* enabled = spec.value("enabled"))
            if (auto v = bool_value(*enabled, "enabled")) webhook.enabled = *v;
        if (const YamlNode* test = spec.value("test")) {
            constexpr std::array<std::string_view, 3> choices{"required", "best-effort", "skip"};
            if (auto i = enum_value(*test, "test", choices))
                webhook.test = *i == 0   ? model::TestPolicy::required
                               : *i == 1 ? model::TestPolicy::best_effort
                                         : model::TestPolicy::skip;
        }
    }

    const std::string& file_;
    const LoadOptions& options_;
    const ResolveContext& context_;
    Declarations& out_;
    Diagnostics& diags_;
};

} // namespace

void read_document(const YamlNode& root, const std::string& file, const LoadOptions& options,
                   const ResolveContext& resolve_context, Declarations& out, Diagnostics& diagnostics) {
    DocumentReader(file, options, resolve_context, out, diagnostics).read(root);
}

} // namespace tabhook::manifest
