#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "cli/planning.hpp"
#include "util/atomic_file.hpp"
#include "report/json_text.hpp"
#include "report/plan_render.hpp"
#include "report/saved_plan.hpp"

namespace tabhook::cli {

namespace {

struct PlanFlags {
    CommonOptions common;
    bool detailed_exitcode = false;
    std::string out;
    plan::PlanOptions plan;
};

int run_plan(const PlanFlags& f) {
    const auto run = observe_read_only(f.common, f.plan);
    if (run.exit_code != kOk) return run.exit_code;
    const auto& sites = run.sites;
    const bool errors = report_site_errors(sites);
    const plan::Plan p = reconcile::plan_of(sites);

    if (f.common.format == Format::json)
        std::cout << report::render_plan_json(p);
    else if (f.common.format == Format::markdown)
        std::cout << report::render_plan_markdown(p);
    else
        std::cout << report::render_plan_text(p, {use_color(f.common)});

    if (!f.out.empty()) {
        if (errors) {
            std::cerr << "tabhook: not writing " << f.out << ": some sites could not be planned\n";
            return kError;
        }
        if (auto written =
                util::replace_file(f.out, report::json_text(report::make_saved_plan(p, run.desired->sites), 2) + "\n",
                                   util::kPrivateFileMode);
            !written) {
            std::cerr << "tabhook: " << written.error().message << '\n';
            return kError;
        }
    }
    if (errors) return kError;
    return f.detailed_exitcode && p.has_changes() ? kChanges : kOk;
}

} // namespace

void register_plan(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<PlanFlags>();
    auto* cmd =
        app.add_subcommand("plan", "Show what apply would change (read-only: signs in and lists, never writes)");
    add_common_flags(cmd, flags->common, {"text", "json", "markdown"});
    cmd->add_flag("--detailed-exitcode", flags->detailed_exitcode, "Exit 2 when changes are pending");
    cmd->add_option("--out", flags->out, "Save the plan (no secrets in it) for apply --plan");
    cmd->add_flag("--allow-empty", flags->plan.allow_empty, "Show the empty-site brake as overridden");
    cmd->add_flag("--allow-mass-delete", flags->plan.allow_mass_delete, "Show the mass-delete brake as overridden");
    cmd->footer("Examples:\n  tabhook plan webhooks/\n  tabhook plan webhooks/ --format markdown --allow-server "
                "https://10ax.online.tableau.com\n"
                "  tabhook plan webhooks/ --out plan.json && tabhook apply webhooks/ --plan plan.json");
    cmd->callback([flags, &result] { result.exit_code = run_plan(*flags); });
}

} // namespace tabhook::cli
