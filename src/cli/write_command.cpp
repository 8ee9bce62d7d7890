#include "cli/write_command.hpp"

#include "cli/exit_code.hpp"

namespace tabhook::cli {

int WriteCommand::setup() {
    auto loaded = load_desired(options_);
    if (!loaded.desired) return loaded.exit_code;
    desired_ = std::move(loaded.desired);
    stop_ = util::StopToken(install_interrupt_handlers());
    hooks_.emplace([this] { live_.stopping(); }, [this] { live_.abandon(); });
    client_ = client_options(options_, stop_);
    return client_ ? kOk : kUsage;
}

} // namespace tabhook::cli
