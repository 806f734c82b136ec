// The XML writers clean strings (xml_chars, sixteen bytes at a time) and let pugixml escape them;
// the result must be exactly what a byte-by-byte definition gives, wherever a byte to clean or
// escape falls in or across a block, and must read back as the cleaned string.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include <pugixml.hpp>

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
            case '>': out += attribute ? ">" : "&gt;"; break;  // pugixml leaves > in attributes
            case '"': out += attribute ? "&quot;" : "\""; break;
            case '\r': out += "&#13;"; break;
            case '\n': out += attribute ? "&#10;" : "\n"; break;
            case '\t': out += attribute ? "&#09;" : "\t"; break;
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
                pugi::xml_document xml;
                XmlBuilder b;
                const pugi::xml_node x = XmlBuilder::element(xml, "x");
                b.attr(x, "a", t);
                b.text(x, t);
                std::string out;
                save_xml(xml, out);
                CHECK(out == "<x a=\"" + xml_reference(t, true) + "\">" + xml_reference(t, false) + "</x>");
                // Read back (CR and attribute white space normalized as any reader does), it is
                // the cleaned string.
                std::string scratch;
                const std::string clean(xml_chars(t, scratch));
                pugi::xml_document back;
                REQUIRE(back.load_buffer(out.data(), out.size(), pugi::parse_default | pugi::parse_ws_pcdata));
                CHECK(back.child("x").attribute("a").value() == clean);
                CHECK(back.child("x").text().get() == clean);
                ++checked;
            }
    }
    CHECK(checked > 10000);
}
