// Redactor at daemon scale: learning the destination URLs of 10,000 webhooks (what every list does, and
// every idle cycle repeats), learning them again, and redacting one server error detail with all of them
// known. Baseline, measured in the same run: parsing the same 10,000 URLs, the least learning can cost.
// Prints markdown table rows.
#include <cstdio>
#include <string>
#include <vector>

#include "bench_stats.hpp"
#include "tableau/redactor.hpp"
#include "util/url.hpp"

using namespace tabhook;

int main() {
    constexpr int n = 10000;
    std::vector<std::string> urls;
    for (int i = 0; i < n; ++i)
        urls.push_back("https://relay.example.com/hooks/team-" + std::to_string(i % 50) + "/" + std::to_string(i) +
                       "?token=SENTINEL-" + std::to_string(i * 7919));
    const std::string detail = "Invalid destination: the server refused https://relay.example.com/hooks/team-3/4203"
                               "?token=SENTINEL-33285637 with 400 (webhook 'gitops-refresh-failed' on site marketing)";
    tableau::Redactor redactor;
    const auto learn = bench::measure(1, [&] {
        for (const auto& u : urls) redactor.add_url(u);
    });
    const auto relearn = bench::measure(5, [&] {
        for (const auto& u : urls) redactor.add_url(u);
    });
    std::string out;
    const auto redact = bench::measure(9, [&] { out = redactor.redact(detail); });
    if (out.find("SENTINEL") != std::string::npos) {
        std::fprintf(stderr, "redactor_bench: the detail was not redacted: %s\n", out.c_str());
        return 1;
    }
    std::size_t parsed = 0;
    const auto baseline = bench::measure(5, [&] {
        for (const auto& u : urls) parsed += util::parse_url(u) ? 1 : 0;
    });
    std::printf("| redactor: learn 10,000 URLs | %.1f ms | one run | - | %.1f× baseline (parse the URLs, %.1f ms) |\n",
                learn.median_ms, learn.median_ms / baseline.median_ms, baseline.median_ms);
    std::printf("| redactor: learn the same 10,000 URLs again (each idle cycle) | %.1f ms | %.1f–%.1f ms | - | %.1f× "
                "baseline |\n",
                relearn.median_ms, relearn.min_ms, relearn.max_ms, relearn.median_ms / baseline.median_ms);
    std::printf("| redactor: redact one error detail, 10,000 URLs known | %.3f ms | %.3f–%.3f ms | - | %.2f× baseline "
                "|\n",
                redact.median_ms, redact.min_ms, redact.max_ms, redact.median_ms / baseline.median_ms);
    return parsed == 0 ? 1 : 0;
}
