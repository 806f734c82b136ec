// The command line: parses arguments and hands them to the subcommands; errors become the
// exit codes of exit_codes.hpp. All the work happens in the library.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char** argv) {
    using namespace chronoline::cli;
    CLI::App app{"chronoline: event timelines from news text"};
    app.set_version_flag("--version", std::string("chronoline 0.1.0"));
    app.require_subcommand(1);
    std::optional<std::filesystem::path> resources;
    app.add_option("--resources", resources, "folder holding en/ and models/ (default: installed or built-in)");

    TimelineArgs tl;
    auto* timeline = app.add_subcommand("timeline", "build the timeline of one or more articles");
    timeline->add_option("--date", tl.date, "article date YYYY-MM-DD (plain text without a dateline needs it)");
    timeline->add_option("--format", tl.format, "text|timeml|xml|dot|json|timelinejs")
        ->check(CLI::IsMember({"text", "timeml", "xml", "dot", "json", "timelinejs"}));
    auto* output = timeline->add_option("--output", tl.output, "write the (single) result to FILE");
    auto* out_dir = timeline->add_option("--out-dir", tl.out_dir, "write each result to DIR/<input file name>");
    output->excludes(out_dir);
    out_dir->excludes(output);
    timeline->add_option("--stages", tl.stages,
                         "timex: time expressions only; events: times and events, no links; all (default)")
        ->check(CLI::IsMember({"timex", "events", "all"}));
    timeline->add_option("--max-input-mib", tl.max_input_mib,
                         "refuse an input larger than this many MiB (default 8; a timeline needs about 100 "
                         "bytes of memory per byte of text)")
        ->check(CLI::Range(std::size_t{1}, chronoline::kMaxInputLimit >> 20));
    timeline->add_flag("--explain", tl.explain, "show the rule, anchor and tense behind each value, and rejected links");
    timeline->add_option("inputs", tl.inputs, "plain-text or TimeML files; - for standard input")->required();

    EvalArgs ev;
    auto* eval = app.add_subcommand("eval", "score the pipeline against gold TimeML files (TempEval-3 measures)");
    eval->add_option("gold", ev.gold, "gold .tml files or folders of them")->required();
    eval->add_flag("--json", ev.json, "print the measures as JSON");
    eval->add_flag("--gold-entities", ev.gold_entities, "score links only, over the gold times and events");
    eval->add_option("--matres", ev.matres, "MATRES relation file(s): also measure event order against them");

    TrainArgs tr;
    auto* train = app.add_subcommand("train", "train a shipped model file from gold TimeML");
    train->add_option("what", tr.what, "events | links | adjacent")
        ->required()
        ->check(CLI::IsMember({"events", "links", "adjacent"}));
    train->add_option("--matres", tr.matres, "adjacent: MATRES relation file(s) of the gold documents");
    train->add_option("--out", tr.out, "model file to write")->required();
    train->add_option("gold", tr.gold, "gold .tml files or folders of them")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        report("usage", e.what());
        return exit_usage;
    }
    if (timeline->parsed()) return run_timeline(tl, resources);
    if (eval->parsed()) return run_eval(ev, resources);
    return run_train(tr, resources);
}
