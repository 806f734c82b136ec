// A one-pass reader of what a timeline run needs of a TimeML file (the text of <TEXT>, the title,
// the DCT's value), for the common shape of TimeML files, without building a DOM.
//
// It accepts only a strict subset of well-formed XML (one root element; before it white space and
// at most an <?xml …?> declaration; elements with ASCII names and quoted attributes; character
// data whose references are the five predefined entities; white space after the root) and in it
// gives what pugixml (parse_default | parse_ws_pcdata, as read_timeml parses) gives. Anything
// else (comments, CDATA, DOCTYPE, processing instructions, numeric references, a second <TEXT>, a
// NUL byte, an attribute it needs holding '&' or a line break, any error) makes it decline: the
// caller then parses with pugixml, which gives the result or the error message.
#pragma once
#include <string>
#include <string_view>

namespace chronoline::io_detail {

struct ScannedTimeml {
    ScannedTimeml(std::string& text_out, std::string& title_out) : text(text_out), title(title_out) {}
    bool has_text = false;           // a <TEXT> element exists
    std::string& text;               // its character data, entities decoded, line ends normalized
    std::string& title;              // root's first <TITLE> child's first text child ("" if none)
    bool has_dct_timex = false;      // root's first <DCT> child has a <TIMEX3> child
    std::string dct_value;           // that TIMEX3's value attribute
    bool has_creation_timex = false; // some TIMEX3 has functionInDocument="CREATION_TIME"
    std::string creation_value;      // the first such TIMEX3's value attribute
};

// Fills `out` (reusing the buffers it refers to) and returns true, or returns false when `xml` is outside the
// subset described above.
bool scan_timeml(std::string_view xml, ScannedTimeml& out);

}  // namespace chronoline::io_detail
