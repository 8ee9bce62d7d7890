#pragma once
// The desired state as the reconcile steps take it: the manifests' sites narrowed to a --site filter, each
// with its declared webhooks. The CLI and the daemon select sites the same way.
#include <string>
#include <vector>

#include "model/desired.hpp"

namespace tabhook::reconcile {

struct DesiredSites {
    std::vector<model::Site> sites;
    std::vector<std::vector<model::Webhook>> webhooks; // per site, same order
};

// The names in `filter` that name no site of `state`, in the filter's order.
std::vector<std::string> unknown_sites(const model::DesiredState& state, const std::vector<std::string>& filter);

// The sites `filter` names (every site when it is empty), in the manifests' order, each with its webhooks.
DesiredSites select_sites(const model::DesiredState& state, const std::vector<std::string>& filter);

} // namespace tabhook::reconcile
