// The whole chain: text -> time expressions -> events -> resolution -> links -> graph.
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>

#include "chronoline/document.hpp"
#include "chronoline/events.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"
#include "chronoline/links.hpp"
#include "chronoline/timeline.hpp"
#include "chronoline/timex.hpp"

namespace chronoline {

// Where resources/ is: `explicit_dir` if given, else $CHRONOLINE_RESOURCES, else the folder
// installed beside the executable's prefix, else the source tree it was built from. Throws
// resource_error when none holds resources/en.
std::filesystem::path find_resources(const std::optional<std::filesystem::path>& explicit_dir = std::nullopt);

struct PipelineOptions {
    bool events = true;
    bool links = true;
    // load_input refuses a larger input (input_error "too large"); see kDefaultMaxInputBytes.
    std::size_t max_input_bytes = kDefaultMaxInputBytes;
};

class Pipeline {
public:
    static Pipeline load(const std::filesystem::path& resource_dir, const PipelineOptions& options = {});

    // Reads a file ("-" = standard input): TimeML by content, else plain text dated by `date`
    // or by its dateline. Throws input_error / date_error.
    [[nodiscard]] Document load_input(const std::filesystem::path& path,
                                      std::optional<std::chrono::year_month_day> date) const;

    // load_input for a document about to go through run(): the same document and the same
    // errors, except that a TimeML input's gold annotations are not read (run() drops them).
    // `doc` and `buffer` (scratch space for the file's bytes, left unspecified: a TimeML file is
    // parsed in it) keep their memory from one input of a batch to the next.
    void load_input_for_run(const std::filesystem::path& path, std::optional<std::chrono::year_month_day> date,
                            Document& doc, std::string& buffer) const;

    // Drops any annotations the document came with and runs every stage on its text.
    void run(Document& doc) const;

    // Keeps the document's times and events (e.g. gold ones) and runs only the link stage.
    void run_links(Document& doc) const;

    [[nodiscard]] const TimexTagger& timex() const { return timex_; }
    [[nodiscard]] const PipelineOptions& options() const { return options_; }

private:
    [[nodiscard]] Document load_plain_text(std::string_view content, std::string name,
                                           std::optional<std::chrono::year_month_day> date) const;
    Pipeline(TimexTagger timex, std::optional<EventTagger> events, std::optional<LinkTagger> links,
             PipelineOptions options)
        : timex_(std::move(timex)), events_(std::move(events)), links_(std::move(links)), options_(options) {}
    TimexTagger timex_;
    std::optional<EventTagger> events_;
    std::optional<LinkTagger> links_;
    PipelineOptions options_;
};

}  // namespace chronoline
