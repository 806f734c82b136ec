// Stage 3: temporal links. A sieve of precise rules (time–time from values, event–DCT from
// tense/aspect/class, event–time with signal words, event–event in and across sentences), then
// learned classifiers whose weights live under resources/models/.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <vector>

#include "chronoline/document.hpp"

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

}  // namespace chronoline
