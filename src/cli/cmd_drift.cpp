#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "util/git.hpp"
#include "cli/planning.hpp"
#include "report/drift_render.hpp"

namespace tabhook::cli {

namespace {

struct DriftFlags {
    CommonOptions common;
};

int run_drift(const DriftFlags& f) {
    const auto run = observe_read_only(f.common);
    if (run.exit_code != kOk) return run.exit_code;
    const auto& sites = run.sites;
    const bool errors = report_site_errors(sites);
    const plan::Plan p = reconcile::plan_of(sites);
    const report::DriftContext context{util::git_commit_of(f.common.paths)};
    if (f.common.format == Format::json)
        std::cout << report::render_drift_json(p, context);
    else if (f.common.format == Format::markdown)
        std::cout << report::render_drift_markdown(p, context);
    else
        std::cout << report::render_drift_text(p, context, {use_color(f.common)});
    if (errors) return kError;
    return report::count_drift(p) ? kChanges : kOk;
}

} // namespace

void register_drift(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<DriftFlags>();
    auto* cmd = app.add_subcommand("drift", "Report every difference between the manifests and the sites (read-only)");
    add_common_flags(cmd, flags->common, {"text", "json", "markdown"});
    cmd->footer("Exit codes: 0 in sync, 2 drift found, 1 error.\nExamples:\n  tabhook drift webhooks/\n  tabhook drift "
                "webhooks/ --site production --format json");
    cmd->callback([flags, &result] { result.exit_code = run_drift(*flags); });
}

} // namespace tabhook::cli
