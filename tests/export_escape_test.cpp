// The XML writers clean strings (xml_chars, sixteen bytes at a time) and let pugixml escape them;
// the result must be exactly what a byte-by-byte definition gives, wherever a byte to clean or
// escape falls in or across a block, and must read back as the cleaned string.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "export/export_util.hpp"

using namespace chronoline::export_detail;

namespace {

// Calls `check(t)` for `base` repeated and cut to every length up to `max_length`, with each of
// `pieces` inserted at every offset; returns how many strings were checked.
template <class Check>
std::size_t for_each_insertion(std::string_view base, const std::vector<std::string>& pieces, std::size_t max_length,
                               Check check) {
    std::size_t checked = 0;
    for (std::size_t length = 0; length <= max_length; ++length) {
        std::string text(base);
        while (text.size() < length) text += base;
        text.resize(length);
        for (std::size_t at = 0; at <= length; ++at)
            for (const auto& piece : pieces) {
                std::string t = text;
                t.insert(at, piece);
                CAPTURE(t);
                check(t);
                ++checked;
            }
    }
    return checked;
}

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
    const std::size_t checked = for_each_insertion(base, pieces, 48, [](const std::string& t) {
        pugi::xml_document xml;
        XmlBuilder b;
        const pugi::xml_node x = XmlBuilder::element(xml, "x");
        b.attr(x, "a", t);
        b.text(x, t);
        std::string out;
        save_xml(xml, out);
        CHECK(out == "<x a=\"" + xml_reference(t, true) + "\">" + xml_reference(t, false) + "</x>");
        // Read back (CR and attribute white space normalized as any reader does), it is the
        // cleaned string.
        std::string scratch;
        const std::string clean(xml_chars(t, scratch));
        pugi::xml_document back;
        REQUIRE(back.load_buffer(out.data(), out.size(), pugi::parse_default | pugi::parse_ws_pcdata));
        CHECK(back.child("x").attribute("a").value() == clean);
        CHECK(back.child("x").text().get() == clean);
    });
    CHECK(checked > 10000);
}

namespace {

// collapse_space's definition, one byte at a time.
std::string collapse_reference(std::string_view s) {
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    std::string out;
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = u[i];
        if (c <= 0x20 || c == 0x7F) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        const std::size_t len = utf8_length(u + i, s.size() - i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
        } else {
            out.append(s.substr(i, len));
            i += len - 1;
        }
    }
    return out;
}

}  // namespace

TEST_CASE("collapse_space equals the byte-by-byte definition at every offset") {
    // Words and single spaces are copied sixteen bytes at a time: a double space, a space before
    // a line break or a control, and non-ASCII must be seen wherever they fall in or across a block.
    const std::string base = "Officials met on Tuesday, July 17 in Helsinki; talks went on. ";
    const std::vector<std::string> pieces = {" ",  "  ", "\n", " \n", "\t ", "\r\n", "\x01", "\x7F", " \x7F",
                                             "\xC3\xA9", " \xE2\x80\x94 ", "\xC3", "\xFF", "x"};
    const std::size_t checked = for_each_insertion(
        base, pieces, 40, [](const std::string& t) { CHECK(collapse_space(t) == collapse_reference(t)); });
    CHECK(checked > 10000);
}

TEST_CASE("CharOffsets counts code points at every byte offset") {
    // Counted eight bytes at a time within 64-byte blocks: multi-byte characters must be counted
    // once wherever they fall, also across a word or block boundary and in the last partial block.
    const std::vector<std::string> pieces = {"a", "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80", " ", "\n"};
    for (std::size_t seed = 0; seed < 6; ++seed) {
        std::string text;
        for (std::size_t k = 0; text.size() < 300; ++k) text += pieces[(k * (seed + 1) + k / 7) % pieces.size()];
        const CharOffsets offsets(text);
        std::uint64_t expected = 0;
        for (std::size_t i = 0; i <= text.size(); ++i) {
            CAPTURE(i);
            CHECK(offsets.at(i) == expected);
            if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++expected;
        }
        CHECK(offsets.at(text.size() + 5) == expected);  // past the end: the whole text
    }
}

TEST_CASE("CharOffsets after counts on from a known offset as at does") {
    const std::vector<std::string> pieces = {"a", "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80", " "};
    std::string text;
    for (std::size_t k = 0; text.size() < 200; ++k) text += pieces[(k * 3 + k / 5) % pieces.size()];
    const CharOffsets offsets(text);
    // Every span up to 80 bytes long (past the 64 it counts itself, at() answers), also ones that
    // run past the end of the text, and a start after the end.
    for (std::size_t from = 0; from <= text.size() + 2; ++from)
        for (std::size_t to = from; to <= from + 80; ++to) {
            CAPTURE(from);
            CAPTURE(to);
            CHECK(offsets.after(from, offsets.at(from), to) == offsets.at(to));
        }
}
