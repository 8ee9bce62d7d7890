#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string_view>

namespace fake {

namespace {

std::optional<long long> to_int(std::string_view s) {
    long long v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> to_double(const std::string& s) {
    try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used != s.size() || !std::isfinite(v)) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

std::optional<ApiVersion> parse_api_version(const std::string& text) {
    const auto dot = text.find('.');
    if (dot == std::string::npos || text.size() > 12) return std::nullopt;
    const auto major = to_int(std::string_view(text).substr(0, dot));
    const auto minor = to_int(std::string_view(text).substr(dot + 1));
    if (!major || !minor || *major < 0 || *minor < 0 || *major > 99 || *minor > 999) return std::nullopt;
    return ApiVersion{static_cast<int>(*major), static_cast<int>(*minor)};
}

std::string usage() {
    return "usage: fake-tableau [--listen 127.0.0.1:0] [--port-file FILE] [--seed FILE] [--api-version 3.24]\n"
           "                    [--token-ttl SECONDS] [--latency MS] [--unique-names] [--xml-only]\n"
           "                    [--delivery-timeout-ms MS] [--retry-delays-ms 100,200,400] [--threads N]\n"
           "                    [--max-body-bytes N] [--rate-limit N] [--switch-site supported|unsupported]\n"
           "                    [--profile FILE] [--ROW VALUE]...\n"
           "  --rate-limit N      at most N requests per second per site (token bucket, burst N); over it: 429\n"
           "                      with Retry-After. Default 0: no limit\n"
           "  --switch-site V     supported (Tableau Server, default) or unsupported (Tableau Cloud: 403069)\n"
           "server-profile rows (first value = default):\n" +
           [] {
               std::string rows;
               for (const auto& row : profile_rows()) {
                   rows += "  --" + std::string(row.key) + " ";
                   for (std::size_t i = 0; i < row.values.size(); ++i)
                       rows += (i ? "|" : "") + std::string(row.values[i]);
                   rows += "\n";
               }
               return rows;
           }();
}

std::optional<Options> parse_options(int argc, const char* const* argv, std::string& message, bool& help) {
    Options o;
    help = false;
    std::string profile_file;
    std::vector<std::pair<std::string, std::string>> rows; // applied after the profile file
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_value = arg.substr(eq + 1);
            arg.resize(eq);
        }
        auto value = [&]() -> std::optional<std::string> {
            if (inline_value) return inline_value;
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        auto fail = [&](const std::string& what) {
            message = "fake-tableau: " + what + "\n" + usage();
            return std::nullopt;
        };
        if (arg == "-h" || arg == "--help") {
            help = true;
            message = usage();
            return std::nullopt;
        }
        if (arg == "--unique-names") { // kept from before the matrix: --duplicate-names refuse-409
            rows.emplace_back("duplicate-names", "refuse-409");
            continue;
        }
        if (arg.rfind("--", 0) == 0 && !profile_value(o.profile, std::string_view(arg).substr(2)).empty()) {
            const auto v = value();
            if (!v) return fail(arg + " needs a value");
            rows.emplace_back(arg.substr(2), *v);
            continue;
        }
        if (arg == "--xml-only") {
            o.xml_only = true;
            continue;
        }
        static constexpr std::string_view kValued[] = {"--listen",
                                                       "--port-file",
                                                       "--seed",
                                                       "--api-version",
                                                       "--token-ttl",
                                                       "--latency",
                                                       "--delivery-timeout-ms",
                                                       "--retry-delays-ms",
                                                       "--threads",
                                                       "--max-body-bytes",
                                                       "--rate-limit",
                                                       "--switch-site",
                                                       "--profile"};
        if (std::find(std::begin(kValued), std::end(kValued), arg) == std::end(kValued))
            return fail("unknown option " + arg);
        const auto v = value();
        if (!v) return fail(arg + " needs a value");
        if (arg == "--listen") {
            std::string host;
            std::string port;
            if (!v->empty() && (*v)[0] == '[') {
                const auto close = v->find("]:");
                if (close == std::string::npos) return fail("--listen expects HOST:PORT");
                host = v->substr(1, close - 1);
                port = v->substr(close + 2);
            } else {
                const auto colon = v->rfind(':');
                if (colon == std::string::npos) return fail("--listen expects HOST:PORT");
                host = v->substr(0, colon);
                port = v->substr(colon + 1);
            }
            const auto p = to_int(port);
            if (host.empty() || !p || *p < 0 || *p > 65535) return fail("--listen expects HOST:PORT");
            o.listen_host = host;
            o.listen_port = static_cast<int>(*p);
        } else if (arg == "--port-file") {
            o.port_file = *v;
        } else if (arg == "--seed") {
            o.seed_file = *v;
        } else if (arg == "--api-version") {
            if (!parse_api_version(*v)) return fail("--api-version expects MAJOR.MINOR, e.g. 3.24");
            o.api_version = *v;
        } else if (arg == "--token-ttl") {
            const auto s = to_double(*v);
            if (!s || *s <= 0 || *s > 1e7) return fail("--token-ttl expects a positive number of seconds");
            o.token_ttl = std::chrono::milliseconds(static_cast<long long>(*s * 1000.0));
        } else if (arg == "--latency") {
            const auto ms = to_int(*v);
            if (!ms || *ms < 0 || *ms > 600'000) return fail("--latency expects milliseconds");
            o.latency = std::chrono::milliseconds(*ms);
        } else if (arg == "--delivery-timeout-ms") {
            const auto ms = to_int(*v);
            if (!ms || *ms < 1 || *ms > 600'000) return fail("--delivery-timeout-ms expects milliseconds");
            o.delivery_timeout = std::chrono::milliseconds(*ms);
        } else if (arg == "--retry-delays-ms") {
            o.retry_delays_ms.clear();
            std::string_view rest = *v;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const auto ms = to_int(rest.substr(0, comma));
                if (!ms || *ms < 0 || *ms > 600'000)
                    return fail("--retry-delays-ms expects a comma-separated list of ms");
                o.retry_delays_ms.push_back(static_cast<int>(*ms));
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
            if (o.retry_delays_ms.size() > 10) return fail("--retry-delays-ms takes at most 10 delays");
        } else if (arg == "--profile") {
            profile_file = *v;
        } else if (arg == "--threads") {
            const auto n = to_int(*v);
            if (!n || *n < 4 || *n > 1024) return fail("--threads expects 4..1024");
            o.threads = static_cast<std::size_t>(*n);
        } else if (arg == "--max-body-bytes") {
            const auto n = to_int(*v);
            if (!n || *n < 1024 || *n > (1LL << 30)) return fail("--max-body-bytes expects 1024..1073741824");
            o.max_body_bytes = static_cast<std::size_t>(*n);
        } else if (arg == "--rate-limit") {
            const auto n = to_int(*v);
            if (!n || *n < 0 || *n > 1'000'000) return fail("--rate-limit expects requests per second, 0..1000000");
            o.rate_limit = static_cast<int>(*n);
        } else if (arg == "--switch-site") {
            if (*v != "supported" && *v != "unsupported") return fail("--switch-site expects supported or unsupported");
            o.switch_site = *v == "supported" ? SwitchSite::supported : SwitchSite::unsupported;
        }
    }
    if (!profile_file.empty()) {
        std::ifstream in(profile_file);
        std::stringstream text;
        text << in.rdbuf();
        std::string error;
        if (!in)
            error = "cannot read profile file " + profile_file;
        else if (!load_profile(o.profile, text.str(), error))
            error = profile_file + ": " + error;
        if (!error.empty()) {
            message = "fake-tableau: " + error + "\n";
            return std::nullopt;
        }
    }
    for (const auto& [key, v] : rows) {
        std::string error;
        if (!set_profile_value(o.profile, key, v, error)) {
            message = "fake-tableau: " + error + "\n" + usage();
            return std::nullopt;
        }
    }
    return o;
}

} // namespace fake
