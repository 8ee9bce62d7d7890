#include "tableau/allowlist.hpp"

#include <algorithm>

#include "util/url.hpp"

namespace tabhook::tableau {

namespace {

tl::unexpected<ApiError> refuse(std::string detail) {
    ApiError error;
    error.kind = ApiError::Kind::refused;
    error.detail = std::move(detail);
    return tl::unexpected(std::move(error));
}

} // namespace

ApiResult<std::string> check_server(std::string_view server, const std::vector<std::string>& allowed_servers) {
    const auto url = util::parse_url(server);
    if (!url || (url->scheme != "https" && url->scheme != "http"))
        return refuse("the site's server is not an absolute https:// URL");
    const std::string origin = url->origin();
    if (!util::is_https_or_loopback_http(*url))
        return refuse("server " + origin + " uses http://, which tabhook allows only for loopback hosts; use https://");
    if (url->target.find_first_of("?#") != std::string::npos)
        return refuse("server " + origin + " has a query or fragment; give the server's address only");
    if (!allowed_servers.empty()) {
        const bool allowed = std::any_of(allowed_servers.begin(), allowed_servers.end(), [&](const std::string& entry) {
            const auto a = util::parse_url(entry);
            return a && a->origin() == origin;
        });
        if (!allowed) {
            std::string list;
            for (const auto& entry : allowed_servers) {
                const auto a = util::parse_url(entry);
                list += (list.empty() ? "" : ", ") + (a ? a->origin() : std::string("<invalid>"));
            }
            return refuse("server " + origin + " is not in the allowlist (" + list +
                          "); add it with --allow-server or TABHOOK_ALLOWED_SERVERS");
        }
    }
    std::string base = origin + url->target;
    while (base.size() > origin.size() && base.back() == '/') base.pop_back();
    return base;
}

} // namespace tabhook::tableau
