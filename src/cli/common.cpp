#include "cli/common.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "apply/executor.hpp"
#include "cli/exit_code.hpp"
#include "manifest/loader.hpp"
#include "util/duration.hpp"
#include "util/escape.hpp"
#include "util/result.hpp"
#include "util/strings.hpp"
#include "util/url.hpp"

namespace tabhook::cli {

namespace {

std::atomic<bool> g_interrupted{false};
// The handler writes a byte per signal to the pipe; the watcher thread reads them. Atomic: the handler
// runs on any thread.
std::atomic<int> g_wake_read{-1}, g_wake_write{-1};

struct Hooks {
    std::mutex mutex;
    std::function<void()> first, second;
};
Hooks& hooks() {
    static auto* h = new Hooks; // never destroyed: the watcher thread may outlive static destruction
    return *h;
}

extern "C" void on_interrupt(int sig) {
    const int saved = errno;
    g_interrupted.store(true);
    const int wake = g_wake_write.load();
    if (wake < 0) {
        static_cast<void>(
            std::signal(sig, SIG_DFL)); // no watcher thread: a second signal ends the process the default way
    } else {
        const char byte = 1; // a full pipe holds wake-ups enough
        [[maybe_unused]] const auto n = ::write(wake, &byte, 1);
    }
    errno = saved;
}

[[noreturn]] void exit_interrupted() {
    std::cout.flush();
    std::cerr.flush();
    static_cast<void>(std::fflush(nullptr)); // about to exit: nothing to do with a failure
    // Not exit(): workers are still running, and static destructors would run under them.
    std::_Exit(kInterrupted);
}

void watch_interrupts() {
    int seen = 0;
    for (;;) {
        char byte = 0;
        const ssize_t n = ::read(g_wake_read.load(), &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        auto& h = hooks();
        const std::lock_guard lock(h.mutex);
        if (++seen == 1) {
            if (h.first) h.first();
            continue;
        }
        if (h.second) h.second();
        exit_interrupted();
    }
}

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler uses them");

// The rule for an allowlist entry, from --allow-server and TABHOOK_ALLOWED_SERVERS alike.
bool is_server_url(std::string_view value) {
    const auto url = util::parse_url(value);
    return url && (url->scheme == "https" || url->scheme == "http") && !url->host.empty();
}

constexpr const char* kAllowlistVariable = "TABHOOK_ALLOWED_SERVERS";

// The variable's servers. Set, it must name at least one server and nothing that is not one: a value
// left blank by CI wiring ("${A},${B}" with both unset) would otherwise mean "no allowlist" and send
// credentials anywhere. Empty entries between commas are skipped. The message never repeats the value
// (a mistyped one may hold credentials); unsetting the variable is how to have no allowlist.
Result<std::vector<std::string>> allowlist_from_environment() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* env = std::getenv(kAllowlistVariable);
    if (!env) return std::vector<std::string>{};
    std::vector<std::string> servers;
    std::size_t position = 0;
    for (const auto& entry : util::split(env, ',')) {
        ++position;
        const auto value = util::trim(entry);
        if (value.empty()) continue;
        if (!is_server_url(value))
            return fail(fmt::format("{}: entry {} is not a server URL such as https://tableau.example.com",
                                    kAllowlistVariable, position));
        servers.emplace_back(value);
    }
    if (servers.empty())
        return fail(fmt::format("{} is set but names no server; set it to server URLs such as "
                                "https://tableau.example.com, separated by commas, or unset it for no allowlist",
                                kAllowlistVariable));
    return servers;
}

} // namespace

void add_common_flags(CLI::App* cmd, CommonOptions& o, const std::vector<std::string>& formats) {
    cmd->add_option("paths", o.paths, "Manifest files or directories (searched recursively for *.yaml, *.yml)")
        ->required();
    cmd->add_option("--site", o.sites, "Only this site (its metadata.name); repeatable");
    add_choice<Format>(cmd, "--format", o.format, choose<Format>(kFormats, formats), "Output format");
    cmd->add_flag("--no-color", o.no_color, "No colour (also NO_COLOR)");
    cmd->add_flag("-v,--verbose", o.verbose,
                  "Say more: list the documents skipped for their apiVersion; apply and test: how many operations "
                  "ran at once per site");
    cmd->add_flag("--allow-literal-secrets", o.allow_literal_secrets,
                  "Accept PAT secrets and passwords written in manifests");
    cmd->add_option("--allow-server", o.allow_servers,
                    "Only contact these servers (repeatable; also TABHOOK_ALLOWED_SERVERS, comma-separated, which once "
                    "set must name a server: unset it for no allowlist)")
        ->check(CLI::Validator(
            [](std::string& value) -> std::string {
                // The value is not repeated: a mistyped one may hold credentials.
                return is_server_url(value) ? std::string()
                                            : std::string("takes a server URL such as https://tableau.example.com");
            },
            "URL"));
    cmd->add_option("--cacert", o.cacert, "CA certificate bundle for TLS verification (also SSL_CERT_FILE)");
    const auto ms_flag = [cmd](const std::string& name, int& value, const std::string& description) {
        cmd->add_option(name, value, description + ": 500ms, 30s, 5m, or a bare number of milliseconds")
            ->transform(milliseconds_flag())
            ->type_name("DURATION")
            ->group("Tuning");
    };
    ms_flag("--connect-timeout-ms", o.connect_timeout_ms, "Connect timeout (default 10s)");
    ms_flag("--request-timeout-ms", o.request_timeout_ms, "Whole-request timeout (default 30s)");
    cmd->add_option("--retry-attempts", o.retry_attempts, "Attempts for a transient failure, first try included")
        ->group("Tuning");
    ms_flag("--retry-backoff-ms", o.retry_backoff_ms, "First retry backoff (default 500ms)");
    ms_flag("--retry-max-backoff-ms", o.retry_max_backoff_ms, "Backoff cap (default 8s)");
}

bool use_color(const CommonOptions& o) {
    if (o.no_color) return false;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in tabhook writes the environment (no setenv/putenv)
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

std::function<void(const std::string&)> verbose_note(const CommonOptions& o) {
    if (!o.verbose) return {};
    return [](const std::string& line) { std::cerr << "note: " << util::for_terminal(line) << '\n'; };
}

LoadOutcome load_desired(const CommonOptions& o) {
    manifest::LoadOptions options;
    options.allow_literal_secrets = o.allow_literal_secrets;
    auto loaded = manifest::load_manifests(o.paths, options);
    if (o.verbose)
        for (const auto& s : loaded.skipped) std::cerr << "skipped: " << s << '\n';
    if (!loaded.errors.empty()) {
        for (const auto& d : loaded.errors) std::cerr << manifest::to_string(d) << '\n';
        std::cerr << fmt::format("{} error(s) in the manifests; nothing was sent to any server\n",
                                 loaded.errors.size());
        return {std::nullopt, kError};
    }
    for (const auto& wanted : reconcile::unknown_sites(loaded.state, o.sites)) {
        std::vector<std::string> names;
        for (const auto& s : loaded.state.sites) names.push_back(s.name);
        std::string msg = fmt::format("tabhook: --site {}: no such site in the manifests", wanted);
        if (auto m = util::closest_match(wanted, names)) msg += fmt::format("; did you mean '{}'?", *m);
        std::cerr << msg << '\n';
        return {std::nullopt, kUsage};
    }
    return {reconcile::select_sites(loaded.state, o.sites), kOk};
}

std::optional<tableau::ClientOptions> client_options(const CommonOptions& o, util::StopToken stop) {
    auto from_environment = allowlist_from_environment();
    if (!from_environment) {
        std::cerr << "tabhook: " << from_environment.error().message << '\n';
        return std::nullopt;
    }
    tableau::ClientOptions c;
    c.connect_timeout = std::chrono::milliseconds(o.connect_timeout_ms);
    c.request_timeout = std::chrono::milliseconds(o.request_timeout_ms);
    if (!o.cacert.empty()) c.cacert = o.cacert;
    c.allowed_servers = o.allow_servers;
    c.allowed_servers.insert(c.allowed_servers.end(), from_environment->begin(), from_environment->end());
    c.retry.max_attempts = o.retry_attempts;
    c.retry.initial_backoff = std::chrono::milliseconds(o.retry_backoff_ms);
    c.retry.max_backoff = std::chrono::milliseconds(o.retry_max_backoff_ms);
    c.stop = stop;
    return c;
}

const std::atomic<bool>& install_interrupt_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) return;
        g_wake_read = fds[0];
        ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
        std::thread(watch_interrupts).detach();
        g_wake_write = fds[1]; // last: the handler uses the pipe only once the watcher reads it
    });
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return g_interrupted;
}

