#include "manifest/site_reader.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <utility>
#include <string_view>

#include <fmt/format.h>

#include "manifest/selection_reader.hpp"

namespace tabhook::manifest {

namespace {

constexpr std::array<std::string_view, 2> kSiteMetadataFields{"name", "labels"};
constexpr std::array<std::string_view, 8> kSiteSpecFields{"server", "contentUrl",     "restApiVersion", "auth",
                                                          "prune",  "updateStrategy", "suspend",        "ownership"};
constexpr std::array<std::string_view, 2> kAuthFields{"personalAccessToken", "password"};
constexpr std::array<std::string_view, 2> kPatFields{"name", "secret"};
constexpr std::array<std::string_view, 2> kPasswordFields{"username", "password"};
constexpr std::array<std::string_view, 1> kOwnershipFields{"namePrefix"};

using Target = TemplateField::Target;

// "3.24" -> {3, 24}: two unsigned decimal numbers around one dot.
std::optional<std::pair<int, int>> parse_version(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size() || text[0] == '+' || text[dot + 1] == '+')
        return std::nullopt;
    int major = -1;
    int minor = -1;
    const std::string_view major_text = text.substr(0, dot);
    const std::string_view minor_text = text.substr(dot + 1);
    const auto r1 = std::from_chars(major_text.data(), major_text.data() + major_text.size(), major);
    const auto r2 = std::from_chars(minor_text.data(), minor_text.data() + minor_text.size(), minor);
    if (r1.ec != std::errc() || r1.ptr != major_text.data() + major_text.size() || r2.ec != std::errc() ||
        r2.ptr != minor_text.data() + minor_text.size() || major < 0 || minor < 0)
        return std::nullopt;
    return std::pair{major, minor};
}

class SiteReader {
  public:
    SiteReader(FieldReader& reader, bool allow_literal_secrets, std::vector<TemplateField>& fields)
        : r_(reader), allow_literal_secrets_(allow_literal_secrets), fields_(fields) {}

    SiteDeclaration read(const Fields& top) {
        SiteDeclaration decl;
        decl.site.location = r_.at(top.map());
        if (const YamlNode* metadata = r_.require(top, "metadata"); metadata && r_.check_map(*metadata, "metadata")) {
            const Fields meta = r_.fields(*metadata, "metadata", kSiteMetadataFields);
            if (const YamlNode* name = r_.require(meta, "name")) {
                decl.site.location = r_.at(*name);
                if (auto v = r_.name_value(*name, "metadata.name")) {
                    decl.site.name = *v;
                    decl.has_name = true;
                }
            }
            if (const YamlNode* labels = meta.value("labels"))
                if (auto v = read_labels(r_, *labels)) decl.site.labels = std::move(*v);
        }
        if (const YamlNode* spec = r_.require(top, "spec"); spec && r_.check_map(*spec, "spec")) read_spec(*spec, decl);
        return decl;
    }

  private:
    void read_spec(const YamlNode& spec_node, SiteDeclaration& decl) {
        model::Site& site = decl.site;
        const Fields spec = r_.fields(spec_node, "spec", kSiteSpecFields);
        if (const YamlNode* server = r_.require(spec, "server")) add_field(*server, "server", Target::server, false);
        read_content_url(spec, decl);
        if (const YamlNode* version = spec.value("restApiVersion")) read_rest_api_version(*version, site);
        if (const YamlNode* auth = r_.require(spec, "auth"); auth && r_.check_map(*auth, "auth"))
            read_auth(*auth, site.auth);
        if (const YamlNode* prune = spec.value("prune"))
            if (auto v = r_.enum_value(*prune, "prune", model::prune_names())) site.prune = *v;
        if (const YamlNode* strategy = spec.value("updateStrategy"))
            if (auto v = r_.enum_value(*strategy, "updateStrategy", model::update_strategy_names()))
                site.update_strategy = *v;
        if (const YamlNode* suspend = spec.value("suspend"))
            if (auto v = r_.bool_value(*suspend, "suspend")) site.suspend = *v;
        if (const YamlNode* ownership = spec.value("ownership"); ownership && r_.check_map(*ownership, "ownership"))
            read_ownership(*ownership, site);
    }

