#include "manifest/loader.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include <fmt/format.h>

#include "manifest/cross_checks.hpp"
#include "manifest/document.hpp"
#include "manifest/file_finder.hpp"
#include "manifest/yaml_tree.hpp"

namespace tabhook::manifest {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> process_env(const std::string& name) {
    // tabhook never sets environment variables, so reading them cannot race a write.
    const char* value = std::getenv(name.c_str()); // NOLINT(concurrency-mt-unsafe)
    if (!value) return std::nullopt;
    return std::string(value);
}

// Reads files one at a time into declarations, then runs the cross-document rules.
class Loader {
  public:
    explicit Loader(const LoadOptions& options) : options_(options) {
        context_.env = options.env ? options.env : process_env;
        context_.credentials_directory =
            options.credentials_directory ? options.credentials_directory : context_.env("CREDENTIALS_DIRECTORY");
    }

    void add_error(Diagnostic d) {
        if (d.rule != "no-manifests") all_read_ = false;
        diagnostics_.items().push_back(std::move(d));
    }

    void add_source(const std::string& file, std::string_view text) {
        result_.files.push_back(file);
        const YamlFile yaml = read_yaml(file, text, diagnostics_);
        if (!yaml.complete) all_read_ = false;
        context_.base_directory = fs::path(file).parent_path().string();
        std::vector<Document> documents;
        for (const auto& root : yaml.documents) documents.push_back(read_document(root, file, options_, diagnostics_));
        // `validate --offline` skips the second pass: the references stay as written.
        if (options_.resolve_references)
            for (auto& doc : documents) resolve_references(doc, context_, diagnostics_);
        for (auto& doc : documents) add_document(std::move(doc), declarations_, diagnostics_);
    }

    void add_file(const std::string& file) {
        std::error_code ec;
        const auto status = fs::status(file, ec);
        if (ec || !fs::is_regular_file(status))
            return add_error(Diagnostic{{file, 0, 0}, "not a regular file", "file-unreadable", false});
        const auto size = fs::file_size(file, ec);
        if (!ec && size > kMaxFileBytes) {
            result_.files.push_back(file);
            return add_error(Diagnostic{{file, 0, 0},
                                        fmt::format("file is {:.1f} MiB; manifest files are limited to {} MiB",
                                                    static_cast<double>(size) / (1024.0 * 1024.0),
                                                    kMaxFileBytes / (std::size_t{1024} * 1024)),
                                        "file-too-large",
                                        false});
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) return add_error(Diagnostic{{file, 0, 0}, "cannot be read", "file-unreadable", false});
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (in.bad()) return add_error(Diagnostic{{file, 0, 0}, "cannot be read", "file-unreadable", false});
        add_source(file, text);
    }

    LoadResult finish(const std::string& first_path) {
        Checked checked = check_declarations(declarations_, all_read_, diagnostics_);
        if (declarations_.sites.empty() && declarations_.webhooks.empty() && diagnostics_.empty()) {
            const std::string message =
                result_.files.empty()
                    ? "no manifests found: no *.yaml or *.yml files"
                    : fmt::format("no manifests found: no document with apiVersion: tabhook/v1 in {} file{}",
                                  result_.files.size(), result_.files.size() == 1 ? "" : "s");
            diagnostics_.add(model::Location{first_path, 0, 0}, "no-manifests", message);
        }
        for (auto& decl : declarations_.sites) result_.state.sites.push_back(std::move(decl.site));
        result_.state.webhooks = std::move(checked.webhooks);
        result_.expansions = std::move(checked.expansions);
        result_.skipped = std::move(declarations_.skipped);
        result_.errors = std::move(diagnostics_.items());
        sort_diagnostics(result_.errors);
        if (result_.errors.size() > kMaxErrors) {
            const std::size_t left_out = result_.errors.size() - kMaxErrors;
            const model::Location last = result_.errors[kMaxErrors - 1].location;
            result_.errors.resize(kMaxErrors);
            result_.errors.push_back(Diagnostic{last, fmt::format("too many errors; {} more not shown", left_out),
                                                "too-many-errors", false});
        }
        return std::move(result_);
    }

  private:
    const LoadOptions& options_;
    ResolveContext context_;
    Declarations declarations_;
    Diagnostics diagnostics_;
    LoadResult result_;
    bool all_read_ = true;
};

} // namespace

LoadResult load_manifests(const std::vector<std::string>& paths, const LoadOptions& options) {
    Loader loader(options);
    FoundFiles found = find_manifest_files(paths);
    for (auto& error : found.errors) loader.add_error(std::move(error));
    for (const auto& file : found.files) loader.add_file(file);
    return loader.finish(paths.empty() ? "." : paths.front());
}

LoadResult load_sources(const std::vector<Source>& sources, const LoadOptions& options) {
    Loader loader(options);
    for (const auto& source : sources) loader.add_source(source.file, source.text);
    return loader.finish(sources.empty() ? "." : sources.front().file);
}

} // namespace tabhook::manifest
