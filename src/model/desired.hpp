#pragma once
// The desired state: what the manifests declare, after references are resolved. Plain data.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/events.hpp"
#include "model/location.hpp"
#include "model/named.hpp"

namespace tabhook::model {

enum class Prune { none, owned, all };
enum class UpdateStrategy { replace, in_place };
enum class TestPolicy { required, best_effort, skip };

struct Auth {
    enum class Kind { personal_access_token, password };
    Kind kind = Kind::personal_access_token;
    std::string name;   // PAT name, or user name
    std::string secret; // PAT secret, or password: never printed
    bool operator==(const Auth&) const = default;
};

struct Site {
    std::string name;                            // metadata.name: the local name used in output and --site
    std::string server;                          // https://10ax.online.tableau.com
    std::string content_url;                     // "" is the default site
    std::optional<std::string> rest_api_version; // pinned, else negotiated
    Auth auth;
    Prune prune = Prune::none;
    UpdateStrategy update_strategy = UpdateStrategy::replace;
    bool suspend = false;
    std::optional<std::string> name_prefix; // ownership.namePrefix
    // metadata.labels: what a Webhook's metadata.siteSelector matches (manifest/labels.hpp). Not sent to
    // Tableau.
    std::map<std::string, std::string> labels{};
    Location location;
    bool operator==(const Site&) const = default;
};

struct Webhook {
    std::string name; // the webhook's name on Tableau, and its identity within its site
    // A Site's metadata.name. A declaration with metadata.sites or metadata.siteSelector becomes one Webhook
    // per selected site (manifest/expansion.hpp), each with its own site and url, all with one location.
    std::string site;
    Event event; // canonical PascalCase when known (normalised at load)
    std::string url;
    bool enabled = true;
    TestPolicy test = TestPolicy::required;
    Location location;
    // What ${...} references put into url (values of 6 characters or more): secrets on their own too, so
    // a server that echoes only the token of a URL is still masked. Never printed.
    std::vector<std::string> url_reference_values{};
    bool operator==(const Webhook&) const = default;
};

struct DesiredState {
    std::vector<Site> sites;
    std::vector<Webhook> webhooks;
};

// The manifest's words for each value (model/named.hpp), in declaration order.
std::span<const Named<Prune>> prune_names();                    // none, owned, all
std::span<const Named<UpdateStrategy>> update_strategy_names(); // replace, in-place
std::span<const Named<TestPolicy>> test_policy_names();         // required, best-effort, skip

const char* to_string(Prune p);
const char* to_string(UpdateStrategy u);
const char* to_string(TestPolicy t);

} // namespace tabhook::model
