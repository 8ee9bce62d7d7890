#include "reconcile/desired.hpp"

#include <algorithm>

namespace tabhook::reconcile {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::vector<std::string> unknown_sites(const model::DesiredState& state, const std::vector<std::string>& filter) {
    std::vector<std::string> names;
    for (const auto& s : state.sites) names.push_back(s.name);
    std::vector<std::string> unknown;
    for (const auto& wanted : filter)
        if (!contains(names, wanted)) unknown.push_back(wanted);
    return unknown;
}

DesiredSites select_sites(const model::DesiredState& state, const std::vector<std::string>& filter) {
    DesiredSites d;
    for (const auto& s : state.sites) {
        if (!filter.empty() && !contains(filter, s.name)) continue;
        d.sites.push_back(s);
        d.webhooks.emplace_back();
        for (const auto& w : state.webhooks)
            if (w.site == s.name) d.webhooks.back().push_back(w);
    }
    return d;
}

} // namespace tabhook::reconcile
