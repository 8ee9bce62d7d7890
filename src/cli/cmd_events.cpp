#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/choices.hpp"
#include "cli/commands.hpp"
#include "model/events.hpp"
#include "report/json_text.hpp"

namespace tabhook::cli {

void register_events(CLI::App& app, CommandResult& result) {
    auto* cmd = app.add_subcommand("events", "List the webhook event catalogue with every accepted alias");
    auto format = std::make_shared<Format>(Format::text);
    add_choice<Format>(cmd, "--format", *format, choose<Format>(kFormats, {"text", "json"}), "text or json");
    // Shared flags (product.md), accepted so one wrapper can pass them to every command; the catalogue
    // has no colour and nothing more to say.
    cmd->add_flag("--no-color")->description("No colour (also NO_COLOR); events never colours its output");
    cmd->add_flag("-v,--verbose")->description("Accepted for symmetry; events has nothing more to say");
    cmd->footer("Examples:\n  tabhook events\n  tabhook events --format json");
    cmd->callback([format, &result] {
        const auto events = model::event_catalogue();
        if (*format == Format::json) {
            nlohmann::json doc{{"format_version", "1"}, {"events", nlohmann::json::array()}};
            for (const auto& e : events)
                doc["events"].push_back({{"name", e.name},
                                         {"element", e.element},
                                         {"kebab", e.kebab},
                                         {"resource", e.resource},
                                         {"since", e.since},
                                         {"aliases", model::extra_aliases(e)}});
            std::cout << report::json_text(doc, 2) << '\n';
        } else {
            std::cout << fmt::format("{:<28} {:<50} {:<30} {:<10} {}\n", "EVENT", "ELEMENT FORM", "KEBAB FORM",
                                     "RESOURCE", "OTHER ALIASES");
            for (const auto& e : events)
                std::cout << fmt::format("{:<28} {:<50} {:<30} {:<10} {}\n", e.name, e.element, e.kebab, e.resource,
                                         fmt::join(model::extra_aliases(e), " "));
        }
        result.exit_code = 0;
    });
}

} // namespace tabhook::cli
