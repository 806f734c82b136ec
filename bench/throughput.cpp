// Throughput benchmark: prints MB/s of article text (the content of <TEXT>) per stage over a
// folder of TimeML files, on one thread, plus the graph's cost on a 1x and a 10x document.
// Usage: chronoline_bench [CORPUS_DIR] (default ../shared/corpus/te3-silver)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/error.hpp"
#include "chronoline/export.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"
#include "chronoline/pipeline.hpp"

using namespace chronoline;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

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
        const auto t0 = Clock::now();
        for (const auto& d : docs) work(d);
        best = std::min(best, seconds_since(t0));
    }
    std::printf("%-44s %8.1f MB/s  (%.3f s for %.2f MB)\n", what, mb / best, best, mb);
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path corpus = argc > 1 ? argv[1] : "../shared/corpus/te3-silver";
    std::vector<Document> docs;
    std::size_t bytes = 0;
    try {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::directory_iterator(corpus))
            if (e.path().extension() == ".tml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            docs.push_back(fresh_copy(read_timeml(read_file(f), f.filename().string())));
            bytes += docs.back().text.size();
        }
    } catch (const std::exception& e) {
        std::cerr << "chronoline_bench: " << corpus.string() << ": " << e.what() << '\n';
        return 1;
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("corpus: %s, %zu documents, %.2f MB of article text, one thread\n", corpus.c_str(), docs.size(), mb);

    const auto t_load = Clock::now();
    const Pipeline full = Pipeline::load(find_resources());
    std::printf("%-44s %8.1f ms\n", "loading resources and models", seconds_since(t_load) * 1e3);
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
    measure("+ links + graph (whole pipeline)", docs, mb, 2, [&](const Document& d) {
        Document x = fresh_copy(d);
        full.run(x);
        sink += build_timeline(x).entries.size();
    });
    measure("whole pipeline + TimeML export", docs, mb, 2, [&](const Document& d) {
        Document x = fresh_copy(d);
        full.run(x);
        std::ostringstream out;
        write_timeml(x, out);
        sink += out.str().size();
    });

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
            const auto t0 = Clock::now();
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
