// `tabhook validate PATH...`: load the manifests the way every other command does, report every error
// and never open a connection. Text output: errors on stderr (`file:line:col: error: message`), the
// summary line on stdout. `--format github` and `--format json` write everything to stdout.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/choices.hpp"
#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
#include "manifest/loader.hpp"
#include "report/json_text.hpp"

namespace tabhook::cli {

namespace {

struct ValidateFlags {
    std::vector<std::string> paths;
    bool offline = false;
    bool allow_literal_secrets = false;
    Format format = Format::text;
    bool verbose = false;
};

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// "2 sites, 14 webhooks in 5 files: valid" or "...: 3 errors".
std::string summary(const manifest::LoadResult& r) {
    return fmt::format("{}, {} in {}: {}", plural(r.state.sites.size(), "site"),
                       plural(r.state.webhooks.size(), "webhook"), plural(r.files.size(), "file"),
                       r.ok() ? "valid" : plural(r.errors.size(), "error"));
}

void print_text(const manifest::LoadResult& r, bool verbose) {
    if (verbose)
        for (const auto& s : r.skipped) std::cerr << "skipped " << s << '\n';
    for (const auto& d : r.errors) {
        const std::string where = manifest::to_string(d.location);
        std::cerr << where << ": error: " << d.message << '\n';
    }
    std::cout << summary(r) << '\n';
}

void print_github(const manifest::LoadResult& r, bool verbose) {
    if (verbose)
        for (const auto& s : r.skipped) std::cout << "skipped " << s << '\n';
    for (const auto& d : r.errors) std::cout << manifest::to_github_annotation(d) << '\n';
    std::cout << summary(r) << '\n';
}

void print_json(const manifest::LoadResult& r) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& d : r.errors)
        errors.push_back({{"file", d.location.file},
                          {"line", d.location.line},
                          {"column", d.location.column},
                          {"rule", d.rule},
                          {"message", d.message}});
    const nlohmann::json doc{{"format_version", "1"},
                             {"valid", r.ok()},
                             {"errors", errors},
                             {"skipped", r.skipped},
                             {"summary",
                              {{"files", r.files.size()},
                               {"sites", r.state.sites.size()},
                               {"webhooks", r.state.webhooks.size()},
                               {"errors", r.errors.size()}}}};
    // File names need not be UTF-8; replace what is not rather than fail.
    std::cout << report::json_text(doc, 2) << '\n';
}

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
    cmd->add_flag("-v,--verbose", flags->verbose, "Also list the documents skipped as not tabhook's");
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
        if (flags->format == Format::json)
            print_json(loaded);
        else if (flags->format == Format::github)
            print_github(loaded, flags->verbose);
        else
            print_text(loaded, flags->verbose);
        result.exit_code = loaded.ok() ? kOk : kError;
    });
}

} // namespace tabhook::cli
