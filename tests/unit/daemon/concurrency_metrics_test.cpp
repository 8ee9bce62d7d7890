// The concurrency an enforce repair reached (--parallel, apply/executor.hpp) on /metrics.
#include <catch2/catch.hpp>

#include <string>

#include "daemon/cycle_metrics.hpp"
#include "daemon/metrics.hpp"

using namespace tabhook;

namespace {

report::SiteOutcome repaired(const std::string& site, plan::Concurrency c) {
    report::SiteOutcome s;
    s.site = site;
    s.listed = true;
    s.applied = plan::SiteResult{};
    s.applied->site = site;
    s.applied->concurrency = c;
    return s;
}

} // namespace

TEST_CASE("metrics: the concurrency each site's repair reached and its 429s, labels escaped") {
    daemon::Metrics m;
    report::CycleReport cycle;
    cycle.sites.push_back(repaired("mark\"eting\n", {12, 6, 3}));
    cycle.sites.push_back(repaired("finance", {4, 5, 0}));
    report::SiteOutcome idle;
    idle.site = "hr";
    idle.listed = true;
    cycle.sites.push_back(idle); // nothing to repair: no figure
    daemon::update_metrics(m, cycle);
    auto text = m.render();
    CHECK(text.find("# TYPE tabhook_concurrency_reached gauge\n") != std::string::npos);
    CHECK(text.find("tabhook_concurrency_reached{site=\"mark\\\"eting\\n\"} 12\n") != std::string::npos);
    CHECK(text.find("tabhook_concurrency_reached{site=\"finance\"} 4\n") != std::string::npos);
    CHECK(text.find("tabhook_concurrency_reached{site=\"hr\"}") == std::string::npos);
    CHECK(text.find("tabhook_throttled_requests_total{site=\"mark\\\"eting\\n\"} 3\n") != std::string::npos);

    // The next repair replaces the gauge and adds to the counter.
    report::CycleReport next;
    next.sites.push_back(repaired("mark\"eting\n", {2, 2, 4}));
    next.sites.push_back(repaired("finance", {5, 6, 0}));
    daemon::update_metrics(m, next);
    text = m.render();
    CHECK(text.find("tabhook_concurrency_reached{site=\"mark\\\"eting\\n\"} 2\n") != std::string::npos);
    CHECK(text.find("tabhook_throttled_requests_total{site=\"mark\\\"eting\\n\"} 7\n") != std::string::npos);

    // A site gone from the manifests leaves the gauge.
    report::CycleReport without;
    without.sites.push_back(repaired("finance", {5, 6, 0}));
    daemon::update_metrics(m, without);
    CHECK(m.render().find("tabhook_concurrency_reached{site=\"mark") == std::string::npos);
}
