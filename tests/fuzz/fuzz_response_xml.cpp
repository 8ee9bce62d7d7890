// libFuzzer target: Tableau responses in XML (Tableau's default, and some error bodies), seeded with
// Tableau's own fixtures. See fuzz_response.hpp for what is checked.
#include "fuzz_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tabhook::fuzz::decode_everything(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
