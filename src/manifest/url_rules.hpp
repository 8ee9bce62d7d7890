#pragma once
// The rules for the two URLs a manifest holds (spec.server and a webhook's url), checked on a field's value
// after the resolve pass: on what is written (the literal text before the first reference), and on the
// value once it is known (written literally, or resolved).
#include <string_view>

#include "manifest/diagnostic.hpp"
#include "manifest/template_field.hpp"

namespace tabhook::manifest {

// https://, or http:// to a loopback host. False (reported) when the URL breaks the rule or is not known.
bool check_url(const TemplateField& field, std::string_view label, Diagnostics& diagnostics);

// spec.server is the server's root URL, not the address of a page of Tableau's web UI or API.
void check_server_root(const TemplateField& field, Diagnostics& diagnostics);

} // namespace tabhook::manifest
