#include "cli/planning.hpp"

#include <iostream>

#include <fmt/format.h>

#include "cli/exit_code.hpp"
#include "report/result_render.hpp"
#include "util/escape.hpp"

namespace tabhook::cli {

ReadOnlyRun observe_read_only(const CommonOptions& options, const plan::PlanOptions& plan) {
    ReadOnlyRun run;
    auto loaded = load_desired(options);
    if (!loaded.desired) {
        run.exit_code = loaded.exit_code;
        return run;
    }
    run.desired = std::make_unique<reconcile::DesiredSites>(std::move(*loaded.desired));
    const auto connect = client_options(options);
    if (!connect) {
        run.exit_code = kUsage;
        return run;
    }
    reconcile::ConnectedSessions sessions(run.desired->sites, *connect, reconcile::Access::read_only,
                                          verbose_note(options));
    run.sites = reconcile::observe(*run.desired, sessions, {plan});
    return run;
}

void print_result(const plan::Result& result, const CommonOptions& options) {
    if (options.format == Format::json)
        std::cout << report::render_result_json(result);
    else if (options.format == Format::markdown)
        std::cout << report::render_result_markdown(result);
    else
        std::cout << report::render_result_text(result, {use_color(options), /*after_live=*/true});
}

void report_site_error(const reconcile::SiteObservation& s) {
    std::cerr << fmt::format("error: site {}: {}\n", util::for_terminal(s.site ? s.site->name : "?"),
                             util::for_terminal(s.error));
}

bool report_site_errors(const std::vector<reconcile::SiteObservation>& sites) {
    bool any = false;
    for (const auto& s : sites) {
        if (s.ok()) continue;
        report_site_error(s);
        any = true;
    }
    return any;
}

} // namespace tabhook::cli
