// libFuzzer target: Tableau responses in JSON (Accept: application/json), seeded with every response
// shape the client reads. See fuzz_response.hpp for what is checked.
#include "fuzz_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tabhook::fuzz::decode_everything(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
