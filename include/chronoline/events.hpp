// Stage 2: events. A learned model (averaged perceptron, weights under resources/models/) finds
// EVENT spans and their class; tense, aspect, polarity and modality are read off the verb group.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "chronoline/document.hpp"

namespace chronoline {

class EventTagger {
public:
    // Loads the model and lexicons under `resource_dir`; throws resource_error.
    static EventTagger load(const std::filesystem::path& resource_dir);

    // Fills the part of speech of doc.analysis.tokens and doc.events (eid e1…, eiid ei1…, in
    // text order, with sentence index).
    void tag(Document& doc) const;

    // The same, with the spans of the time expressions already found (the pipeline's extract
    // step, before resolution fills doc.timexes): no token inside one is an event ("the fall",
    // "Monday"). tag(doc) uses doc.timexes for this.
    void tag(Document& doc, const std::vector<Span>& time_expressions) const;

    struct Impl;

private:
    explicit EventTagger(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

struct EventTrainingOptions {
    int epochs = 10;
    unsigned seed = 1;
    // The model is the mean of this many runs, each on its own order of the examples (seeds
    // seed, seed + 1, ...).
    int runs = 5;
};

// Trains the event model on gold documents (their events) and writes the model file to `out`.
// Deterministic: the same documents and options give the same bytes.
void train_event_model(const std::vector<Document>& gold, const std::filesystem::path& resource_dir,
                       std::ostream& out, const EventTrainingOptions& options = {});

}  // namespace chronoline
