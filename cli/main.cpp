#include <iostream>

#include "cli/app.hpp"

int main(int argc, char** argv) { return sinkcheck::run_cli(argc, argv, std::cout, std::cerr); }
