#pragma once
// The catalogue of Tableau webhook events and the one function that normalises their spellings.
// Tableau has used three: the PascalCase `event` attribute (canonical), `webhook-source-event-<kebab>`
// elements (the original form) and `webhook-event-<kebab>` elements (the admin events). Manifests may
// also use the bare kebab form. The same normalisation serves manifests and server responses, so an
// alias never shows up as drift.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tabhook::model {

struct EventInfo {
    std::string_view name;     // canonical: DatasourceRefreshFailed
    std::string_view element;  // webhook-source-event-datasource-refresh-failed
    std::string_view kebab;    // datasource-refresh-failed
    std::string_view resource; // payload `resource`: DATASOURCE, WORKBOOK, EXTRACTS, ...
    std::string_view since;    // first Tableau release that has it, as tableau-api.md knows it
};

std::span<const EventInfo> event_catalogue();

// Looks up any accepted spelling: canonical, element form(s), kebab form. Exact, case-sensitive
// match for the canonical name (Tableau's own case-sensitivity is unconfirmed; exact is safest).
const EventInfo* find_event(std::string_view spelling);

// The canonical name when the spelling is known; unknown names are carried through unchanged.
std::string normalize_event(std::string_view spelling);

// A webhook's event as tabhook holds it: normalised once, where it enters (the manifest reader and the
// response decoders), so what comes after (planner, renderers, export) compares and prints it as it is.
// Canonical when the catalogue knows the spelling; any other spelling is carried through unchanged and
// is not `known()`.
class Event {
  public:
    Event() = default;
    explicit Event(std::string_view spelling);

    const std::string& str() const noexcept { return name_; }
    // Read-only views, so an event prints, escapes and serialises as its name.
    operator const std::string&() const noexcept { return name_; }
    operator std::string_view() const noexcept { return name_; }

    const EventInfo* info() const noexcept { return info_; } // null when not in the catalogue
    bool known() const noexcept { return info_ != nullptr; }

    friend bool operator==(const Event& a, const Event& b) noexcept { return a.name_ == b.name_; }
    friend bool operator==(const Event& a, std::string_view b) noexcept { return a.name_ == b; }

  private:
    std::string name_;
    const EventInfo* info_ = nullptr;
};

// Spellings seen in the wild beyond the three regular forms, for one event (usually none).
std::vector<std::string_view> extra_aliases(const EventInfo& event);

// Every spelling that `find_event` accepts, for "did you mean" suggestions.
std::span<const std::string_view> event_spellings();

} // namespace tabhook::model
