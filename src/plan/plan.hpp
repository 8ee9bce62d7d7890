#pragma once
// A plan: what would make one site match its manifests, as data. Every change carries its reasons, so
// renderers and reviewers can see *why* (like ninja's -d explain).
#include <optional>
#include <string>
#include <vector>

#include "model/desired.hpp"
#include "model/live.hpp"

namespace tabhook::plan {

enum class Action {
    create,   // no live webhook carries the declared name
    replace,  // event, url or enabled differ: create the new one, then delete the old one
    update,   // the same, in place (PUT), where updateStrategy: in-place and API >= 3.8
    reenable, // declared enabled, found disabled (by Tableau): PUT isEnabled=true, else replace
    remove,   // undeclared and pruned, or a duplicate of a declared name ("delete" in output)
};

const char* to_string(Action a); // create, replace, update, re-enable, delete
const char* symbol(Action a);    // +, -/+, ~, ~, -

// Drift classes (product.md, `tabhook drift`): what kind of difference a change repairs. One change can
// carry several (a webhook both changed and disabled on the server).
enum class Drift { missing, changed, disabled, duplicate, undeclared };
const char* to_string(Drift d); // missing, changed, disabled-on-server, duplicate, owned-but-undeclared

struct Change {
    Action action = Action::create;
    std::string name;
    std::optional<model::Webhook> desired;  // create, replace, update, reenable
    std::optional<model::LiveWebhook> live; // replace, update, reenable, remove: the webhook acted on
    bool in_place = false;                  // update/reenable: PUT; reenable without it replaces
    std::vector<std::string> reasons;       // "url changed", "disabled on server: <reason>", ...
    std::optional<std::string> takes_over;  // owner name, when the live webhook is another account's
    std::vector<Drift> drift;               // what the change repairs
    bool operator==(const Change&) const = default;
};

// A safety brake: when triggered, apply refuses the whole plan (exit 3) unless overridden.
struct Brake {
    std::string rule;    // "empty-site" or "mass-delete"
    std::string message; // what it would do and the flag that allows it
    bool triggered = false;
    bool overridden = false; // triggered, but the user passed the allowing flag
    bool operator==(const Brake&) const = default;
};

struct SitePlan {
    std::string site;   // metadata.name
    std::string server; // origin only (scheme://host[:port]); never a path
    std::string content_url;
    bool suspended = false;                           // shown, never applied
    std::vector<Change> changes;                      // sorted by name, then action
    std::vector<model::LiveWebhook> unchanged;        // declared and already matching
    std::vector<model::LiveWebhook> unmanaged;        // undeclared and not pruned: listed, never touched
    std::vector<model::LiveWebhook> owned_undeclared; // undeclared, owned, kept because prune is none
    std::vector<Brake> brakes;
    std::vector<std::string> notes; // e.g. an event name tabhook does not know, found on the server
    std::string error;              // the site could not be read (sign-in, list): nothing about it is known
    int declared = 0;               // webhooks the manifests declare for this site
    bool operator==(const SitePlan&) const = default;

    bool has_changes() const { return !changes.empty(); }
    bool refused() const; // a brake triggered and not overridden
};

struct Plan {
    std::vector<SitePlan> sites;
    // What apply would do: a suspended site's changes are shown but never applied, so they count in
    // neither (plan --detailed-exitcode exits 0 when only suspended sites differ).
    bool has_changes() const;
    bool refused() const;
    int unread() const; // sites with an error
};

} // namespace tabhook::plan
