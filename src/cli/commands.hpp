// The subcommands. Each takes parsed options and returns an exit code; main() only parses.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "chronoline/io.hpp"

namespace chronoline::cli {

struct TimelineArgs {
    std::optional<std::string> date;
    std::string format = "text";
    std::optional<std::filesystem::path> output;
    std::optional<std::filesystem::path> out_dir;
    bool explain = false;
    std::string stages = "all";  // timex | events | all: the last stage to run
    std::size_t max_input_mib = kDefaultMaxInputBytes >> 20;  // a larger input is refused
    std::vector<std::string> inputs;
};

struct EvalArgs {
    std::vector<std::string> gold;
    bool json = false;
    bool gold_entities = false;
    std::vector<std::string> matres;  // MATRES relation files
};

struct TrainArgs {
    std::string what;  // events | links | adjacent
    std::filesystem::path out;
    std::vector<std::string> matres;  // adjacent: MATRES relation files
    std::vector<std::string> gold;
};

int run_timeline(const TimelineArgs& args, const std::optional<std::filesystem::path>& resources);
int run_eval(const EvalArgs& args, const std::optional<std::filesystem::path>& resources);
int run_train(const TrainArgs& args, const std::optional<std::filesystem::path>& resources);

// Prints "chronoline: <what>: <message>" as one line on stderr.
void report(const std::string& what, const std::string& message);

// Gold TimeML files named by `args`: files as given, folders as every *.tml inside, sorted.
std::vector<std::filesystem::path> expand_gold(const std::vector<std::string>& args);

}  // namespace chronoline::cli
