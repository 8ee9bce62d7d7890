#pragma once
// What the commands that talk to Tableau share: flags, loading and selecting manifests, connecting to
// sites, and signal handling. Each cmd_<name>.cpp reads as a short list of steps over these.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/choices.hpp"
#include "model/desired.hpp"
#include "reconcile/desired.hpp"
#include "tableau/client.hpp"
#include "util/stop_token.hpp"

namespace tabhook::cli {

struct CommonOptions {
    std::vector<std::string> paths;
    std::vector<std::string> sites; // --site filter
    Format format = Format::text;
    bool no_color = false;
    bool verbose = false;
    bool allow_literal_secrets = false;
    std::vector<std::string> allow_servers;
    std::string cacert;
    // Timeouts and backoff in milliseconds, so fault tests run in seconds. Their flags also take a
    // duration (500ms, 30s, 5m: milliseconds_flag).
    int connect_timeout_ms = 10000;
    int request_timeout_ms = 30000;
    int retry_attempts = 4;
    int retry_backoff_ms = 500;
    int retry_max_backoff_ms = 8000;
};

// Adds PATH... and the flags every site command shares; `formats` lists what --format accepts (words of
// kFormats), the first being the default.
void add_common_flags(CLI::App* cmd, CommonOptions& o, const std::vector<std::string>& formats);

// Colour only on a TTY, never with --no-color or NO_COLOR.
bool use_color(const CommonOptions& o);
// With -v: prints a line about the run's sessions to stderr ("note: …", escaped for the terminal); else empty.
std::function<void(const std::string&)> verbose_note(const CommonOptions& o);

// Loads and validates the manifests and narrows them to the --site filter; prints every diagnostic to stderr. Returns
// the exit code on failure: 1 for invalid manifests, 64 for a --site that names no site.
struct LoadOutcome {
    std::optional<reconcile::DesiredSites> desired;
    int exit_code = 0;
};
LoadOutcome load_desired(const CommonOptions& o);

// The client's options from the flags and TABHOOK_ALLOWED_SERVERS. Null, with the reason on stderr, when
// the variable is set but does not list servers only (a usage error: exit 64, before any connection).
std::optional<tableau::ClientOptions> client_options(const CommonOptions& o, util::StopToken stop = {});

// A duration flag's check: "250ms", "30s", "5m", "1h" (util/duration.hpp); `allow_zero` also takes "0".
CLI::Validator duration_validator(bool allow_zero = false);
// The value of a flag checked by duration_validator.
std::chrono::milliseconds duration_value(const std::string& text);

// A `-ms` flag's transform (--connect-timeout-ms, --request-timeout-ms, --retry-backoff-ms,
// --retry-max-backoff-ms): an integer passes unchanged and is milliseconds, exactly as these flags always
// took it; a duration (500ms, 30s, 5m; util/duration.hpp) becomes its milliseconds.
CLI::Validator milliseconds_flag();

// --lock-timeout (apply, run): how long to wait for a site's machine-local lock (util/file_lock.hpp).
void add_lock_timeout_flag(CLI::App* cmd, std::string& value);

// --parallel auto|N (apply, test, run): `auto` becomes apply::kParallelAuto (0), a number must be in 1..64;
// anything else is a usage error (exit 64). Help shows "TEXT:auto|1..64=auto". `what` ends the description.
void add_parallel_flag(CLI::App* cmd, int& parallel, const std::string& what);

// SIGINT/SIGTERM. The first sets the flag (start nothing new; requests in flight finish). The second
// ends the process with exit 130 at once, without waiting for the requests in flight. The handler only
// records and wakes a watcher thread; whatever is printed about it is printed there (InterruptHooks).
const std::atomic<bool>& install_interrupt_handlers();

// While alive, the watcher thread calls `first` on the first SIGINT/SIGTERM and `second` on the second,
// just before the process exits 130: they say what is in flight and what is known. They run on that
// thread, concurrently with the rest of the program, never in the signal handler.
class InterruptHooks {
  public:
    InterruptHooks(std::function<void()> first, std::function<void()> second);
    ~InterruptHooks();
    InterruptHooks(const InterruptHooks&) = delete;
    InterruptHooks& operator=(const InterruptHooks&) = delete;
};

} // namespace tabhook::cli
