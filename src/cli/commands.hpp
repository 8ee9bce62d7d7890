#pragma once
// The subcommand table. Each subcommand lives in its own cmd_<name>.cpp and registers itself on the
// root app with its flags; the callback it sets stores the exit code in `result`.
#include <CLI/CLI.hpp>

namespace tabhook::cli {

struct CommandResult {
    int exit_code = 0;
};

void register_events(CLI::App& app, CommandResult& result);
void register_validate(CLI::App& app, CommandResult& result);
void register_plan(CLI::App& app, CommandResult& result);
void register_apply(CLI::App& app, CommandResult& result);
void register_test(CLI::App& app, CommandResult& result);
void register_drift(CLI::App& app, CommandResult& result);
void register_export(CLI::App& app, CommandResult& result);
void register_run(CLI::App& app, CommandResult& result);
void register_doctor(CLI::App& app, CommandResult& result);

} // namespace tabhook::cli
