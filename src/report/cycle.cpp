#include "report/cycle.hpp"

#include <array>

namespace tabhook::report {

namespace {
constexpr std::array<model::Named<Mode>, 2> kModes{{{Mode::observe, "observe"}, {Mode::enforce, "enforce"}}};
} // namespace

std::span<const model::Named<Mode>> mode_names() { return kModes; }
const char* to_string(Mode m) { return model::text_of(mode_names(), m).data(); }

bool SiteOutcome::ok() const {
    if (suspended && error.empty()) return true;
    if (!listed || !error.empty()) return false;
    if (applied) {
        if (!applied->error.empty()) return false;
        for (const auto& o : applied->outcomes)
            if (o.status == plan::Outcome::Status::failed) return false;
    }
    return true;
}

plan::SitePlan without_in_sync(const plan::SitePlan& p) {
    plan::SitePlan out;
    out.site = p.site;
    out.server = p.server;
    out.content_url = p.content_url;
    out.suspended = p.suspended;
    out.changes = p.changes;
    out.unmanaged = p.unmanaged;
    out.owned_undeclared = p.owned_undeclared;
    out.brakes = p.brakes;
    out.notes = p.notes;
    out.error = p.error;
    out.declared = p.declared;
    return out;
}

int CycleReport::findings() const {
    int n = 0;
    for (const auto& s : sites) n += static_cast<int>(s.plan.changes.size());
    return n;
}

bool CycleReport::failed() const {
    if (!manifest_errors.empty()) return true;
    for (const auto& s : sites)
        if (!s.ok()) return true;
    return false;
}

} // namespace tabhook::report
