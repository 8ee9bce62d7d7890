#include "model/events.hpp"

#include <array>
#include <string>
#include <vector>

namespace tabhook::model {

namespace {

// Source: tableau-api.md §3. FlowCompleted is left out: its element exists in the XSD, but no source
// names its PascalCase form; a server that reports it is carried through as an unknown event.
constexpr std::array<EventInfo, 22> kEvents{{
    {"DatasourceRefreshStarted", "webhook-source-event-datasource-refresh-started", "datasource-refresh-started",
     "EXTRACTS", "2018 preview"},
    {"DatasourceRefreshSucceeded", "webhook-source-event-datasource-refresh-succeeded", "datasource-refresh-succeeded",
     "EXTRACTS", "2018 preview"},
    {"DatasourceRefreshFailed", "webhook-source-event-datasource-refresh-failed", "datasource-refresh-failed",
     "EXTRACTS", "2018 preview"},
    {"DatasourceUpdated", "webhook-source-event-datasource-updated", "datasource-updated", "DATASOURCE",
     "2018 preview"},
    {"DatasourceCreated", "webhook-source-event-datasource-created", "datasource-created", "DATASOURCE",
     "2018 preview"},
    {"DatasourceDeleted", "webhook-source-event-datasource-deleted", "datasource-deleted", "DATASOURCE",
     "2018 preview"},
    {"WorkbookUpdated", "webhook-source-event-workbook-updated", "workbook-updated", "WORKBOOK", "2018 preview"},
    {"WorkbookCreated", "webhook-source-event-workbook-created", "workbook-created", "WORKBOOK", "2018 preview"},
    {"WorkbookDeleted", "webhook-source-event-workbook-deleted", "workbook-deleted", "WORKBOOK", "2018 preview"},
    {"WorkbookRefreshStarted", "webhook-source-event-workbook-refresh-started", "workbook-refresh-started", "EXTRACTS",
     "2019.4"},
    {"WorkbookRefreshSucceeded", "webhook-source-event-workbook-refresh-succeeded", "workbook-refresh-succeeded",
     "EXTRACTS", "2019.4"},
    {"WorkbookRefreshFailed", "webhook-source-event-workbook-refresh-failed", "workbook-refresh-failed", "EXTRACTS",
     "2019.4"},
    {"AdminPromoted", "webhook-event-user-promoted-admin", "user-promoted-admin", "USER", "2021.1 (API 3.11)"},
    {"AdminDemoted", "webhook-event-user-demoted-admin", "user-demoted-admin", "USER", "2021.1 (API 3.11)"},
    {"ViewDeleted", "webhook-source-event-view-deleted", "view-deleted", "VIEW", "unconfirmed (XSD <= 3.16)"},
    {"LabelCreated", "webhook-source-event-label-created", "label-created", "LABEL", "unconfirmed (after 3.16)"},
    {"LabelUpdated", "webhook-source-event-label-updated", "label-updated", "LABEL", "unconfirmed (after 3.16)"},
    {"LabelDeleted", "webhook-source-event-label-deleted", "label-deleted", "LABEL", "unconfirmed (after 3.16)"},
    {"SiteCreated", "webhook-source-event-site-created", "site-created", "SITE", "unconfirmed"},
    {"SiteUpdated", "webhook-source-event-site-updated", "site-updated", "SITE", "unconfirmed"},
    {"SiteDeleted", "webhook-source-event-site-deleted", "site-deleted", "SITE", "unconfirmed"},
    {"UserDeleted", "webhook-source-event-user-deleted", "user-deleted", "USER", "unconfirmed"},
}};

// Spellings seen in the wild beyond the three regular forms: TSC always prefixed
// `webhook-source-event-` (so admin events came out as webhook-source-event-user-promoted-admin), and
// Tableau's event table still carries the typo `webhook-source-event-label-LabelDeleted`.
struct Alias {
    std::string_view spelling;
    std::string_view name;
};
constexpr std::array<Alias, 3> kExtraAliases{{
    {"webhook-source-event-user-promoted-admin", "AdminPromoted"},
    {"webhook-source-event-user-demoted-admin", "AdminDemoted"},
    {"webhook-source-event-label-LabelDeleted", "LabelDeleted"},
}};

const EventInfo* by_name(std::string_view name) {
    for (const auto& e : kEvents)
        if (e.name == name) return &e;
    return nullptr;
}

} // namespace

std::span<const EventInfo> event_catalogue() { return kEvents; }

std::vector<std::string_view> extra_aliases(const EventInfo& event) {
    std::vector<std::string_view> out;
    for (const auto& a : kExtraAliases)
        if (a.name == event.name) out.push_back(a.spelling);
    return out;
}

const EventInfo* find_event(std::string_view spelling) {
    for (const auto& e : kEvents)
        if (e.name == spelling || e.element == spelling || e.kebab == spelling) return &e;
    for (const auto& a : kExtraAliases)
        if (a.spelling == spelling) return by_name(a.name);
    return nullptr;
}

std::string normalize_event(std::string_view spelling) {
    const EventInfo* e = find_event(spelling);
    return std::string(e ? e->name : spelling);
}

Event::Event(std::string_view spelling) : info_(find_event(spelling)) { name_ = info_ ? info_->name : spelling; }

std::span<const std::string_view> event_spellings() {
    static const std::vector<std::string_view> all = [] {
        std::vector<std::string_view> v;
        for (const auto& e : kEvents) {
            v.push_back(e.name);
            v.push_back(e.element);
            v.push_back(e.kebab);
        }
        return v;
    }();
    return all;
}

} // namespace tabhook::model
