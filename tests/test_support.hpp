// Helpers shared by the tests: where the repository and ../shared are.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <optional>

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

}  // namespace chronoline::test
