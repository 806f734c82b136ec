// Scoring a whole gold corpus with the pipeline: what `chronoline eval` prints.
#pragma once
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "chronoline/eval.hpp"
#include "chronoline/pipeline.hpp"

namespace chronoline {

struct CorpusEvaluation {
    std::size_t documents = 0;
    bool gold_entities = false;  // links scored over gold times and events only
    TimexEval timex;
    EventEval events;
    LinkEval links;
    bool has_matres = false;  // MATRES pairs were given
    MatresEval matres;
};

// Runs the pipeline on the text and DCT of each gold file and accumulates the measures. With
// `gold_entities`, only the link stage runs, over the gold times and events. A file that cannot
// be read is passed to `on_error(file, message)` and left out.
CorpusEvaluation evaluate_corpus(const Pipeline& pipeline, const std::vector<std::filesystem::path>& gold_files,
                                 bool gold_entities,
                                 const std::function<void(const std::filesystem::path&, const std::string&)>& on_error);

// evaluate_corpus() that also measures event order against `matres` (pairs of the gold files'
// documents, by the file's name without ".tml").
CorpusEvaluation evaluate_corpus(const Pipeline& pipeline, const std::vector<std::filesystem::path>& gold_files,
                                 bool gold_entities, const MatresCorpus* matres,
                                 const std::function<void(const std::filesystem::path&, const std::string&)>& on_error);

void write_evaluation_text(const CorpusEvaluation& e, std::ostream& out);
void write_evaluation_json(const CorpusEvaluation& e, std::ostream& out);

}  // namespace chronoline
