#include "cli/app.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/exit_code.hpp"
#include "util/strings.hpp"

namespace tabhook::cli {

int run(int argc, char** argv) {
    CLI::App app{"tabhook: Tableau webhooks as code", "tabhook"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("tabhook ") + TABHOOK_VERSION);
    app.footer("Exit codes: 0 ok, 1 error, 2 changes/drift, 3 refused by a safety brake, 4 receiver test failed, "
               "5 a doctor check failed, 64 usage, 130 interrupted.");

    CommandResult result;
    register_events(app, result);
    register_validate(app, result);
    register_plan(app, result);
    register_apply(app, result);
    register_test(app, result);
    register_drift(app, result);
    register_export(app, result);
    register_run(app, result);
    register_doctor(app, result);

    // An unknown command gets a suggestion and the list, rather than CLI11's "A subcommand is required".
    if (argc >= 2 && argv[1][0] != '-') {
        const std::string word = argv[1];
        std::vector<std::string> names;
        for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
        if (std::find(names.begin(), names.end(), word) == names.end()) {
            const auto match = util::closest_match(word, names);
            const std::string message =
                fmt::format("tabhook: unknown command '{}'{} The commands are: {}.\n", word,
                            match ? fmt::format("; did you mean '{}'?", *match) : ".", fmt::join(names, ", "));
            static_cast<void>(std::fputs(message.c_str(), stderr)); // nowhere to report a failed write
            return kUsage;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kUsage;
    }
    return result.exit_code;
}

} // namespace tabhook::cli
