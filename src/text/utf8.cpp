#include <cstdint>
#include <cstring>
#include <string>

#include "chronoline/error.hpp"
#include "chronoline/text.hpp"

namespace chronoline {

void check_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII (nearly all of an English article) eight bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        const unsigned char c = p[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else throw input_error("invalid UTF-8 (stray byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                               std::string(1, "0123456789abcdef"[c & 15]) + ") at byte " + std::to_string(i));
        if (i + len > n) throw input_error("invalid UTF-8 (truncated sequence) at byte " + std::to_string(i));
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                throw input_error("invalid UTF-8 (bad continuation byte) at byte " + std::to_string(i + k));
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
        const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            throw input_error("invalid UTF-8 (overlong or out-of-range sequence) at byte " + std::to_string(i));
        i += len;
    }
}

}  // namespace chronoline
