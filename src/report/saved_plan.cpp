#include "report/saved_plan.hpp"

#include <fmt/format.h>

#include "report/plan_render.hpp"
#include "util/url.hpp"

namespace tabhook::report {

namespace {

using nlohmann::json;

// The resolved values a site's plan depends on, as fingerprints. The PAT secret or password is left
// out: a short fingerprint of a weak password could be brute-forced offline, and a rotated secret
// does not change what the plan does.
json site_inputs(const model::Site& s) {
    return json{{"site", s.name},
                {"server", util::fingerprint(util::normalize_url(s.server))},
                {"content_url", s.content_url},
                {"auth", util::fingerprint(fmt::format(
                             "{}:{}", s.auth.kind == model::Auth::Kind::password ? "password" : "pat", s.auth.name))},
                {"prune", model::to_string(s.prune)},
                {"update_strategy", model::to_string(s.update_strategy)},
                {"suspend", s.suspend},
                {"name_prefix", s.name_prefix ? json(*s.name_prefix) : json(nullptr)}};
}

// What a saved plan is held to: the plan without what may change freely (unmanaged webhooks belong
// to other people, and notes are commentary).
json comparable(const json& site_plan) {
    json out = site_plan;
    out.erase("unmanaged");
    out.erase("notes");
    return out;
}

} // namespace

json make_saved_plan(const plan::Plan& p, const std::vector<model::Site>& sites) {
    json inputs = json::array();
    for (const auto& s : sites) inputs.push_back(site_inputs(s));
    return json{{"kind", kSavedPlanKind},
                {"format_version", kPlanFormatVersion},
                {"inputs", std::move(inputs)},
                {"plan", plan_to_json(p)}};
}

std::vector<std::string> compare_saved_plans(const json& saved, const json& current) {
    std::vector<std::string> out;
    if (!saved.is_object() || saved.value("kind", "") != kSavedPlanKind)
        return {"the file is not a tabhook saved plan"};
    if (saved.value("format_version", "") != current.value("format_version", ""))
        return {fmt::format("the plan was saved in format {}, this tabhook reads format {}",
                            saved.value("format_version", "?"), current.value("format_version", "?"))};
    if (saved["plan"].value("tabhook_version", "") != current["plan"].value("tabhook_version", ""))
        out.push_back("the plan was made by another tabhook version");
    const auto& si = saved["inputs"];
    const auto& ci = current["inputs"];
    if (!si.is_array() || !ci.is_array()) return {"the saved plan is malformed"};
    if (si.size() != ci.size())
        out.push_back(fmt::format("the plan covers {} site(s), the manifests now {}", si.size(), ci.size()));
    for (std::size_t i = 0; i < std::min(si.size(), ci.size()); ++i) {
        const std::string name = ci[i].value("site", "?");
        if (si[i].value("site", "") != name) {
            out.push_back(fmt::format("site {} is not the site the plan was made for", name));
            continue;
        }
        for (const auto& [key, value] : ci[i].items())
            if (si[i].value(key, json()) != value)
                out.push_back(fmt::format("site {}: {} changed since the plan was made", name, key));
    }
    const auto& sp = saved["plan"]["sites"];
    const auto& cp = current["plan"]["sites"];
    if (!sp.is_array() || !cp.is_array()) return {"the saved plan is malformed"};
    for (std::size_t i = 0; i < std::min(sp.size(), cp.size()); ++i) {
        const json a = comparable(sp[i]), b = comparable(cp[i]);
        if (a == b) continue;
        const std::string name = cp[i].value("site", "?");
        for (const char* key : {"changes", "unchanged", "owned_undeclared", "brakes", "declared", "suspended"})
            if (a.value(key, json()) != b.value(key, json()))
                out.push_back(fmt::format("site {}: {} differ from the saved plan (the site or the manifests changed)",
                                          name, key));
        if (out.empty()) out.push_back(fmt::format("site {}: the plan differs from the saved plan", name));
    }
    return out;
}

} // namespace tabhook::report
