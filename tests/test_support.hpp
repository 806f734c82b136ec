// Helpers shared by the tests: where the repository and ../shared are.
#pragma once
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

namespace chronoline::test {

inline std::filesystem::path source_dir() { return CHRONOLINE_SOURCE_DIR; }
inline std::filesystem::path resources_dir() { return source_dir() / "resources"; }
inline std::filesystem::path cli_path() { return CHRONOLINE_CLI_PATH; }

// ../shared beside the repository, or $CHRONOLINE_SHARED; nothing when absent (tests that need
// it then skip with a message).
inline std::optional<std::filesystem::path> shared_dir() {
    if (const char* env = std::getenv("CHRONOLINE_SHARED"); env && *env && std::filesystem::is_directory(env))
        return std::filesystem::path(env);
    auto p = source_dir().parent_path() / "shared";
    if (std::filesystem::is_directory(p)) return p;
    return std::nullopt;
}

// The first `count` gold files (*.tml, sorted by name) of a corpus folder.
inline std::vector<std::filesystem::path> first_gold_files(const std::filesystem::path& dir, std::size_t count) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".tml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    files.resize(std::min(files.size(), count));
    return files;
}

}  // namespace chronoline::test

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace chronoline::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void spit(const std::filesystem::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
}

// A fresh scratch folder under the build's temp dir, removed and re-created. Unique per process:
// several test runs (CTest's parallel processes, other checkouts) may share the temp dir.
inline std::filesystem::path scratch_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("chronoline-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Runs the chronoline executable with `args` (already shell-quoted where needed).
inline CommandResult run_cli(const std::string& args, const std::string& stdin_text = "") {
    const auto dir = std::filesystem::temp_directory_path();
    // Unique per process and call: CTest runs test cases in parallel processes.
    const auto tag = std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(&args));
    const auto out = dir / ("chronoline-cli-out-" + tag), err = dir / ("chronoline-cli-err-" + tag),
               in = dir / ("chronoline-cli-in-" + tag);
    spit(in, stdin_text);
    const std::string cmd = "'" + cli_path().string() + "' " + args + " <'" + in.string() + "' >'" + out.string() +
                            "' 2>'" + err.string() + "'";
    const int status = std::system(cmd.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    std::filesystem::remove(in);
    return r;
}

}  // namespace chronoline::test
