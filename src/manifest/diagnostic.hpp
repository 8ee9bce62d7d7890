#pragma once
// What the validator reports: a located message with a stable rule id. Messages never contain a
// secret (PAT secret, password, resolved reference value, or a URL's path and query).
#include <string>
#include <string_view>
#include <vector>

#include "model/location.hpp"

namespace tabhook::manifest {

struct Diagnostic {
    model::Location location; // line 0: the whole file (or path) rather than a place in it
    std::string message;
    std::string rule;            // stable id, e.g. "unknown-field"; docs/manifest.md lists them
    bool cross_document = false; // needs more than one document (or the environment) to decide
    bool operator==(const Diagnostic&) const = default;
};

// "file:line:col: message", or "file: message" when the diagnostic has no line.
std::string to_string(const Diagnostic& d);

// "file:line:col", or "file" when there is no line.
std::string to_string(const model::Location& location);

// A GitHub Actions workflow command: "::error file=F,line=L,col=C::message", escaped as GitHub wants.
std::string to_github_annotation(const Diagnostic& d);

// By file, then line, then column; equal positions keep their order.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

// Collects diagnostics while a file is checked.
class Diagnostics {
  public:
    void add(model::Location location, std::string rule, std::string message, bool cross_document = false);
    std::vector<Diagnostic>& items() { return items_; }
    const std::vector<Diagnostic>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }

  private:
    std::vector<Diagnostic> items_;
};

// Quotes a user-written value for a message, shortened when long: 'DatasourceRefreshFaild'. A URL in
// it shows as scheme, host and fingerprint. Never call it on a secret.
std::string quoted(std::string_view value);

} // namespace tabhook::manifest