    void add_field(const YamlNode& node, std::string_view label, Target target, bool secret) {
        if (auto field = read_template_field(r_, node, label, target, secret, allow_literal_secrets_))
            fields_.push_back(std::move(*field));
    }

    void read_content_url(const Fields& spec, SiteDeclaration& decl) {
        const YamlNode* content_url = spec.value("contentUrl");
        if (!content_url) {
            // Required: a forgotten contentUrl must not silently mean the default site.
            r_.require(spec, "contentUrl");
        } else if (content_url->kind == YamlNode::Kind::null) {
            r_.type_error(*content_url, "contentUrl must be a string; write \"\" for the default site");
        } else if (auto v = r_.plain_string(*content_url, "contentUrl")) {
            decl.site.content_url = *v;
            decl.content_url_known = true;
        }
    }

    void read_rest_api_version(const YamlNode& node, model::Site& site) {
        auto v = r_.string_value(node, "restApiVersion", false);
        if (!v) return;
        const auto version = parse_version(*v);
        if (!version) {
            r_.error(node, "invalid-value", fmt::format("restApiVersion must look like \"3.24\", not {}", quoted(*v)));
            return;
        }
        if (version->first < 3 || (version->first == 3 && version->second < 6)) {
            r_.error(node, "invalid-value",
                     fmt::format("restApiVersion {} is too old: webhooks need REST API 3.6 or later", *v));
            return;
        }
        site.rest_api_version = *v;
    }

    void read_auth(const YamlNode& auth_node, model::Auth& auth) {
        const Fields fields = r_.fields(auth_node, "auth", kAuthFields);
        const YamlNode* pat = fields.value("personalAccessToken");
        const YamlNode* password = fields.value("password");
        if (!pat && !password) {
            r_.error(auth_node, "auth-method", "auth needs exactly one of personalAccessToken or password");
            return;
        }
        if (pat && password) {
            const YamlNode* second = fields.key("password")->line > fields.key("personalAccessToken")->line
                                         ? fields.key("password")
                                         : fields.key("personalAccessToken");
            r_.error(*second, "auth-method", "auth has both personalAccessToken and password; keep exactly one");
            return;
        }
        if (pat) {
            auth.kind = model::Auth::Kind::personal_access_token;
            read_credentials(*pat, "auth.personalAccessToken", kPatFields);
        } else {
            auth.kind = model::Auth::Kind::password;
            read_credentials(*password, "auth.password", kPasswordFields);
        }
    }

    // `names`: the field with the name, then the one with the secret.
    void read_credentials(const YamlNode& node, const std::string& where, std::span<const std::string_view> names) {
        if (!r_.check_map(node, where)) return;
        const Fields f = r_.fields(node, where, names);
        if (const YamlNode* name = r_.require(f, names[0]))
            add_field(*name, fmt::format("{}.{}", where, names[0]), Target::auth_name, false);
        if (const YamlNode* secret = r_.require(f, names[1]))
            add_field(*secret, fmt::format("{}.{}", where, names[1]), Target::auth_secret, true);
    }

    void read_ownership(const YamlNode& ownership, model::Site& site) {
        const Fields own = r_.fields(ownership, "ownership", kOwnershipFields);
        const YamlNode* prefix = own.value("namePrefix");
        if (!prefix) return;
        auto v = r_.plain_string(*prefix, "ownership.namePrefix");
        if (!v) return;
        if (v->empty())
            r_.error(*prefix, "empty-name", "ownership.namePrefix must not be empty; leave it out instead");
        else
            site.name_prefix = *v;
    }

    FieldReader& r_;
    bool allow_literal_secrets_;
    std::vector<TemplateField>& fields_;
};

} // namespace

SiteDeclaration read_site(FieldReader& reader, const Fields& top, bool allow_literal_secrets,
                          std::vector<TemplateField>& fields) {
    return SiteReader(reader, allow_literal_secrets, fields).read(top);
}

} // namespace tabhook::manifest