CLI::Validator duration_validator(bool allow_zero) {
    return CLI::Validator(
        [allow_zero](std::string& text) -> std::string {
            if (allow_zero && text == "0") return "";
            const auto d = util::parse_duration(text);
            if (!d || d->count() < (allow_zero ? 0 : 1))
                return "expected a duration such as 250ms, 30s, 5m or 1h" + std::string(allow_zero ? " (or 0)" : "") +
                       ", got '" + text + "'";
            return "";
        },
        "DURATION");
}

std::chrono::milliseconds duration_value(const std::string& text) {
    if (text == "0") return std::chrono::milliseconds(0);
    return util::parse_duration(text).value_or(std::chrono::milliseconds(0));
}

CLI::Validator milliseconds_flag() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            int as_before = 0;
            if (CLI::detail::lexical_cast(text, as_before)) return ""; // what the flag always took, unchanged
            const auto d = util::parse_duration(text);
            if (!d || d->count() > std::numeric_limits<int>::max())
                return "expected a duration such as 500ms, 30s or 5m, or a number of milliseconds, got '" + text + "'";
            text = std::to_string(d->count());
            return "";
        },
        "");
}

void add_lock_timeout_flag(CLI::App* cmd, std::string& value) {
    cmd->add_option("--lock-timeout", value,
                    "Longest wait for another tabhook process on this machine to release a site's lock, e.g. 30s, "
                    "2m, 0 (default 60s)")
        ->check(duration_validator(true));
}

