// How long validating a large manifest repository takes: generates N webhooks spread over F files (one
// Site in the first) into a temporary folder, then times manifest::load_manifests on it, references
// resolved, as `tabhook validate` does. The target is 10,000 webhooks in 100 files in under one second.
//
// Usage: validate_bench [--webhooks N] [--files F] [--runs R] [--keep DIR]
//   --keep DIR  write the files to DIR and leave them there (bench/run_validate.sh times the binary on them)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "bench_stats.hpp"
#include "manifest/loader.hpp"
#include "model/events.hpp"

namespace fs = std::filesystem;
using namespace tabhook;

namespace {

constexpr double kTargetSeconds = 1.0;

struct Args {
    int webhooks = 10'000;
    int files = 100;
    int runs = 7;
    std::optional<std::string> keep;
};

std::uintmax_t generate(const fs::path& dir, const Args& args) {
    fs::create_directories(dir);
    const auto events = model::event_catalogue();
    std::uintmax_t bytes = 0;
    int next = 0;
    for (int f = 0; f < args.files; ++f) {
        const fs::path path = dir / fmt::format("team-{:03}.yaml", f);
        std::ofstream out(path);
        out << "# yaml-language-server: $schema=../schemas/tabhook-v1.json\n";
        if (f == 0)
            out << "apiVersion: tabhook/v1\nkind: Site\nmetadata:\n  name: production\nspec:\n"
                   "  server: ${env:TABLEAU_SERVER_URL}\n  contentUrl: marketing\n  auth:\n"
                   "    personalAccessToken:\n      name: ${env:TABLEAU_PAT_NAME}\n"
                   "      secret: ${env:TABLEAU_PAT_SECRET}\n  prune: owned\n  ownership:\n"
                   "    namePrefix: gitops-\n";
        const int count = args.webhooks / args.files + (f < args.webhooks % args.files ? 1 : 0);
        for (int i = 0; i < count; ++i, ++next) {
            const auto& e = events[static_cast<std::size_t>(next) % events.size()];
            out << fmt::format("---\napiVersion: tabhook/v1\nkind: Webhook\nmetadata:\n  name: gitops-hook-{:05}\n"
                               "  site: production\nspec:\n  event: {}\n"
                               "  url: https://relay.example.com/tableau/${{env:RELAY_TOKEN}}/{}\n"
                               "  enabled: {}\n  test: {}\n",
                               next, next % 3 == 0 ? e.kebab : e.name, next, next % 7 != 0 ? "true" : "false",
                               next % 5 == 0 ? "best-effort" : "required");
        }
        out.close();
        bytes += fs::file_size(path);
    }
    return bytes;
}

std::optional<Args> parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) return std::nullopt;
        const std::string value = argv[++i];
        if (flag == "--webhooks")
            a.webhooks = std::atoi(value.c_str());
        else if (flag == "--files")
            a.files = std::atoi(value.c_str());
        else if (flag == "--runs")
            a.runs = std::atoi(value.c_str());
        else if (flag == "--keep")
            a.keep = value;
        else
            return std::nullopt;
    }
    if (a.webhooks < 0 || a.files < 1 || a.runs < 1) return std::nullopt;
    return a;
}

} // namespace

int main(int argc, char** argv) {
    const auto args = parse(argc, argv);
    if (!args) {
        std::fprintf(stderr, "usage: validate_bench [--webhooks N] [--files F] [--runs R] [--keep DIR]\n");
        return 64;
    }
    const fs::path dir = args->keep ? fs::path(*args->keep)
                                    : fs::temp_directory_path() / fmt::format("tabhook-validate-bench-{}", ::getpid());
    fs::remove_all(dir);
    const std::uintmax_t bytes = generate(dir, *args);

    manifest::LoadOptions options;
    options.env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "TABLEAU_SERVER_URL") return "https://tableau.example.com";
        if (name == "CREDENTIALS_DIRECTORY") return std::nullopt;
        return "bench-value-" + name;
    };
    std::size_t webhooks = 0;
    std::size_t errors = 0;
    const auto stats = bench::measure(args->runs, [&] {
        const auto result = manifest::load_manifests({dir.string()}, options);
        webhooks = result.state.webhooks.size();
        errors = result.errors.size();
    });
    if (!args->keep) fs::remove_all(dir);
    if (errors != 0 || webhooks != static_cast<std::size_t>(args->webhooks)) {
        std::fprintf(stderr, "validate_bench: expected %d valid webhooks, loaded %zu with %zu errors\n", args->webhooks,
                     webhooks, errors);
        return 1;
    }
    const double seconds = stats.median_ms / 1000.0;
    std::printf("load_manifests: %d webhooks in %d files (%.1f MB): median %.3f s over %d runs (min %.3f, max %.3f); "
                "target %.0f s: %.2fx of budget\n",
                args->webhooks, args->files, static_cast<double>(bytes) / 1e6, seconds, args->runs,
                stats.min_ms / 1000.0, stats.max_ms / 1000.0, kTargetSeconds, seconds / kTargetSeconds);
    return 0;
}
