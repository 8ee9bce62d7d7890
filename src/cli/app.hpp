#pragma once
// The command-line entry point: parses arguments and dispatches to one subcommand.
namespace tabhook::cli {

int run(int argc, char** argv);

} // namespace tabhook::cli
