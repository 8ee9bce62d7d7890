#pragma once
// Timing helpers shared by the C++ benchmarks: run a function several times and report the median and
// the spread, so a figure is never one lucky run.
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace tabhook::bench {

struct Stats {
    double median_ms = 0;
    double min_ms = 0;
    double max_ms = 0;
};

inline Stats measure(int runs, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return Stats{ms[ms.size() / 2], ms.front(), ms.back()};
}

} // namespace tabhook::bench
