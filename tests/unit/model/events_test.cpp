#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "model/events.hpp"

using namespace tabhook::model;

TEST_CASE("events: every spelling normalises to the canonical name", "[model]") {
    CHECK(normalize_event("DatasourceRefreshFailed") == "DatasourceRefreshFailed");
    CHECK(normalize_event("webhook-source-event-datasource-refresh-failed") == "DatasourceRefreshFailed");
    CHECK(normalize_event("datasource-refresh-failed") == "DatasourceRefreshFailed");
    CHECK(normalize_event("webhook-event-user-promoted-admin") == "AdminPromoted");
    CHECK(normalize_event("user-promoted-admin") == "AdminPromoted");
    CHECK(normalize_event("webhook-source-event-user-demoted-admin") == "AdminDemoted");
    CHECK(normalize_event("webhook-source-event-label-LabelDeleted") == "LabelDeleted");
}

TEST_CASE("events: unknown names pass through unchanged", "[model]") {
    CHECK(normalize_event("FlowCompleted") == "FlowCompleted");
    CHECK(normalize_event("webhook-source-event-flow-completed") == "webhook-source-event-flow-completed");
    CHECK(find_event("datasourcerefreshfailed") == nullptr);
}

TEST_CASE("events: the catalogue is consistent", "[model]") {
    std::set<std::string> names;
    for (const auto& e : event_catalogue()) {
        CHECK(names.insert(std::string(e.name)).second);
        // element form = prefix + kebab form
        const bool source_form = e.element == "webhook-source-event-" + std::string(e.kebab);
        const bool short_form = e.element == "webhook-event-" + std::string(e.kebab);
        CHECK((source_form || short_form));
        CHECK(find_event(e.name) == &e);
        CHECK(find_event(e.element) == &e);
        CHECK(find_event(e.kebab) == &e);
    }
    CHECK(names.size() == 22);
}
