// The value passed from stage to stage: an article, its date, and what each stage found.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chronoline/text.hpp"

namespace chronoline {

// A TIMEX3. Attribute values are TimeML's own spellings ("DATE", "2018-07-17", "P2D", "APPROX").
struct Timex {
    Span span;
    std::string tid;            // "t1", "t2"… in text order; the DCT is "t0"
    std::string type;           // DATE, TIME, DURATION, SET
    std::string value;          // TIMEX3 value
    std::string mod;            // empty or APPROX, START, MID, END, MORE_THAN, LESS_THAN, …
    std::string quant;          // sets: EVERY, EACH, …
    std::string freq;           // sets: 2X, …
    bool temporal_function = false;  // value computed from an anchor
    std::string anchor_tid;     // the time it was resolved against, when not the DCT
    // Provenance for --explain: the rule that matched, and how the value was resolved
    // ("anchor=DCT 2018-07-19; tense=PAST; most recent Tuesday on or before the anchor").
    std::string rule;
    std::string explanation;
};

// A TimeML EVENT with its (single) MAKEINSTANCE.
struct Event {
    Span span;
    std::string eid;            // "e1"…
    std::string eiid;           // "ei1"…
    std::string event_class;    // OCCURRENCE, REPORTING, STATE, I_ACTION, I_STATE, ASPECTUAL, PERCEPTION
    std::string tense = "NONE"; // PAST, PRESENT, FUTURE, NONE, INFINITIVE, PRESPART, PASTPART
    std::string aspect = "NONE";// NONE, PROGRESSIVE, PERFECTIVE, PERFECTIVE_PROGRESSIVE
    std::string polarity = "POS";
    std::string modality;       // empty or the modal word ("would", "could", "may")
    std::string pos = "UNKNOWN";// VERB, NOUN, ADJECTIVE, PREPOSITION, OTHER, UNKNOWN
    std::uint32_t sentence = 0; // index into TextAnalysis::sentences
    double confidence = 1.0;
};

// A TLINK between two entities named by id: a timex tid ("t3", "t0" for the DCT) or an
// event instance eiid ("ei4").
struct TLink {
    std::string lid;
    std::string from;
    std::string to;
    std::string rel_type;       // BEFORE, AFTER, INCLUDES, IS_INCLUDED, SIMULTANEOUS, …
    std::string rule;           // sieve or model that proposed it
    double confidence = 1.0;
    // Optional, for speed: the two ends as indices into the document's entities in the order
    // the graph lays them out (0 the DCT "t0", 1 + i doc.timexes[i], 1 + timexes.size() + i
    // doc.events[i]), as the link stage sets them; kNoEntity when not known. Readers check an
    // index against the name (`from`, `to`) before they trust it, so a writer that sets only
    // the names, or a link copied into another document, is still read right.
    static constexpr std::uint32_t kNoEntity = UINT32_MAX;
    std::uint32_t from_entity = kNoEntity;
    std::uint32_t to_entity = kNoEntity;
};

struct Document {
    std::string name;                     // the input's name, used in every message
    std::string text;                     // the article text (TimeML: the content of <TEXT>)
    std::chrono::year_month_day dct{};    // document creation time
    std::string dct_value;                // the DCT as TIMEX3 value, e.g. "2018-07-19"
    std::string title;                    // optional, from TimeML <TITLE>
    TextAnalysis analysis;
    std::vector<Timex> timexes;
    std::vector<Event> events;
    std::vector<TLink> links;
};

// Parses "YYYY-MM-DD" (optionally followed by "T..." time of day, which is ignored); throws
// date_error naming `what` when it is malformed or impossible.
std::chrono::year_month_day parse_date(std::string_view text, std::string_view what);
std::string format_date(std::chrono::year_month_day d);

}  // namespace chronoline
