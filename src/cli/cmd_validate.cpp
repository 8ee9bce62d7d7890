// `tabhook validate PATH...`: load the manifests the way every other command does, report every error
// and never open a connection. Text output: errors on stderr (`file:line:col: error: message`), the
// summary line on stdout. `--format github` and `--format json` write everything to stdout.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/choices.hpp"
#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
#include "manifest/loader.hpp"
#include "report/validate_render.hpp"

namespace tabhook::cli {

namespace {

struct ValidateFlags {
    std::vector<std::string> paths;
    bool offline = false;
    bool allow_literal_secrets = false;
    Format format = Format::text;
    bool verbose = false;
};

} // namespace

void register_validate(CLI::App& app, CommandResult& result) {
    auto* cmd = app.add_subcommand("validate", "Check manifests without any network access and report every error");
    auto flags = std::make_shared<ValidateFlags>();
    cmd->add_option("paths", flags->paths, "Manifest files or directories (searched recursively for *.yaml, *.yml)")
        ->required();
    cmd->add_flag("--offline", flags->offline, "Check the syntax of ${...} references without resolving them");
    cmd->add_flag("--allow-literal-secrets", flags->allow_literal_secrets,
                  "Accept PAT secrets and passwords written in manifests");
    add_choice<Format>(cmd, "--format", flags->format, choose<Format>(kFormats, {"text", "json", "github"}),
                       "text, json or github (workflow annotations)");
    cmd->add_flag("-v,--verbose", flags->verbose,
                  "Also list the documents skipped as not tabhook's, and the sites each webhook declared with "
                  "metadata.sites or metadata.siteSelector goes to");
    // A shared flag (product.md): accepted everywhere so one wrapper can pass it to every command;
    // validate's output has no colour to turn off.
    cmd->add_flag("--no-color")->description("No colour (also NO_COLOR); validate never colours its output");
    cmd->footer(
        "Exit codes: 0 valid, 1 invalid, 64 usage.\nExamples:\n  tabhook validate webhooks/\n  tabhook validate "
        "--offline .   # no secrets needed: pre-commit, forks\n  tabhook validate --format github webhooks/");
    cmd->callback([flags, &result] {
        manifest::LoadOptions options;
        options.resolve_references = !flags->offline;
        options.allow_literal_secrets = flags->allow_literal_secrets;
        const manifest::LoadResult loaded = manifest::load_manifests(flags->paths, options);
        if (flags->format == Format::json) {
            std::cout << report::render_validate_json(loaded);
        } else if (flags->format == Format::github) {
            std::cout << report::render_validate_github(loaded, flags->verbose);
        } else {
            const auto text = report::render_validate_text(loaded, flags->verbose);
            std::cerr << text.diagnostics;
            std::cout << text.summary;
        }
        result.exit_code = loaded.ok() ? kOk : kError;
    });
}

} // namespace tabhook::cli