void add_parallel_flag(CLI::App* cmd, int& parallel, const std::string& what) {
    static_assert(apply::kParallelAuto == 0 && apply::kMaxParallel == 64, "the words below say auto is 0, 64 the most");
    cmd->add_option("--parallel", parallel,
                    "Operations in flight at once per site " + what +
                        ": auto (start at 4, grow while the server copes, halve on 429/503, at most 64) or a fixed "
                        "number 1..64; either honours Retry-After")
        ->transform(CLI::Validator(
            [](std::string& value) -> std::string {
                if (value == "auto") {
                    value = "0";
                    return {};
                }
                int n = 0;
                const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
                if (ec == std::errc() && end == value.data() + value.size() && n >= 1 && n <= 64) return {};
                return "takes auto or a number from 1 to 64";
            },
            "auto|1..64"))
        ->type_name("TEXT")
        ->default_str("auto");
}

InterruptHooks::InterruptHooks(std::function<void()> first, std::function<void()> second) {
    auto& h = hooks();
    const std::lock_guard lock(h.mutex);
    h.first = std::move(first);
    h.second = std::move(second);
}

InterruptHooks::~InterruptHooks() {
    auto& h = hooks();
    const std::lock_guard lock(h.mutex);
    h.first = nullptr;
    h.second = nullptr;
}

} // namespace tabhook::cli
