#include "manifest/yaml_tree.hpp"

#include "util/strings.hpp"

#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace tabhook::manifest {

namespace {

struct TextProblem {
    int line = 1;
    int column = 1;
    std::string message;
};

// Rejects what is not text before yaml-cpp sees it: malformed UTF-8 and control characters (yaml-cpp
// quietly reads some of them as empty scalars).
std::optional<TextProblem> check_text(std::string_view text) {
    int line = 1;
    int column = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\n') {
                ++line;
                column = 1;
                ++i;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
                return TextProblem{line, column,
                                   fmt::format("not a text file: control character 0x{:02X}; manifests are UTF-8 "
                                               "YAML text",
                                               c)};
            ++i;
            ++column;
            continue;
        }
        const std::size_t length = util::utf8_sequence_length(text, i);
        if (length == 0)
            return TextProblem{line, column,
                               fmt::format("not valid UTF-8 (byte 0x{:02X}); manifests are UTF-8 YAML text", c)};
        i += length;
        ++column;
    }
    return std::nullopt;
}

struct StopReading {
    YAML::Mark mark;
    std::string rule;
    std::string message;
};

// Builds YamlNodes from parser events. Containers under construction sit on a stack of pointers; a
// pointer stays valid because only the innermost open container grows.
class TreeBuilder : public YAML::EventHandler {
  public:
    explicit TreeBuilder(YamlFile& out) : out_(out) {}

    bool in_document() const { return in_document_; }

    void OnDocumentStart(const YAML::Mark&) override {
        out_.documents.emplace_back();
        in_document_ = true;
        has_root_ = false;
    }
    void OnDocumentEnd() override { in_document_ = false; }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(mark, YamlNode::Kind::null, "", ""); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { add(mark, YamlNode::Kind::alias, "", ""); }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
        add(mark, YamlNode::Kind::scalar, tag, value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(add(mark, YamlNode::Kind::sequence, tag, ""), mark);
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(add(mark, YamlNode::Kind::map, tag, ""), mark);
    }
    void OnMapEnd() override { stack_.pop_back(); }

  private:
    YamlNode* add(const YAML::Mark& mark, YamlNode::Kind kind, const std::string& tag, const std::string& value) {
        if (++nodes_ > kMaxNodes)
            throw StopReading{
                mark, "yaml-too-large",
                fmt::format("more than {} YAML nodes in one file; split it into smaller files", kMaxNodes)};
        YamlNode node;
        node.kind = kind;
        node.line = mark.line + 1;
        node.column = mark.column + 1;
        node.tag = tag;
        node.value = value;
        if (stack_.empty()) {
            if (has_root_) return nullptr; // yaml-cpp never sends two roots; ignore if it did
            has_root_ = true;
            out_.documents.back() = std::move(node);
            return &out_.documents.back();
        }
        stack_.back()->children.push_back(std::move(node));
        return &stack_.back()->children.back();
    }

    void open(YamlNode* node, const YAML::Mark& mark) {
        if (stack_.size() >= kMaxDepth)
            throw StopReading{mark, "yaml-too-deep", fmt::format("YAML nested more than {} levels deep", kMaxDepth)};
        stack_.push_back(node);
    }

    YamlFile& out_;
    std::vector<YamlNode*> stack_;
    std::size_t nodes_ = 0;
    bool in_document_ = false;
    bool has_root_ = false;
};

bool all_of(std::string_view s, bool (*pred)(char)) {
    if (s.empty()) return false;
    for (char c : s)
        if (!pred(c)) return false;
    return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool is_core_integer(std::string_view v) {
    if (v.starts_with("0o")) return all_of(v.substr(2), is_octal);
    if (v.starts_with("0x")) return all_of(v.substr(2), is_hex);
    if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
    return all_of(v, is_digit);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
bool is_core_float(std::string_view v) {
    if (v == ".nan" || v == ".NaN" || v == ".NAN") return true;
    if (!v.empty() && (v[0] == '-' || v[0] == '+')) v.remove_prefix(1);
    if (v == ".inf" || v == ".Inf" || v == ".INF") return true;
    std::size_t i = 0;
    std::size_t int_digits = 0;
    while (i < v.size() && is_digit(v[i])) ++i, ++int_digits;
    std::size_t frac_digits = 0;
    if (i < v.size() && v[i] == '.') {
        ++i;
        while (i < v.size() && is_digit(v[i])) ++i, ++frac_digits;
        if (int_digits == 0 && frac_digits == 0) return false;
    } else if (int_digits == 0) {
        return false;
    }
    if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
        ++i;
        if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
        return all_of(v.substr(i), is_digit);
    }
    return i == v.size();
}

model::Location at(const std::string& file, const YAML::Mark& mark) {
    if (mark.is_null()) return model::Location{file, 1, 1};
    return model::Location{file, mark.line + 1, mark.column + 1};
}

} // namespace

YamlFile read_yaml(const std::string& file, std::string_view text, Diagnostics& diagnostics) {
    YamlFile out;
    if (text.size() > kMaxFileBytes) {
        diagnostics.add(model::Location{file, 0, 0}, "file-too-large",
                        fmt::format("file is {:.1f} MiB; manifest files are limited to {} MiB",
                                    static_cast<double>(text.size()) / (1024.0 * 1024.0),
                                    kMaxFileBytes / (std::size_t{1024} * 1024)));
        out.complete = false;
        return out;
    }
    if (const auto problem = check_text(text)) {
        diagnostics.add(model::Location{file, problem->line, problem->column}, "not-text", problem->message);
        out.complete = false;
        return out;
    }
    std::istringstream in{std::string(text)};
    TreeBuilder builder(out);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const StopReading& stop) {
        diagnostics.add(at(file, stop.mark), stop.rule, stop.message);
        out.complete = false;
    } catch (const YAML::DeepRecursion& e) {
        diagnostics.add(at(file, e.mark), "yaml-too-deep", "YAML nested too deeply");
        out.complete = false;
    } catch (const YAML::Exception& e) {
        diagnostics.add(at(file, e.mark), "yaml-syntax", "YAML syntax error: " + e.msg);
        out.complete = false;
    } catch (const std::exception& e) {
        diagnostics.add(model::Location{file, 0, 0}, "yaml-syntax", std::string("cannot read YAML: ") + e.what());
        out.complete = false;
    }
    if (!out.complete && builder.in_document() && !out.documents.empty()) out.documents.pop_back();
    return out;
}

ScalarType scalar_type(const YamlNode& node) {
    if (node.kind == YamlNode::Kind::null) return ScalarType::null;
    if (node.tag == "!" || node.tag == "tag:yaml.org,2002:str") return ScalarType::string;
    if (node.tag == "tag:yaml.org,2002:bool") return ScalarType::boolean;
    if (node.tag == "tag:yaml.org,2002:int") return ScalarType::integer;
    if (node.tag == "tag:yaml.org,2002:float") return ScalarType::floating;
    if (node.tag == "tag:yaml.org,2002:null") return ScalarType::null;
    if (node.tag != "?" && !node.tag.empty()) return ScalarType::unsupported_tag;
    // The YAML 1.2 core schema's resolution of plain scalars.
    const std::string& v = node.value;
    if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return ScalarType::null;
    if (v == "true" || v == "True" || v == "TRUE" || v == "false" || v == "False" || v == "FALSE")
        return ScalarType::boolean;
    if (is_core_integer(v)) return ScalarType::integer;
    if (is_core_float(v)) return ScalarType::floating;
    return ScalarType::string;
}

} // namespace tabhook::manifest
