// The XML escapers pass over ordinary text sixteen bytes at a time: they must give exactly what
// a byte-by-byte escaper gives, wherever a byte to escape falls in or across a block.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "export/export_util.hpp"

using namespace chronoline::export_detail;

namespace {

// The definition, one byte at a time.
std::string xml_reference(std::string_view s, bool attribute) {
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = u[i];
        if (c >= 0x80) {
            const std::size_t len = utf8_length(u + i, s.size() - i);
            const bool nonchar = len == 3 && c == 0xEF && u[i + 1] == 0xBF && (u[i + 2] == 0xBE || u[i + 2] == 0xBF);
            if (len != 0 && !nonchar) {
                out.append(s.substr(i, len));
                i += len - 1;
            } else {
                out += "\xEF\xBF\xBD";
                i += nonchar ? 2 : 0;
            }
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\r': out += "&#13;"; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\t': out += attribute ? "&#9;" : "\t"; break;
            default: out += c < 0x20 ? ' ' : static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("XML escaping equals the byte-by-byte definition at every offset") {
    const std::string base = "Officials met on Tuesday, July 17 in Helsinki; talks went on.\n";
    const std::vector<std::string> pieces = {"&", "<", ">", "\"", "\r", "\n", "\t", "\x01", "\x1F", "\xC3\xA9",
                                             "\xE2\x80\x94", "\xF0\x9F\x98\x80", "\xEF\xBF\xBE", "\xEF\xBF\xBF",
                                             "\xC3", "\xE2\x80", "\xFF", "\x80"};
    std::size_t checked = 0;
    for (std::size_t length = 0; length <= 48; ++length) {
        std::string text = base;
        while (text.size() < length) text += base;
        text.resize(length);
        for (std::size_t at = 0; at <= length; ++at)
            for (const auto& piece : pieces) {
                std::string t = text;
                t.insert(at, piece);
                CAPTURE(t);
                std::string text_out, attr_out;
                append_xml_text(text_out, t);
                append_xml_attr(attr_out, t);
                CHECK(text_out == xml_reference(t, false));
                CHECK(attr_out == xml_reference(t, true));
                ++checked;
            }
    }
    CHECK(checked > 10000);
}
