#include "cli/app.hpp"

int main(int argc, char** argv) { return tabhook::cli::run(argc, argv); }
