#pragma once
// The observed state: a webhook as a Tableau site lists it. Plain data, event already normalised.
#include <string>
#include <vector>

#include "model/events.hpp"

namespace tabhook::model {

struct LiveWebhook {
    std::string id;
    std::string name;
    Event event; // canonical when known, else as the server spelled it (normalised at decode)
    std::string url;
    bool enabled = true;
    std::string status_change_reason;
    std::string owner_id;
    std::string owner_name;
    std::string created_at; // ISO-8601 when the server sends it, else ""
    bool operator==(const LiveWebhook&) const = default;
};

using LiveWebhooks = std::vector<LiveWebhook>;

} // namespace tabhook::model
