// The link stage and the graph on their own: runs the earlier stages once per document, then
// times LinkTagger::tag and TimelineBuilder::build over every document (CPU time, best of N
// runs). Two ways: "batch" tags every document, then builds every timeline (the data of each
// document comes from memory); "in turn" runs each document's earlier stages right before
// its links and graph, as the pipeline does (the cache holds what the earlier stages left).
// For exact counts, run it under callgrind with --toggle-collect='chronoline::LinkTagger::tag*'
// --toggle-collect='chronoline::TimelineBuilder::build*' and N = 1.
// Usage: chronoline_links_bench [CORPUS_DIR] [N] (default ../shared/corpus/te3-silver, 5)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"
#include "chronoline/links.hpp"
#include "chronoline/pipeline.hpp"
#include "cpu_clock.hpp"

using namespace chronoline;
using bench::cpu_now;

int main(int argc, char** argv) {
    const std::filesystem::path corpus = argc > 1 ? argv[1] : "../shared/corpus/te3-silver";
    const int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::vector<std::filesystem::path> files;
    std::vector<Document> docs;
    try {
        for (const auto& e : std::filesystem::directory_iterator(corpus))
            if (e.path().extension() == ".tml") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        const Pipeline earlier = Pipeline::load(find_resources(), PipelineOptions{true, false});
        std::string content;
        for (const auto& f : files) {
            Document d;
            read_file_into(f, content);
            read_timeml_text(content, f.filename().string(), std::nullopt, d);
            earlier.run(d);
            docs.push_back(std::move(d));
        }
        const LinkTagger tagger = LinkTagger::load(find_resources());
        TimelineBuilder builder;
        std::size_t entries = 0;
        double tag_batch = 1e30, graph_batch = 1e30, tag_turn = 1e30, graph_turn = 1e30;
        for (int r = 0; r < repeat; ++r) {
            double t0 = cpu_now();
            for (auto& d : docs) tagger.tag(d);
            tag_batch = std::min(tag_batch, cpu_now() - t0);
            t0 = cpu_now();
            for (const auto& d : docs) entries += builder.build(d).entries.size();
            graph_batch = std::min(graph_batch, cpu_now() - t0);
        }
        for (int r = 0; r < repeat && repeat > 1; ++r) {
            double tag = 0, graph = 0;
            for (auto& d : docs) {
                earlier.run(d);
                const double t0 = cpu_now();
                tagger.tag(d);
                const double t1 = cpu_now();
                entries += builder.build(d).entries.size();
                tag += t1 - t0;
                graph += cpu_now() - t1;
            }
            tag_turn = std::min(tag_turn, tag);
            graph_turn = std::min(graph_turn, graph);
        }
        std::printf("%zu documents, CPU time, best of %d\n", docs.size(), repeat);
        std::printf("batch:   links %.4f s  graph %.4f s  total %.4f s\n", tag_batch, graph_batch, tag_batch + graph_batch);
        if (repeat > 1)
            std::printf("in turn: links %.4f s  graph %.4f s  total %.4f s\n", tag_turn, graph_turn, tag_turn + graph_turn);
        return entries == 0 ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "chronoline_links_bench: " << e.what() << '\n';
        return 1;
    }
}
