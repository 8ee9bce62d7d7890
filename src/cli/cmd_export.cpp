#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/exit_code.hpp"
#include "cli/planning.hpp"
#include "util/atomic_file.hpp"
#include "report/export.hpp"

namespace tabhook::cli {

namespace {

struct ExportFlags {
    CommonOptions common;
    std::string out;
    std::string secrets_out;
    bool inline_urls = false;
};

int run_export(const ExportFlags& f) {
    if (f.common.sites.size() != 1) {
        std::cerr << "tabhook export: name exactly one site with --site NAME\n";
        return kUsage;
    }
    if (f.secrets_out.empty() && !f.inline_urls) {
        std::cerr << "tabhook export: URLs are secrets: pass --secrets-out FILE for their values, or --inline-urls\n";
        return kUsage;
    }
    const auto run = observe_read_only(f.common);
    if (run.exit_code != kOk) return run.exit_code;
    const auto& sites = run.sites;
    if (report_site_errors(sites)) return kError;
    const auto& s = sites.front();
    const auto exported =
        report::export_webhooks(*s.live, report::ExportOptions{s.site->name, f.inline_urls, s.site->name_prefix});
    for (const auto& w : exported.warnings) std::cerr << "warning: " << w << '\n'; // escaped by export_webhooks
    const std::string header =
        fmt::format("# yaml-language-server: "
                    "$schema=https://raw.githubusercontent.com/tabhook/tabhook/main/schemas/tabhook-v1.json\n"
                    "# Webhooks exported from site {} ({}).\n",
                    s.site->name, s.plan->server);
    if (!f.secrets_out.empty()) {
        std::string text;
        for (const auto& line : exported.secrets) text += line + "\n";
        if (auto written = util::replace_file(f.secrets_out, text, util::kPrivateFileMode); !written) {
            std::cerr << "tabhook export: " << written.error().message << '\n';
            return kError;
        }
    }
    if (f.out.empty()) {
        std::cout << header << exported.manifests;
    } else if (auto written = util::replace_file(f.out, header + exported.manifests,
                                                 f.inline_urls ? util::kPrivateFileMode : 0644);
               !written) {
        // Inline URLs are secrets: such a file is private like the secrets file.
        std::cerr << "tabhook export: " << written.error().message << '\n';
        return kError;
    }
    std::cerr << fmt::format("exported {} webhook(s) from site {}\n", exported.count, s.site->name);
    return kOk;
}

} // namespace

void register_export(CLI::App& app, CommandResult& result) {
    auto flags = std::make_shared<ExportFlags>();
    auto* cmd = app.add_subcommand("export", "Write manifests for the webhooks a site has now (adoption)");
    add_common_flags(cmd, flags->common, {"text"});
    cmd->get_option("--site")->description("The site to export (its metadata.name); exactly one");
    cmd->add_option("--out", flags->out, "Write the manifests here instead of standard output");
    cmd->add_option("--secrets-out", flags->secrets_out,
                    "Write the URLs here as NAME='value' lines (mode 0600), safe to source in a shell or "
                    "to name in systemd's EnvironmentFile=");
    cmd->add_flag("--inline-urls", flags->inline_urls,
                  "Write the URLs into the manifests themselves (the --out file is then mode 0600)");
    cmd->footer(
        "Example:\n  tabhook export sites/ --site marketing --out webhooks/adopted.yaml --secrets-out adopted.env");
    cmd->callback([flags, &result] { result.exit_code = run_export(*flags); });
}

} // namespace tabhook::cli
