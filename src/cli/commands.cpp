#include "cli/commands.hpp"

#include <algorithm>
#include <functional>
#include <iostream>
#include <set>
#include <unordered_set>
#include <sstream>

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
    // Stages left out are not even loaded: `--stages timex` is a time-expression tagger alone.
    const PipelineOptions stages{args.stages != "timex", args.stages == "all", args.max_input_mib << 20};
    auto pipeline = load_pipeline(resources, code, stages);
    if (!pipeline) return code;

    // The inputs' identities, so that no output ever replaces an input whatever path names it.
    // Only asked for when a target exists already: a fresh output folder costs no stat at all.
    // (Until then nothing was replaced, so the inputs are as they were at the start.)
    std::optional<std::set<FileId>> inputs;
    const std::function<bool(const FileId&)> may_replace = [&](const FileId& target) {
        if (!inputs) {
            inputs.emplace();
            for (const auto& in : args.inputs)
                if (auto id = file_id(in)) inputs->insert(*id);
        }
        return inputs->count(target) == 0;
    };
    std::optional<OutputFolder> out_folder;
    if (args.out_dir) out_folder.emplace(*args.out_dir);
    // The outputs written so far, to refuse a second input that would replace one. Under --out-dir
    // a target is DIR/<file name>: its file name is the key when it is an ordinary one (no
    // normalizing thousands of paths), the normalized path otherwise.
    std::unordered_set<std::string> written;
    auto output_key = [&](const std::string& target, std::string_view file_name) {
        if (args.out_dir && !file_name.empty() && file_name != "." && file_name != "..")
            return "name:" + std::string(file_name);
        return "path:" + fs::path(target).lexically_normal().native();
    };
    const std::string out_dir_string = args.out_dir ? args.out_dir->native() : std::string();
    const ExportOptions options{args.explain};

    // Reused from one input to the next: a batch has thousands of short articles.
    Document doc;
    std::string content;
    std::string output;
    const bool needs_timeline = export_needs_timeline(args.format);
    const TimelineOptions timeline_options{export_needs_reduced_links(args.format, options)};
    const bool timeml = args.format == "timeml";
    const bool xml = args.format == "xml";  // like timeml, written straight into `output`
    TimelineBuilder timelines;  // its buffers serve every input
    for (const auto& input : args.inputs) {
        const std::string name = input == "-" ? "<stdin>" : input;
        const int c = guarded(name, [&] {
            pipeline->load_input_for_run(input, date, doc, content);
            pipeline->run(doc);
            if (timeml) {
                assign_timeml(doc, output, options);
            } else if (xml) {
                assign_timeline_xml(doc, timelines.build(doc, timeline_options), output, options);
            } else {
                const Timeline timeline = needs_timeline ? timelines.build(doc, timeline_options) : Timeline{};
                std::ostringstream buffer;
                write_export(args.format, doc, timeline, buffer, options);
                output = std::move(buffer).str();
            }
            // The target as the messages name it: DIR/<file name> under --out-dir (what
            // fs::path's operator/ gives, built as a string: a batch has thousands of inputs;
            // the input's file name is what fs::path::filename() gives: all after the last '/',
            // empty after a trailing one), or --output's path; none for standard output.
            std::string file_name;
            std::string target;
            if (args.out_dir) {
                file_name = input == "-" ? "stdin" : input.substr(input.rfind('/') + 1);
                const std::string& dir = out_dir_string;
                target.reserve(dir.size() + 1 + file_name.size());
                target = dir;
                if (!dir.empty() && dir.back() != '/') target += '/';
                target += file_name;
            } else if (args.output) {
                target = args.output->native();
            } else {
                if (args.inputs.size() > 1) std::cout << "== " << name << " ==\n";
                std::cout << output << std::flush;
                return;
            }
            // A target already written in this run is our own output (an input's would have
            // been refused), so this check may come first; the input check is the writer's, on
            // a target that exists.
            const std::string key = output_key(target, file_name);
            if (!written.insert(key).second) throw output_error("two inputs would both write " + target);
            const bool wrote = out_folder ? out_folder->write(file_name, output, target, may_replace)
                                          : write_file_atomically_unless(target, output, may_replace);
            if (!wrote) {
                written.erase(key);
                throw output_error("refusing to overwrite the input " + target);
            }
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
    std::optional<MatresCorpus> matres;
    for (const auto& f : args.matres) {
        code = guarded(f, [&] {
            if (!matres) matres.emplace();
            read_matres(read_file(f), *matres);
        });
        if (code != exit_ok) return code;
    }
    auto pipeline = load_pipeline(resources, code);
    if (!pipeline) return code;
    const auto result = evaluate_corpus(*pipeline, files, args.gold_entities, matres ? &*matres : nullptr,
                                        [&](const fs::path& file, const std::string& message) {
                                            report(file.string(), message);
                                            code = exit_bad_input;
                                        });
    // No figures when no gold file could be read: a report of zeros would read as a measurement.
    if (result.documents == 0) return code;
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
    if (args.what == "adjacent" && args.matres.empty()) {
        report("usage", "train adjacent needs --matres FILE");
        return exit_usage;
    }
    int code = exit_ok;
    MatresCorpus matres;
    for (const auto& f : args.matres) {
        code = guarded(f, [&] { read_matres(read_file(f), matres); });
        if (code != exit_ok) return code;
    }
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
        } else if (args.what == "adjacent") {
            train_adjacent_event_model(gold, matres, model);
        } else {
            train_link_model(gold, model);
        }
        write_file_atomically(args.out, model.str());
        std::cerr << "chronoline: wrote " << args.out.string() << " (" << model.str().size() << " bytes, "
                  << gold.size() << " documents)\n";
    });
}

}  // namespace chronoline::cli
