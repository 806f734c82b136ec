#include <chronoline/text.hpp>
#include <iostream>

int main() {
    const auto analysis = chronoline::analyze_text("Talks began on Tuesday. They end soon.");
    std::cout << analysis.sentences.size() << '\n';
    return analysis.sentences.size() == 2 ? 0 : 1;
}
