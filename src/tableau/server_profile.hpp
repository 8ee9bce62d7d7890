#pragma once
// The server profile: what a server did for each row of the assumption matrix (the behaviours of
// Tableau's REST API that the public evidence leaves open; tests/fake_tableau/README.md). `tabhook doctor
// --canary` learns it from raw answers and prints it; `fake-tableau --profile FILE` loads the JSON form to
// behave as that server did. Row names and value spellings are fake-tableau's (tests/fake_tableau/src/
// profile.hpp); "unknown" where the answers could not tell. Every function here is pure.
#include <string>
#include <string_view>
#include <vector>

namespace tabhook::tableau {

inline constexpr std::string_view kUnknownValue = "unknown";

struct ProfileRowSpec {
    std::string_view key;                 // e.g. "duplicate-names"
    std::vector<std::string_view> values; // the fake's spellings
};
// Every row, in fake-tableau's order.
const std::vector<ProfileRowSpec>& profile_row_specs();

struct ProfileValue {
    std::string row;
    std::string value = std::string(kUnknownValue);
    std::string evidence; // what was seen, or why it is unknown (no secrets: statuses, codes, types)
};

// A profile with every row "unknown"; set() fills one (the first known value for a row wins).
class ServerProfileFindings {
  public:
    ServerProfileFindings();
    void set(std::string_view row, std::string value, std::string evidence);
    void note(std::string_view row, std::string evidence); // why a row stays unknown
    const std::vector<ProfileValue>& rows() const { return rows_; }
    std::string value(std::string_view row) const;

  private:
    std::vector<ProfileValue> rows_;
};

// Each returns a value spelling or "unknown". Bodies are raw answers (JSON or XML).
// A second create with a name already taken: its status (0 = no answer).
std::string learn_duplicate_names(int status);
// A call with a session ended by a second sign-in with the same PAT.
std::string learn_expired_session(int status, std::string_view body);
// Test a Webhook's 200 answer.
std::string learn_test_result(std::string_view body);
// `lists`: the ids of the webhooks created, in the order each list showed them; `created`: creation order.
std::string learn_list_order(const std::vector<std::vector<std::string>>& lists,
                             const std::vector<std::string>& created);
// A list (or single webhook) answer with at least one webhook.
std::string learn_created_at(std::string_view body);
std::string learn_json_enabled(std::string_view body);
// An error answer.
std::string learn_json_error_code(std::string_view body);
// A list answer holding exactly one webhook.
std::string learn_json_single_item(std::string_view body);
// GET of a webhook id that no longer exists.
std::string learn_unknown_webhook(int status, std::string_view body);
// An update (PUT) that succeeded.
std::string learn_update_status(int status);

// The ids in a list answer, in the answer's order (empty when it does not decode).
std::vector<std::string> list_ids(std::string_view body);

} // namespace tabhook::tableau
