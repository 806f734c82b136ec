// Throughput benchmark: prints MB/s of article text (the content of <TEXT>) per stage over a
// folder of TimeML files, on one thread, then the batch `chronoline timeline --format timeml
// --out-dir` does, phase by phase (load, read, parse, pipeline, export, write), plus the graph's cost
// on a 1x and a 10x document. Every figure is CPU time of this process (user + system), not wall
// time: the machines it runs on are shared.
// Usage: chronoline_bench [CORPUS_DIR] [--phases] (default ../shared/corpus/te3-silver;
// --phases: only the batch by phase)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/error.hpp"
#include "chronoline/events.hpp"
#include "chronoline/export.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "chronoline/timex.hpp"
#include "cpu_clock.hpp"

using namespace chronoline;
using bench::cpu_now;
using bench::seconds_since;

namespace {

Document fresh_copy(const Document& gold) {
    Document d;
    d.name = gold.name;
    d.text = gold.text;
    d.dct = gold.dct;
    d.dct_value = gold.dct_value;
    return d;
}

// Runs `work` over all documents `repeat` times and prints the best run's MB/s.
template <class Work>
void measure(const char* what, const std::vector<Document>& docs, double mb, int repeat, Work&& work) {
    double best = 1e30;
    for (int r = 0; r < repeat; ++r) {
        const double t0 = cpu_now();
        for (const auto& d : docs) work(d);
        best = std::min(best, seconds_since(t0));
    }
    std::printf("%-44s %8.1f MB/s  (%.3f s for %.2f MB)\n", what, mb / best, best, mb);
}

// The batch of `chronoline timeline --format timeml --out-dir` (cli/commands.cpp), phase by
// phase, with the same calls and buffers reused the same way; outputs go to a scratch folder in
// memory (/dev/shm) when there is one, so that the write phase is the system calls, not the disk.
std::size_t batch_by_phase(const Pipeline& pipeline, const std::vector<std::filesystem::path>& files, double mb,
                           double load_seconds) {
    namespace fs = std::filesystem;
    std::string pattern = fs::is_directory("/dev/shm") ? "/dev/shm/chronoline-bench-XXXXXX"
                                                       : (fs::temp_directory_path() / "chronoline-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::perror("chronoline_bench: mkdtemp");
        return 0;
    }
    const fs::path out_dir = pattern;
    struct Phase {
        const char* name;
        double seconds = 0;
    };
    Phase read{"read files"}, parse{"parse TimeML (DCT + text)"}, run{"pipeline (all stages)"},
        export_{"TimeML export"}, write{"atomic writes"};
    Document doc;
    std::string content;
    std::string output;
    std::size_t sink = 0;
    const double start = cpu_now();
    OutputFolder folder(out_dir);
    const std::function<bool(const FileId&)> may_replace = [](const FileId&) { return true; };
    for (const auto& f : files) {
        double t = cpu_now();
        auto lap = [&](Phase& phase) {
            const double now = cpu_now();
            phase.seconds += now - t;
            t = now;
        };
        read_file_into(f, content);
        lap(read);
        {
            // As Pipeline::load_input_for_run does it.
            const InputBytes bytes = inspect_input_bytes(content);
            if (bytes.blank || bytes.binary) continue;
            read_timeml_text_in_place(content, f.string(), std::nullopt, doc, bytes.ascii);
        }
        lap(parse);
        pipeline.run(doc);
        lap(run);
        assign_timeml(doc, output);
        lap(export_);
        // As the batch does: into the open folder by name, no input ever replaced.
        const fs::path name = f.filename();
        folder.write(name.native(), output, (out_dir / name).native(), may_replace);
        lap(write);
        sink += output.size();
    }
    const double batch = seconds_since(start);
    // The whole process is these phases and the one load of the resources at its start.
    Phase load{"load resources (once)"};
    load.seconds = load_seconds;
    const double total = batch + load_seconds;
    std::printf("batch timeline --format timeml --out-dir, in process, by phase:\n");
    for (const Phase* p : {&load, &read, &parse, &run, &export_, &write})
        std::printf("  %-42s %8.1f ms  %5.1f %%\n", p->name, p->seconds * 1e3, 100 * p->seconds / total);
    std::printf("  %-42s %8.1f ms  %5.1f %%\n", "outside the pipeline stages", (total - run.seconds) * 1e3,
                100 * (total - run.seconds) / total);
    std::printf("%-44s %8.1f MB/s  (%.3f s for %.2f MB; %.3f s without the load)\n", "  batch total", mb / total, total,
                mb, batch);
    std::error_code ec;
    fs::remove_all(out_dir, ec);
    return sink;
}

// Each stage's resources loaded on their own, best of `repeat` runs: what every start pays.
void loading_by_stage(const std::filesystem::path& dir, int repeat) {
    double timex = 1e30, events = 1e30, links = 1e30;
    for (int r = 0; r < repeat; ++r) {
        double t0 = cpu_now();
        { const auto x = TimexTagger::load(dir); }
        timex = std::min(timex, seconds_since(t0));
        t0 = cpu_now();
        { const auto x = EventTagger::load(dir); }
        events = std::min(events, seconds_since(t0));
        t0 = cpu_now();
        { const auto x = LinkTagger::load(dir); }
        links = std::min(links, seconds_since(t0));
    }
    std::printf("  %-42s %8.1f ms\n", "time expressions (grammar + lexicon)", timex * 1e3);
    std::printf("  %-42s %8.1f ms\n", "events (lexicons, word lists, model)", events * 1e3);
    std::printf("  %-42s %8.1f ms\n", "links (signals, rules, model)", links * 1e3);
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path corpus = "../shared/corpus/te3-silver";
    bool phases_only = false;
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--phases") phases_only = true;
        else corpus = argv[i];
    }
    std::vector<Document> docs;
    std::vector<std::filesystem::path> files;
    std::size_t bytes = 0;
    try {
        for (const auto& e : std::filesystem::directory_iterator(corpus))
            if (e.path().extension() == ".tml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        std::string content;
        for (const auto& f : files) {
            Document d;
            read_file_into(f, content);
            read_timeml_text(content, f.filename().string(), std::nullopt, d);
            docs.push_back(std::move(d));
            bytes += docs.back().text.size();
        }
    } catch (const std::exception& e) {
        std::cerr << "chronoline_bench: " << corpus.string() << ": " << e.what() << '\n';
        return 1;
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("corpus: %s, %zu documents, %.2f MB of article text, one thread, CPU time\n", corpus.c_str(),
                docs.size(), mb);

    const double t_load = cpu_now();
    const Pipeline full = Pipeline::load(find_resources());
    const double load_seconds = seconds_since(t_load);
    std::printf("%-44s %8.1f ms\n", "loading resources and models", load_seconds * 1e3);
    std::printf("loading by stage (best of 5, load + free):\n");
    loading_by_stage(find_resources(), 5);
    if (phases_only) {
        const std::size_t sink = batch_by_phase(full, files, mb, load_seconds);
        return sink == 0 ? 1 : 0;
    }
    const Pipeline timex_only = Pipeline::load(find_resources(), PipelineOptions{false, false});
    const Pipeline no_links = Pipeline::load(find_resources(), PipelineOptions{true, false});

    std::size_t sink = 0;
    measure("text analysis (tokens, sentences)", docs, mb, 3, [&](const Document& d) {
        sink += analyze_text(d.text).tokens.size();
    });
    measure("time expressions (extract + resolve)", docs, mb, 3, [&](const Document& d) {
        Document x = fresh_copy(d);
        timex_only.run(x);
        sink += x.timexes.size();
    });
    measure("+ events", docs, mb, 2, [&](const Document& d) {
        Document x = fresh_copy(d);
        no_links.run(x);
        sink += x.events.size();
    });
    TimelineBuilder timelines;  // as the CLI's batch does: one for all documents
    measure("+ links + graph (whole pipeline)", docs, mb, 2, [&](const Document& d) {
        Document x = fresh_copy(d);
        full.run(x);
        sink += timelines.build(x).entries.size();
    });
    measure("whole pipeline + TimeML export", docs, mb, 2, [&](const Document& d) {
        Document x = fresh_copy(d);
        full.run(x);
        std::ostringstream out;
        write_timeml(x, out);
        sink += out.str().size();
    });
    sink += batch_by_phase(full, files, mb, load_seconds);

    // Graph scaling: the longest document, then ten copies of it in one document.
    const auto longest = std::max_element(docs.begin(), docs.end(), [](const Document& a, const Document& b) {
        return a.text.size() < b.text.size();
    });
    if (longest != docs.end()) {
        for (int times : {1, 10}) {
            Document big = fresh_copy(*longest);
            big.text.clear();
            for (int k = 0; k < times; ++k) big.text += longest->text + "\n\n";
            full.run(big);
            const double t0 = cpu_now();
            const Timeline tl = build_timeline(big);
            const double s = seconds_since(t0);
            std::printf("graph on %2dx document: %6zu events %6zu times %7zu links -> %8.2f ms (%zu rejected)\n",
                        times, big.events.size(), big.timexes.size(), big.links.size(), s * 1e3, tl.rejected.size());
        }
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak resident memory (all documents held): %.1f MB\n", usage.ru_maxrss / 1024.0);
    return sink == 0 ? 0 : 0;
}
