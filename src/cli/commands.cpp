#include "cli/commands.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <unordered_set>
#include <sstream>

#include <sys/stat.h>

#include "chronoline/error.hpp"
#include "chronoline/evaluation.hpp"
#include "chronoline/events.hpp"
#include "chronoline/export.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "cli/exit_codes.hpp"

namespace chronoline::cli {
namespace fs = std::filesystem;

void report(const std::string& what, const std::string& message) {
    std::string line = "chronoline: " + what + ": " + message;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << line << '\n';
}

namespace {

// Runs `body`, turning the library's errors into a one-line report about `what` and an exit code.
template <class Body>
int guarded(const std::string& what, Body&& body) {
    try {
        body();
        return exit_ok;
    } catch (const date_error& e) {
        report(what, e.what());
        return exit_usage;
    } catch (const resource_error& e) {
        report(what, e.what());
        return exit_resources;
    } catch (const output_error& e) {
        report(what, e.what());
        return exit_output;
    } catch (const input_error& e) {
        report(what, e.what());
        return exit_bad_input;
    } catch (const std::bad_alloc&) {
        report(what, "out of memory");
        return exit_bad_input;
    } catch (const std::exception& e) {
        report(what, std::string("internal error: ") + e.what());
        return exit_bad_input;
    }
}

// The identity of an existing file (device, inode), so that no output ever replaces an input
// whatever path names it. One stat, not a canonical path: a batch has thousands of inputs.
std::optional<std::pair<dev_t, ino_t>> identity(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::nullopt;
    return std::pair{st.st_dev, st.st_ino};
}

std::optional<Pipeline> load_pipeline(const std::optional<fs::path>& resources, int& code,
                                      const PipelineOptions& options = {}) {
    std::optional<Pipeline> pipeline;
    code = guarded("resources", [&] { pipeline = Pipeline::load(find_resources(resources), options); });
    return pipeline;
}

}  // namespace

std::vector<fs::path> expand_gold(const std::vector<std::string>& args) {
    std::vector<fs::path> files;
    for (const auto& a : args) {
        std::error_code ec;
        if (fs::is_directory(a, ec)) {
            std::vector<fs::path> found;
            for (const auto& entry : fs::directory_iterator(a, ec))
                if (entry.path().extension() == ".tml") found.push_back(entry.path());
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.emplace_back(a);
        }
    }
    return files;
}

int run_timeline(const TimelineArgs& args, const std::optional<fs::path>& resources) {
    std::optional<std::chrono::year_month_day> date;
    if (args.date) {
        const int code = guarded("--date", [&] { date = parse_date(*args.date, "not a usable date"); });
        if (code != exit_ok) return code;
    }
    if (args.output && args.inputs.size() > 1) {
        report("usage", "--output takes one input; use --out-dir for several");
        return exit_usage;
    }
    if (!args.output && !args.out_dir && args.inputs.size() > 1 && args.format != "text") {
        report("usage", "several inputs in format " + args.format + " need --out-dir");
        return exit_usage;
    }
    if (args.out_dir) {
        const int code = guarded(args.out_dir->string(), [&] {
            std::error_code ec;
            fs::create_directories(*args.out_dir, ec);
            if (ec || !fs::is_directory(*args.out_dir))
                throw output_error("cannot create output folder: " + (ec ? ec.message() : "not a folder"));
        });
        if (code != exit_ok) return code;
    }
    int code = exit_ok;
    auto pipeline = load_pipeline(resources, code);
    if (!pipeline) return code;

    std::set<std::pair<dev_t, ino_t>> inputs;
    for (const auto& in : args.inputs)
        if (auto id = identity(in)) inputs.insert(*id);
    // The outputs written so far, to refuse a second input that would replace one. Under --out-dir
    // a target is DIR/<file name>: its file name is the key when it is an ordinary one (no
    // normalizing thousands of paths), the normalized path otherwise.
    std::unordered_set<std::string> written;
    auto output_key = [&](const fs::path& target) {
        if (args.out_dir) {
            const std::string name = target.filename().native();
            if (!name.empty() && name != "." && name != "..") return "name:" + name;
        }
        return "path:" + target.lexically_normal().native();
    };
    const ExportOptions options{args.explain};

    // Reused from one input to the next: a batch has thousands of short articles.
    Document doc;
    std::string content;
    std::string output;
    const bool needs_timeline = export_needs_timeline(args.format);
    const bool timeml = args.format == "timeml";
    for (const auto& input : args.inputs) {
        const std::string name = input == "-" ? "<stdin>" : input;
        const int c = guarded(name, [&] {
            pipeline->load_input_for_run(input, date, doc, content);
            pipeline->run(doc);
            output.clear();
            if (timeml) {
                append_timeml(doc, output, options);
            } else {
                const Timeline timeline = needs_timeline ? build_timeline(doc) : Timeline{};
                std::ostringstream buffer;
                write_export(args.format, doc, timeline, buffer, options);
                output = std::move(buffer).str();
            }
            std::optional<fs::path> target;
            if (args.output) target = *args.output;
            if (args.out_dir) target = *args.out_dir / (input == "-" ? fs::path("stdin") : fs::path(input).filename());
            if (!target) {
                if (args.inputs.size() > 1) std::cout << "== " << name << " ==\n";
                std::cout << output << std::flush;
                return;
            }
            if (auto id = identity(*target); id && inputs.count(*id))
                throw output_error("refusing to overwrite the input " + target->string());
            if (!written.insert(output_key(*target)).second)
                throw output_error("two inputs would both write " + target->string());
            write_file_atomically(*target, output);
        });
        code = std::max(code, c);
    }
    return code;
}

int run_eval(const EvalArgs& args, const std::optional<fs::path>& resources) {
    const auto files = expand_gold(args.gold);
    if (files.empty()) {
        report("usage", "no gold .tml files found");
        return exit_usage;
    }
    int code = exit_ok;
    auto pipeline = load_pipeline(resources, code);
    if (!pipeline) return code;
    const auto result = evaluate_corpus(*pipeline, files, args.gold_entities,
                                        [&](const fs::path& file, const std::string& message) {
                                            report(file.string(), message);
                                            code = exit_bad_input;
                                        });
    if (args.json) write_evaluation_json(result, std::cout);
    else write_evaluation_text(result, std::cout);
    return code;
}

int run_train(const TrainArgs& args, const std::optional<fs::path>& resources) {
    const auto files = expand_gold(args.gold);
    if (files.empty()) {
        report("usage", "no gold .tml files found");
        return exit_usage;
    }
    int code = exit_ok;
    std::vector<Document> gold;
    for (const auto& f : files) {
        code = std::max(code, guarded(f.string(), [&] {
            Document doc = read_timeml(read_file(f), f.stem().string());
            doc.analysis = analyze_text(doc.text);
            gold.push_back(std::move(doc));
        }));
    }
    if (code != exit_ok) return code;
    fs::path resource_dir;
    code = guarded("resources", [&] { resource_dir = find_resources(resources); });
    if (code != exit_ok) return code;
    return guarded(args.out.string(), [&] {
        std::ostringstream model;
        if (args.what == "events") {
            train_event_model(gold, resource_dir, model);
        } else {
            train_link_model(gold, model);
        }
        write_file_atomically(args.out, model.str());
        std::cerr << "chronoline: wrote " << args.out.string() << " (" << model.str().size() << " bytes, "
                  << gold.size() << " documents)\n";
    });
}

}  // namespace chronoline::cli
