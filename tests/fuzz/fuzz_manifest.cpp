// libFuzzer target for the manifest loader: arbitrary bytes as one manifest file. Checks that loading
// never crashes, hangs or leaks, and that diagnostics are well-formed: located in the file, 1-based,
// sorted, and never containing the value the fake environment resolves references to.
//
// The input's length picks the options (every byte stays manifest text), so both the offline path and
// reference resolution are fuzzed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "manifest/loader.hpp"

namespace {
constexpr const char* kResolvedSecret = "FUZZ-RESOLVED-SECRET";

void check(bool condition) {
    if (!condition) std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tabhook::manifest;
    LoadOptions options;
    options.resolve_references = (size & 1) != 0;
    options.allow_literal_secrets = (size & 2) != 0;
    options.env = [](const std::string&) -> std::optional<std::string> { return std::string(kResolvedSecret); };
    // No credentials directory, and ${file:} relative paths under a folder that does not exist.
    options.credentials_directory = std::string("/nonexistent-tabhook-fuzz-credentials");
    const std::string file = "/nonexistent-tabhook-fuzz/m.yaml";
    const std::string text(reinterpret_cast<const char*>(data), size);

    const LoadResult result = load_sources({Source{file, text}}, options);

    // Only a secret the input did not write itself counts as a leak.
    const bool secret_in_input = text.find(kResolvedSecret) != std::string::npos;
    check(result.errors.size() <= kMaxErrors + 1);
    for (std::size_t i = 0; i < result.errors.size(); ++i) {
        const Diagnostic& d = result.errors[i];
        check(d.location.file == file);
        check(d.location.line >= 0 && d.location.column >= 0);
        check(!d.rule.empty() && !d.message.empty());
        check(secret_in_input || to_string(d).find(kResolvedSecret) == std::string::npos);
        if (i > 0) check(result.errors[i - 1].location.line <= d.location.line);
    }
    return 0;
}
