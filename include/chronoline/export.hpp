// Exporters. Each writes to a stream, uses the document's stable ids and is deterministic;
// formats are documented in docs/formats.md, the timeline XML schema in docs/timeline.xsd.
#pragma once
#include <iosfwd>

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
void write_dot(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
void write_json(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});
void write_timelinejs(const Document& doc, const Timeline& timeline, std::ostream& out, const ExportOptions& options = {});

}  // namespace chronoline
