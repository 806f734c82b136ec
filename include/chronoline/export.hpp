// Exporters. Each writes to a stream, uses the document's stable ids and is deterministic;
// formats are documented in docs/formats.md, the timeline XML schema in docs/timeline.xsd.
#pragma once
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "chronoline/document.hpp"
#include "chronoline/timeline.hpp"

namespace chronoline {

struct ExportOptions {
    bool explain = false;  // add rules, anchors, tense and rejected links
};

void write_text(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
// TimeML 1.2.1: <TEXT> is byte-for-byte doc.text with TIMEX3 and EVENT tags added; then
// MAKEINSTANCE and TLINK elements.
void write_timeml(const Document& doc, std::ostream& out, const ExportOptions& options = {});
void write_timeline_xml(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
// write_timeline_xml into a string, replacing what it held: a batch reuses one string's capacity
// from document to document and writes it to the file without a stream in between.
void assign_timeline_xml(const Document& doc, const Timeline& timeline, std::string& out,
                         const ExportOptions& options = {});
void write_dot(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
void write_json(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
void write_timelinejs(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});

// What write_timeml had to leave out to keep the output well-formed and consistent: spans that
// cross another tag (or are empty, out of range, or split a UTF-8 character), and links naming
// an entity that is not in the output.
struct TimemlStats {
    std::size_t timexes_written = 0;
    std::size_t events_written = 0;
    std::size_t links_written = 0;
    std::size_t dropped_timexes = 0;
    std::size_t dropped_events = 0;
    std::size_t dropped_links = 0;
};
// write_timeml, returning what it wrote and dropped.
TimemlStats write_timeml_counted(const Document& doc, std::ostream& out, const ExportOptions& options = {});
// write_timeml_counted appending to a string (which a batch reuses from document to document).
TimemlStats append_timeml(const Document& doc, std::string& out, const ExportOptions& options = {});
// The same replacing what `out` holds (a batch reuses its capacity from document to document).
TimemlStats assign_timeml(const Document& doc, std::string& out, const ExportOptions& options = {});

// Whether write_export reads the timeline for `format`; TimeML is written from the document alone
// (its TLINKs are the document's links), so a batch can skip build_timeline for it.
bool export_needs_timeline(std::string_view format);
// Whether write_export shows Timeline::reduced_links for `format` (xml, dot and json always; text
// only with --explain; timelinejs never), so a batch can build the timeline without the reduction.
bool export_needs_reduced_links(std::string_view format, const ExportOptions& options);

// The formats `chronoline timeline --format` knows, and a dispatcher over them: "text", "timeml",
// "xml", "dot", "json", "timelinejs". Returns false (writing nothing) for an unknown name.
bool is_export_format(std::string_view format);
bool write_export(std::string_view format, const Document& doc, const Timeline& timeline, std::ostream& out,
                  const ExportOptions& options = {});

}  // namespace chronoline
