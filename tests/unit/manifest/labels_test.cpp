#include <catch2/catch.hpp>

#include "manifest/labels.hpp"

using namespace tabhook::manifest;
using Op = LabelRequirement::Operator;

namespace {
LabelRequirement req(std::string key, Op op, std::vector<std::string> values = {}) {
    return LabelRequirement{std::move(key), op, std::move(values), {}, false};
}
} // namespace

TEST_CASE("labels: keys follow Kubernetes' rules", "[manifest][labels]") {
    CHECK_FALSE(label_key_problem("env"));
    CHECK_FALSE(label_key_problem("tabhook.example.com/tier"));
    CHECK_FALSE(label_key_problem("a_b.c-D9"));
    CHECK_FALSE(label_key_problem(std::string(63, 'a')));
    CHECK(label_key_problem(std::string(64, 'a')) == "a label key's name must be 63 characters or less");
    CHECK(label_key_problem("") == "a label key must not be empty");
    CHECK(label_key_problem("-env") == "a label key's name must start and end with a letter or digit");
    CHECK(label_key_problem("env.") == "a label key's name must start and end with a letter or digit");
    CHECK(label_key_problem("en v") == "a label key's name may contain only letters, digits, '-', '_' and '.'");
    CHECK(label_key_problem("Example.com/x").value_or("").starts_with("the prefix before '/' must be a DNS subdomain"));
    CHECK(label_key_problem("a..b/x").value_or("").starts_with("the prefix before '/'"));
    CHECK(label_key_problem("/x").value_or("").starts_with("the prefix before '/'"));
    CHECK(label_key_problem("example.com/") == "a label key needs a name after its prefix and '/'");
    CHECK(label_key_problem("a/b/c") == "a label key's name may contain only letters, digits, '-', '_' and '.'");
}

TEST_CASE("labels: values are empty or follow the name rule", "[manifest][labels]") {
    CHECK_FALSE(label_value_problem(""));
    CHECK_FALSE(label_value_problem("prod"));
    CHECK_FALSE(label_value_problem("eu-west_1.b"));
    CHECK(label_value_problem(std::string(64, 'v')) == "a label value must be 63 characters or less");
    CHECK(label_value_problem("prod/eu") == "a label value may contain only letters, digits, '-', '_' and '.'");
    CHECK(label_value_problem("_x") == "a label value must start and end with a letter or digit");
}

TEST_CASE("labels: requirements as Kubernetes defines them", "[manifest][labels]") {
    const Labels prod{{"env", "prod"}, {"region", "eu"}};
    const Labels bare{};
    CHECK(matches(req("env", Op::in, {"prod", "staging"}), prod));
    CHECK_FALSE(matches(req("env", Op::in, {"staging"}), prod));
    CHECK_FALSE(matches(req("env", Op::in, {"prod"}), bare));
    CHECK_FALSE(matches(req("env", Op::not_in, {"prod"}), prod));
    CHECK(matches(req("env", Op::not_in, {"staging"}), prod));
    CHECK(matches(req("env", Op::not_in, {"prod"}), bare)); // a missing key is "not in"
    CHECK(matches(req("region", Op::exists), prod));
    CHECK_FALSE(matches(req("region", Op::exists), bare));
    CHECK_FALSE(matches(req("region", Op::does_not_exist), prod));
    CHECK(matches(req("region", Op::does_not_exist), bare));
}

TEST_CASE("labels: a selector needs every requirement; an empty one selects everything", "[manifest][labels]") {
    const Labels prod_eu{{"env", "prod"}, {"region", "eu"}};
    const Labels prod_us{{"env", "prod"}, {"region", "us"}};
    LabelSelector s{{req("env", Op::in, {"prod"}), req("region", Op::not_in, {"us"})}};
    CHECK(matches(s, prod_eu));
    CHECK_FALSE(matches(s, prod_us));
    CHECK(matches(LabelSelector{}, Labels{}));
    CHECK(to_string(s) == "env=prod, region notin (us)");
    CHECK(to_string(LabelSelector{}) == "{}");
    CHECK(to_string(LabelSelector{{req("a", Op::in, {"x", "y"}), req("b", Op::exists),
                                   req("c", Op::does_not_exist)}}) == "a in (x, y), b, !c");
}
