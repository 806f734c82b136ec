#include <cstdlib>

#include <unistd.h>

#include "chronoline/error.hpp"
#include "chronoline/io.hpp"
#include "chronoline/pipeline.hpp"

namespace chronoline {
namespace {

bool has_resources(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_directory(dir / "en", ec);
}

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : self.parent_path();
}

}  // namespace

std::filesystem::path find_resources(const std::optional<std::filesystem::path>& explicit_dir) {
    if (explicit_dir) {
        if (!has_resources(*explicit_dir))
            throw resource_error("no resources at " + explicit_dir->string() + " (want a folder holding en/)");
        return *explicit_dir;
    }
    if (const char* env = std::getenv("CHRONOLINE_RESOURCES"); env && *env) {
        if (!has_resources(env))
            throw resource_error(std::string("CHRONOLINE_RESOURCES=") + env + " holds no en/ folder");
        return env;
    }
    const auto exe = executable_dir();
    if (!exe.empty() && has_resources(exe / "../share/chronoline/resources"))
        return std::filesystem::weakly_canonical(exe / "../share/chronoline/resources");
    if (has_resources(CHRONOLINE_INSTALL_RESOURCES)) return CHRONOLINE_INSTALL_RESOURCES;
    if (has_resources(CHRONOLINE_SOURCE_RESOURCES)) return CHRONOLINE_SOURCE_RESOURCES;
    throw resource_error("cannot find chronoline's resources/ (set CHRONOLINE_RESOURCES or use --resources)");
}

Pipeline Pipeline::load(const std::filesystem::path& resource_dir, const PipelineOptions& options) {
    auto timex = TimexTagger::load(resource_dir);
    std::optional<EventTagger> events;
    std::optional<LinkTagger> links;
    if (options.events) events = EventTagger::load(resource_dir);
    if (options.links && options.events) links = LinkTagger::load(resource_dir);
    return Pipeline(std::move(timex), std::move(events), std::move(links), options);
}

namespace {

// The input's name in messages, and its bytes in `content`.
std::string read_input(const std::filesystem::path& path, std::string& content, std::size_t max_bytes) {
    if (path == "-") {
        read_standard_input_into(content, max_bytes);
        return "<stdin>";
    }
    read_file_into(path, content, max_bytes);
    return path.string();
}

void check_not_empty_or_binary(std::string_view content) {
    if (content.find_first_not_of(" \t\r\n\f\v") == std::string::npos) throw input_error("empty input");
    if (looks_binary(content)) throw input_error("binary data, not text");
}

}  // namespace

Document Pipeline::load_input(const std::filesystem::path& path,
                              std::optional<std::chrono::year_month_day> date) const {
    std::string content;
    std::string name = read_input(path, content, options_.max_input_bytes);
    check_not_empty_or_binary(content);
    if (looks_like_timeml(content)) return read_timeml(content, std::move(name), date);
    return load_plain_text(content, std::move(name), date);
}

void Pipeline::load_input_for_run(const std::filesystem::path& path, std::optional<std::chrono::year_month_day> date,
                                  Document& doc, std::string& buffer) const {
    std::string name = read_input(path, buffer, options_.max_input_bytes);
    // The checks of check_not_empty_or_binary in one pass, which also tells whether the UTF-8
    // check can be skipped (all ASCII); the TimeML is then parsed in the buffer itself.
    const InputBytes bytes = inspect_input_bytes(buffer);
    if (bytes.blank) throw input_error("empty input");
    if (bytes.binary) throw input_error("binary data, not text");
    if (looks_like_timeml(buffer)) read_timeml_text_in_place(buffer, std::move(name), date, doc, bytes.ascii);
    else doc = load_plain_text(buffer, std::move(name), date);
}

Document Pipeline::load_plain_text(std::string_view content, std::string name,
                                   std::optional<std::chrono::year_month_day> date) const {
    if (!date) {
        check_utf8(content);
        date = timex_.find_dateline(content);
        if (!date) throw date_error("no article date: no dateline found in the first lines; give --date YYYY-MM-DD");
    }
    return read_plain_text(content, std::move(name), *date);
}

void Pipeline::run(Document& doc) const {
    doc.timexes.clear();
    doc.events.clear();
    doc.links.clear();
    analyze_text_into(doc.text, doc.analysis);
    // Expressions are found before events so that the event model never sees a time word as a
    // candidate, and resolved after them so that the resolver can use the events' real tense.
    const auto mentions = timex_.extract(doc);
    if (events_) {
        std::vector<Span> time_spans;
        time_spans.reserve(mentions.size());
        for (const auto& m : mentions) time_spans.push_back(m.span);
        events_->tag(doc, time_spans);
    }
    timex_.resolve(doc, mentions);
    if (links_) links_->tag(doc);
}

void Pipeline::run_links(Document& doc) const {
    doc.links.clear();
    if (doc.analysis.tokens.empty()) doc.analysis = analyze_text(doc.text);
    if (links_) links_->tag(doc);
}

}  // namespace chronoline
