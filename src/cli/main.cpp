// PLACEHOLDER until the CLI lands.
#include <iostream>
#include "chronoline/pipeline.hpp"
int main() { std::cerr << "chronoline: not yet\n"; return 1; }
