#pragma once
// The server profile: one value per row of the assumption matrix, i.e. per behaviour of Tableau's REST
// API that the public evidence leaves open (tests/fake_tableau/README.md, "The assumption matrix").
// Each row is a command-line flag of the same name (`--duplicate-names refuse-400`), and a whole profile
// can be loaded from JSON (`--profile FILE`), e.g. the one `tabhook doctor --canary --format json` learns
// from a real server. The first value of each row is the fake's default.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fake {

enum class DuplicateNames { allow, refuse_409, refuse_400 };
enum class ExpiredSession { code_401002, code_401000, forbidden_403 };
enum class TestResult { status, no_status, agent_404 };
enum class ListOrder { created, reversed, shuffled };
enum class CreatedAt { absent, present };
enum class JsonEnabled { boolean, string };
enum class JsonErrorCode { string, number };
enum class JsonSingleItem { array, object };
enum class UnknownWebhook { code_404050, other_404, bad_request_400 };
enum class UpdateStatus { created_201, ok_200 };

struct ServerProfile {
    DuplicateNames duplicate_names = DuplicateNames::allow;
    ExpiredSession expired_session = ExpiredSession::code_401002;
    TestResult test_result = TestResult::status;
    ListOrder list_order = ListOrder::created;
    CreatedAt created_at = CreatedAt::absent;
    JsonEnabled json_enabled = JsonEnabled::boolean;
    JsonErrorCode json_error_code = JsonErrorCode::string;
    JsonSingleItem json_single_item = JsonSingleItem::array;
    UnknownWebhook unknown_webhook = UnknownWebhook::code_404050;
    UpdateStatus update_status = UpdateStatus::created_201;
};

struct ProfileRow {
    std::string_view key;                 // flag name without "--", and the key in a profile file
    std::vector<std::string_view> values; // spellings; the first is the default
};

// Every row, in the order of the README table.
const std::vector<ProfileRow>& profile_rows();

// Sets row `key` to `value` (a spelling from profile_rows()). False, with `message`, when either is unknown.
bool set_profile_value(ServerProfile& profile, std::string_view key, std::string_view value, std::string& message);

// The spelling of row `key` in `profile`; empty for an unknown key.
std::string profile_value(const ServerProfile& profile, std::string_view key);

// Applies a profile file: a JSON object {row: value}, or an object holding one under "profile" (at the
// top level, or in the first element of "sites" — the shape of `tabhook doctor --format json`). A value
// "unknown" leaves the row as it is. False, with `message`, on invalid JSON, an unknown row or value.
bool load_profile(ServerProfile& profile, const std::string& json_text, std::string& message);

} // namespace fake
