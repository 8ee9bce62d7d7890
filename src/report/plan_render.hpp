#pragma once
// Renderers of a Plan: text for terminals (Terraform-like), JSON for machines (versioned), markdown for
// pull-request comments. All three render the same Plan object and print URLs only redacted.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "plan/plan.hpp"

namespace tabhook::report {

struct TextOptions {
    bool color = false; // only on a TTY, never with NO_COLOR or --no-color: the caller decides
};

// The plan format's version: bumped on any incompatible change to the JSON layout.
inline constexpr const char* kPlanFormatVersion = "1";

std::string render_plan_text(const plan::Plan& p, const TextOptions& options);
nlohmann::json plan_to_json(const plan::Plan& p);
std::string render_plan_json(const plan::Plan& p);
// A PR comment: summary table first, a loud warning for deletes and takeovers, under `max_chars`.
std::string render_plan_markdown(const plan::Plan& p, std::size_t max_chars = 60000);

struct Counts {
    int create = 0, replace = 0, update = 0, reenable = 0, remove = 0;
    int takeovers = 0;
    int total() const { return create + replace + update + reenable + remove; }
    Counts& operator+=(const Counts& o) {
        create += o.create;
        replace += o.replace;
        update += o.update;
        reenable += o.reenable;
        remove += o.remove;
        takeovers += o.takeovers;
        return *this;
    }
};
Counts count_changes(const plan::SitePlan& site);

} // namespace tabhook::report
