#pragma once
// What the fake starts with (and returns to on POST /_fake/reset): sites, users, their credentials and
// roles, and optionally webhooks. The format is JSON, documented in tests/fake_tableau/README.md and
// shown in tests/fake_tableau/seed.example.json.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fake {

struct SeedSite {
    std::string id; // LUID; derived from the contentUrl when not given
    std::string name;
    std::string content_url;
};

struct SeedPat {
    std::string name;
    std::string secret;
};

struct SeedMembership {
    std::string site;    // contentUrl
    std::string role;    // Tableau site role, e.g. SiteAdministratorCreator, Viewer
    std::string user_id; // LUID on that site; derived when not given (user ids are per site in Tableau)
};

struct SeedUser {
    std::string name;
    std::string password; // empty: password sign-in refused
    std::vector<SeedPat> pats;
    std::vector<SeedMembership> sites;
};

struct SeedWebhook {
    std::string id;   // random when not given
    std::string site; // contentUrl
    std::string name;
    std::string event;   // `event` attribute (canonical name when the spelling is known)
    std::string element; // webhook-source child element
    std::string url;
    std::string owner; // user name
    bool enabled = true;
    std::string status_change_reason;
};

struct Seed {
    std::vector<SeedSite> sites;
    std::vector<SeedUser> users;
    std::vector<SeedWebhook> webhooks;
};

// The default seed of product.md: sites "" (Default) and "marketing"; admin and alice site
// administrators on both; viewer a Viewer on both.
Seed default_seed();

// Parses and checks a seed document; on failure returns nullopt and sets `error`.
std::optional<Seed> parse_seed(std::string_view json_text, std::string& error);

bool is_admin_role(std::string_view role);

} // namespace fake
