// PLACEHOLDER until the exporters land (src/export/*.cpp replaces this file).
#include <ostream>
#include "chronoline/export.hpp"
namespace chronoline {
void write_text(const Document& doc, const Timeline&, std::ostream& out, const ExportOptions&) {
    out << doc.name << " (" << doc.dct_value << ")\n";
    for (const auto& t : doc.timexes)
        out << "  " << doc.text.substr(t.span.begin, t.span.size()) << '\t' << t.type << '\t' << t.value << '\n';
}
void write_timeml(const Document&, std::ostream&, const ExportOptions&) {}
void write_timeline_xml(const Document&, const Timeline&, std::ostream&, const ExportOptions&) {}
void write_dot(const Document&, const Timeline&, std::ostream&, const ExportOptions&) {}
void write_json(const Document&, const Timeline&, std::ostream&, const ExportOptions&) {}
void write_timelinejs(const Document&, const Timeline&, std::ostream&, const ExportOptions&) {}
}  // namespace chronoline
