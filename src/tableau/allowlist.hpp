#pragma once
// Decides, before any connection, whether tabhook may talk to a server: it must be an absolute https://
// URL (http:// only for loopback hosts) and, when an allowlist is given, its origin must be on it.
// Origins are compared normalised (scheme and host case folded, default port dropped).
#include <string>
#include <string_view>
#include <vector>

#include "tableau/client.hpp"

namespace tabhook::tableau {

// The base URL requests go to (origin plus any path prefix, without a trailing slash), or
// ApiError{refused}. The error never repeats the server's path: only its origin.
ApiResult<std::string> check_server(std::string_view server, const std::vector<std::string>& allowed_servers);

} // namespace tabhook::tableau
