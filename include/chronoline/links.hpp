// Stage 3: temporal links. A sieve of precise rules (time–time from values, event–DCT from
// tense/aspect/class, event–time with signal words, event–event in and across sentences), then
// learned classifiers whose weights live under resources/models/.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <vector>

#include "chronoline/document.hpp"
#include "chronoline/eval.hpp"

namespace chronoline {

class LinkTagger {
public:
    static LinkTagger load(const std::filesystem::path& resource_dir);  // throws resource_error

    // Fills doc.links (lid l1…) from doc.timexes and doc.events, most confident first.
    void tag(Document& doc) const;

    struct Impl;

private:
    explicit LinkTagger(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

struct LinkTrainingOptions {
    int epochs = 10;
    unsigned seed = 1;
};

// Trains the link classifiers on gold documents (their events, times and TLINKs, plus any
// extra relations the caller merged into doc.links) and writes the model file to `out`.
void train_link_model(const std::vector<Document>& gold, std::ostream& out,
                      const LinkTrainingOptions& options = {});

// Trains the order classifier of the main events of adjacent sentences on the MATRES pairs of
// the gold documents (keyed by Document::name) and writes resources/models/adjacent.model's
// content to `out` (the discourse words come from the resources the library finds).
void train_adjacent_event_model(const std::vector<Document>& gold, const MatresCorpus& matres, std::ostream& out);

}  // namespace chronoline
