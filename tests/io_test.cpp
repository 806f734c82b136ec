// The batch's input and output layer: the text-only TimeML reader must give exactly what
// read_timeml gives (and fail exactly as it does), files are read whole into reused buffers, and
// outputs are replaced atomically.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "chronoline/error.hpp"
#include "chronoline/export.hpp"
#include "chronoline/io.hpp"
#include "chronoline/pipeline.hpp"
#include "test_support.hpp"

using namespace chronoline;
using namespace chronoline::test;
namespace fs = std::filesystem;

namespace {

// What a reader produced: the document's fields, or the error's kind and message.
struct Outcome {
    std::string error;
    std::string name, text, title, dct_value;
    bool operator==(const Outcome&) const = default;
};

template <class Read>
Outcome outcome_of(Read&& read) {
    Outcome o;
    try {
        const Document& d = read();
        o.name = d.name;
        o.text = d.text;
        o.title = d.title;
        o.dct_value = d.dct_value;
    } catch (const date_error& e) {
        o.error = std::string("date_error: ") + e.what();
    } catch (const input_error& e) {
        o.error = std::string("input_error: ") + e.what();
    }
    return o;
}

// Both readers on `content`; the text-only one reuses `doc` from earlier calls.
void check_same_as_read_timeml(const std::string& content, Document& doc,
                               std::optional<std::chrono::year_month_day> date = std::nullopt) {
    const Outcome full = outcome_of([&]() -> Document { return read_timeml(content, "in.tml", date); });
    std::string buffer = content;
    const Outcome text_only = outcome_of([&]() -> const Document& {
        read_timeml_text(buffer, "in.tml", date, doc);
        return doc;
    });
    // The batch's way: parsed in place, the UTF-8 check skipped when the bytes are all ASCII.
    std::string in_place_buffer = content;
    const bool ascii = inspect_input_bytes(content).ascii;
    Document in_place_doc;
    const Outcome in_place = outcome_of([&]() -> const Document& {
        read_timeml_text_in_place(in_place_buffer, "in.tml", date, in_place_doc, ascii);
        return in_place_doc;
    });
    CAPTURE(full.error);
    CAPTURE(text_only.error);
    CAPTURE(in_place.error);
    CAPTURE(full.text);
    CAPTURE(text_only.text);
    CHECK(text_only == full);
    CHECK(in_place == full);
    if (full.error.empty()) {
        CHECK(doc.timexes.empty());
        CHECK(doc.events.empty());
        CHECK(doc.links.empty());
        CHECK(doc.analysis.tokens.empty());
    }
}

const std::string kHead = "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>x</DOCID>\n";
const std::string kDct =
    "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2018-07-19\" functionInDocument=\"CREATION_TIME\">July 19, "
    "2018</TIMEX3></DCT>\n";

}  // namespace

TEST_CASE("read_timeml_text gives read_timeml's text, DCT and title, and fails with its messages") {
    Document doc;  // reused across every case, as the batch does
    const std::vector<std::string> cases = {
        // gold tags inside TEXT, entities, a CDATA section, CR LF line ends, a comment
        kHead + kDct + "<TITLE>A &amp; B</TITLE>\n<TEXT>\r\nTalks <EVENT eid=\"e1\" class=\"OCCURRENCE\">began</EVENT> "
                       "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2018-07-16\">Monday</TIMEX3> &lt;here&gt; "
                       "&#233;&#x2014; <![CDATA[<raw> & text]]><!-- note -->\r\nend.\r\n</TEXT>\n"
                       "<MAKEINSTANCE eventID=\"e1\" eiid=\"ei1\" tense=\"PAST\" />\n"
                       "<TLINK lid=\"l1\" eventInstanceID=\"ei1\" relatedToTime=\"t1\" relType=\"IS_INCLUDED\" />\n"
                       "</TimeML>\n",
        // bare TEXT, no title; UTF-8 text
        kHead + kDct + "<TEXT>Caf\xC3\xA9 owners met on Tuesday.</TEXT></TimeML>",
        // TEXT not a child of the root; DCT found by functionInDocument
        "<TimeML><BODY><TEXT>Nested text.</TEXT></BODY><X><TIMEX3 value=\"2001-02-03\" "
        "functionInDocument=\"CREATION_TIME\">x</TIMEX3></X></TimeML>",
        // errors: broken XML (unclosed tag, bad end tag, garbage after), no TEXT, invalid UTF-8,
        // no DCT, an impossible DCT
        kHead + kDct + "<TEXT>Talks <EVENT>began</TEXT></TimeML>",
        kHead + kDct + "<TEXT>Talks began</TEXT>",
        kHead + kDct + "<TEXT>Talks began</TEXT></TimeML></TimeML>",
        kHead + kDct + "<TEXT a=>x</TEXT></TimeML>",
        kHead + kDct + "</TimeML>",
        kHead + kDct + "<TEXT>Caf\xC3\x28 owners</TEXT></TimeML>",
        kHead + "<TEXT>No date here.</TEXT></TimeML>",
        kHead + "<DCT><TIMEX3 value=\"2018-02-30\" functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT>"
                "<TEXT>An impossible date.</TEXT></TimeML>",
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i);
        check_same_as_read_timeml(cases[i], doc);
    }
    // An explicit date replaces the DCT, and makes a file without one readable.
    const auto date = parse_date("2020-01-02", "test");
    check_same_as_read_timeml(cases[1], doc, date);
    check_same_as_read_timeml(kHead + "<TEXT>No date here.</TEXT></TimeML>", doc, date);

    const auto shared = shared_dir();
    if (!shared) {
        MESSAGE("skipping the corpus part: no shared corpora (set CHRONOLINE_SHARED)");
        return;
    }
    std::size_t files = 0;
    for (const char* corpus : {"timebank", "aquaint"}) {
        const fs::path dir = *shared / "corpus" / corpus;
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() != ".tml") continue;
            CAPTURE(entry.path().string());
            check_same_as_read_timeml(slurp(entry.path()), doc);
            ++files;
        }
    }
    CHECK(files > 0);
}

TEST_CASE("the TimeML readers give TEXT's character data in order whatever an element starts with") {
    // An element's leading text is parsed as its value (parse_embed_pcdata), the rest as nodes:
    // text first, a tag first, a comment or CDATA first, nested tags, an empty tag.
    const std::string content =
        kHead + kDct +
        "<TEXT><EVENT eid=\"e1\" class=\"OCCURRENCE\">Talks</EVENT> began <TIMEX3 tid=\"t1\" type=\"DATE\" "
        "value=\"2018-07-16\"><EVENT eid=\"e2\" class=\"STATE\">x</EVENT> Monday</TIMEX3><EVENT eid=\"e3\" "
        "class=\"STATE\"><!-- c -->after</EVENT> and <EVENT eid=\"e4\" class=\"STATE\"><![CDATA[<c>]]>d</EVENT>"
        "<EVENT eid=\"e5\" class=\"STATE\"></EVENT>.</TEXT>\n</TimeML>\n";
    const std::string expected = "Talks began x Mondayafter and <c>d.";
    const Document full = read_timeml(content, "in.tml");
    auto span_text = [&](const Span& span) { return full.text.substr(span.begin, span.size()); };
    CHECK(full.text == expected);
    REQUIRE(full.timexes.size() == 1);
    CHECK(span_text(full.timexes[0].span) == "x Monday");
    std::vector<std::string> events;
    for (const Event& e : full.events) events.push_back(span_text(e.span));
    std::sort(events.begin(), events.end());
    CHECK(events == std::vector<std::string>{"", "<c>d", "Talks", "after", "x"});
    std::string buffer = content;
    Document in_place;
    read_timeml_text_in_place(buffer, "in.tml", std::nullopt, in_place, true);
    CHECK(in_place.text == expected);
}

TEST_CASE("read_file_into reads a file whole into a reused buffer, and names what went wrong") {
    const auto dir = scratch_dir("read-file");
    std::string big(300000, 'a');
    for (std::size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>(i % 256);  // NULs and all
    spit(dir / "big.bin", big);
    spit(dir / "small.txt", "short");
    spit(dir / "empty.txt", "");
    std::string buffer;
    read_file_into(dir / "big.bin", buffer);
    CHECK(buffer == big);
    read_file_into(dir / "small.txt", buffer);
    CHECK(buffer == "short");
    read_file_into(dir / "empty.txt", buffer);
    CHECK(buffer.empty());
    CHECK(read_file(dir / "big.bin") == big);
    CHECK_THROWS_WITH_AS(read_file_into(dir, buffer), "is a directory", input_error);
    CHECK_THROWS_WITH_AS(read_file_into(dir / "missing.txt", buffer), "cannot open: No such file or directory",
                         input_error);
}

TEST_CASE("an input over the limit (8 MiB unless raised) is refused, a file by its size, a pipe or device by what it gives") {
    const auto dir = scratch_dir("read-huge");
    // A sparse file: its size is refused before anything is read.
    spit(dir / "huge.txt", "x");
    std::filesystem::resize_file(dir / "huge.txt", kDefaultMaxInputBytes + 1);
    std::string buffer = "old";
    CHECK_THROWS_WITH_AS(read_file_into(dir / "huge.txt", buffer), "too large (8.1 MiB; the limit is 8 MiB)",
                         input_error);
    CHECK(buffer.empty());
    // At the limit it is read; a caller may raise the limit, or lower it.
    spit(dir / "limit.txt", std::string(std::size_t{1} << 20, 'x'));
    CHECK(read_file(dir / "limit.txt", std::size_t{1} << 20).size() == std::size_t{1} << 20);
    CHECK_THROWS_WITH_AS(read_file(dir / "limit.txt", (std::size_t{1} << 20) - 1),
                         "too large (1 MiB; the limit is 1048575 bytes)", input_error);
    CHECK_THROWS_WITH_AS(read_file(dir / "limit.txt", 1000), "too large (1 MiB; the limit is 1000 bytes)",
                         input_error);
    // A device with no end: read up to the limit, then refused, its bytes dropped.
    if (std::filesystem::exists("/dev/zero")) {
        CHECK_THROWS_WITH_AS(read_file_into("/dev/zero", buffer), doctest::Contains("too large"), input_error);
        CHECK(buffer.empty());
    }
    // The CLI says so in one line naming the file, and exits 1; the rest of the batch goes on.
    spit(dir / "fine.txt", "The storm hit on Monday.");
    const auto r = run_cli("timeline --date 2020-01-01 --out-dir '" + (dir / "out").string() + "' '" +
                           (dir / "huge.txt").string() + "' '" + (dir / "fine.txt").string() + "'");
    CHECK(r.exit_code == 1);
    CHECK(r.err == "chronoline: " + (dir / "huge.txt").string() + ": too large (8.1 MiB; the limit is 8 MiB)\n");
    CHECK(std::filesystem::exists(dir / "out" / "fine.txt"));
    CHECK(!std::filesystem::exists(dir / "out" / "huge.txt"));
    // --max-input-mib raises the limit (the sparse file is then read: NUL bytes, refused as binary).
    const auto raised = run_cli("timeline --date 2020-01-01 --max-input-mib 9 '" + (dir / "huge.txt").string() + "'");
    CHECK(raised.exit_code == 1);
    CHECK(raised.err.find("binary") != std::string::npos);
    const auto zero = run_cli("timeline --date 2020-01-01 --max-input-mib 0 '" + (dir / "fine.txt").string() + "'");
    CHECK(zero.exit_code == 2);
    // Standard input with no end (a device here; a pipe alike) is read to the limit, refused.
    if (std::filesystem::exists("/dev/zero")) {
        const auto err = dir / "stdin.err";
        const std::string cmd = "'" + cli_path().string() + "' timeline --date 2020-01-01 - </dev/zero >/dev/null 2>'" +
                                err.string() + "'";
        const int status = std::system(cmd.c_str());
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 1));
        CHECK(slurp(err) == "chronoline: <stdin>: too large (more than 8 MiB; the limit is 8 MiB)\n");
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("write_file_atomically replaces a file whole and leaves no temporary file") {
    const auto dir = scratch_dir("write-file");
    const std::string long_content(100000, 'x');
    write_file_atomically(dir / "out.tml", long_content);
    CHECK(slurp(dir / "out.tml") == long_content);
    write_file_atomically(dir / "out.tml", "short");
    CHECK(slurp(dir / "out.tml") == "short");
    write_file_atomically(dir / "empty.tml", "");
    CHECK(fs::exists(dir / "empty.tml"));
    CHECK(fs::file_size(dir / "empty.tml") == 0);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"empty.tml", "out.tml"});
    CHECK_THROWS_AS(write_file_atomically(dir / "no-such-folder" / "out.tml", "x"), output_error);
    try {
        write_file_atomically(dir / "no-such-folder" / "out.tml", "x");
    } catch (const output_error& e) {
        CHECK(std::string(e.what()).starts_with("cannot write " + (dir / "no-such-folder" / "out.tml").string()));
    }
}

TEST_CASE("write_file_atomically_unless and OutputFolder replace only what they may, and leave no temporary") {
    const auto dir = scratch_dir("write-unless");
    auto names_in = [](const fs::path& d) {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    int asked = 0;
    const std::function<bool(const FileId&)> yes = [&](const FileId&) { ++asked; return true; };
    const std::function<bool(const FileId&)> no = [&](const FileId&) { ++asked; return false; };
    // A new file: written, and nobody is asked.
    CHECK(write_file_atomically_unless(dir / "a.tml", "first", no));
    CHECK(asked == 0);
    CHECK(slurp(dir / "a.tml") == "first");
    // An existing one: replaced when allowed, left alone (and nothing left behind) when not.
    CHECK(write_file_atomically_unless(dir / "a.tml", "second", yes));
    CHECK(asked == 1);
    CHECK(slurp(dir / "a.tml") == "second");
    CHECK_FALSE(write_file_atomically_unless(dir / "a.tml", "third", no));
    CHECK(asked == 2);
    CHECK(slurp(dir / "a.tml") == "second");
    CHECK(names_in(dir) == std::vector<std::string>{"a.tml"});
    // The identity given is the existing file's.
    FileId seen;
    const auto expected = file_id(dir / "a.tml");
    REQUIRE(expected);
    CHECK_FALSE(write_file_atomically_unless(dir / "a.tml", "x", [&](const FileId& id) { seen = id; return false; }));
    CHECK(seen == *expected);
    CHECK_FALSE(file_id(dir / "nothing-here"));

    // The same through an open folder, by name.
    OutputFolder folder(dir);
    CHECK(folder.write("b.tml", "bee", "shown", no));
    CHECK(slurp(dir / "b.tml") == "bee");
    CHECK_FALSE(folder.write("b.tml", "other", "shown", no));
    CHECK(slurp(dir / "b.tml") == "bee");
    CHECK(folder.write("b.tml", "new bee", "shown", yes));
    CHECK(slurp(dir / "b.tml") == "new bee");
    CHECK(names_in(dir) == std::vector<std::string>{"a.tml", "b.tml"});
    // A directory in the way is an output error naming the shown path.
    fs::create_directories(dir / "sub.tml");
    CHECK_THROWS_WITH_AS(folder.write("sub.tml", "x", "SHOWN", yes), doctest::Contains("cannot write SHOWN"), output_error);
    CHECK(names_in(dir) == std::vector<std::string>{"a.tml", "b.tml", "sub.tml"});
    // A folder that does not exist: an output error, not a crash.
    OutputFolder missing(dir / "no-such-folder");
    CHECK_THROWS_AS(missing.write("c.tml", "x", "c", yes), output_error);
}

TEST_CASE("the batch's TimeML equals load_input + run + write_timeml, file for file") {
    const auto shared = shared_dir();
    if (!shared) {
        MESSAGE("skipping: no shared corpora (set CHRONOLINE_SHARED)");
        return;
    }
    // Gold-annotated files (their tags must be dropped the same way) and a plain-text seed.
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator(*shared / "corpus" / "timebank"))
        if (entry.path().extension() == ".tml") inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    inputs.resize(std::min<std::size_t>(inputs.size(), 12));
    REQUIRE_FALSE(inputs.empty());
    const auto out = scratch_dir("batch-timeml");
    std::string args = "timeline --format timeml --out-dir '" + out.string() + "'";
    for (const auto& in : inputs) args += " '" + in.string() + "'";
    const auto r = run_cli(args);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const Pipeline pipeline = Pipeline::load(resources_dir());
    for (const auto& in : inputs) {
        CAPTURE(in.string());
        Document doc = pipeline.load_input(in, std::nullopt);
        pipeline.run(doc);
        std::ostringstream expected;
        write_timeml(doc, expected);
        CHECK(slurp(out / in.filename()) == expected.str());
    }
}

namespace {

// The definitions the word-at-a-time scans must agree with, byte by byte.
bool looks_binary_reference(std::string_view s) {
    if (s.find('\0') != std::string_view::npos) return true;
    const std::string_view head = s.substr(0, 1 << 16);
    std::size_t control = 0;
    for (unsigned char c : head)
        control += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v';
    return control > 8 && control * 100 > head.size();
}

}  // namespace

TEST_CASE("looks_binary and check_utf8 judge every byte, wherever it falls in a word") {
    // Control characters and non-ASCII bytes at every offset of texts of many lengths.
    const std::string base = "Talks resumed on Tuesday,\nofficials said.\t\r\n";
    for (std::size_t length = 0; length < 140; length += 3) {
        std::string text;
        while (text.size() < length) text += base;
        text.resize(length);
        for (std::size_t at = 0; at < length; ++at) {
            CAPTURE(length);
            CAPTURE(at);
            std::string t = text;
            // Twelve control characters in a row from `at`: binary if they are over 1 %.
            for (std::size_t k = at; k < std::min(length, at + 12); ++k) t[k] = '\x01';
            CHECK(looks_binary(t) == looks_binary_reference(t));
            CHECK(inspect_input_bytes(t).binary == looks_binary_reference(t));
            CHECK(inspect_input_bytes(t).ascii);
            t[at] = '\0';  // a NUL anywhere is binary
            CHECK(inspect_input_bytes(t).binary);
            t = text;
            t[at] = '\xC3';  // a lead byte without its continuation (unless one follows by chance)
            CHECK_FALSE(inspect_input_bytes(t).ascii);
            CHECK(inspect_input_bytes(t).binary == looks_binary_reference(t));
            const bool valid = at + 1 < length && (static_cast<unsigned char>(t[at + 1]) & 0xC0) == 0x80;
            if (valid) CHECK_NOTHROW(check_utf8(t));
            else {
                const std::string expected = at + 1 < length
                                                 ? "invalid UTF-8 (bad continuation byte) at byte " + std::to_string(at + 1)
                                                 : "invalid UTF-8 (truncated sequence) at byte " + std::to_string(at);
                CHECK_THROWS_WITH_AS(check_utf8(t), expected.c_str(), input_error);
            }
        }
    }
    // Many stray controls far apart stay text when they are few per hundred bytes.
    std::string sparse(5000, 'a');
    for (std::size_t k = 0; k < sparse.size(); k += 250) sparse[k] = '\x02';
    CHECK(looks_binary(sparse) == looks_binary_reference(sparse));
    CHECK_FALSE(looks_binary(sparse));
    CHECK_FALSE(inspect_input_bytes(sparse).binary);
    // Past the first 64 KiB only a NUL makes binary (controls are counted in the head), at any
    // offset of a word; and a blank input is told apart.
    std::string big(70000, 'a');
    for (std::size_t at : {std::size_t{65536}, std::size_t{65551}, std::size_t{69990}, big.size() - 1}) {
        CAPTURE(at);
        std::string t = big;
        t[at] = '\x01';
        CHECK(inspect_input_bytes(t).binary == looks_binary_reference(t));
        t[at] = '\0';
        CHECK(inspect_input_bytes(t).binary);
        t[at] = '\xE9';
        CHECK_FALSE(inspect_input_bytes(t).ascii);
    }
    CHECK(inspect_input_bytes(" \t\r\n\f\v").blank);
    CHECK(inspect_input_bytes("").blank);
    CHECK_FALSE(inspect_input_bytes("  x ").blank);
}

TEST_CASE("read_timeml_text equals read_timeml on XML edge cases and on damaged TimeML files") {
    Document doc;
    // Unusual but valid shapes and broken ones: each must come out exactly as read_timeml gives
    // it (the same text, DCT and title, or the same error).
    const std::string dct = "<DCT><TIMEX3 tid=\"t0\" value=\"2018-07-19\" functionInDocument=\"CREATION_TIME\"/></DCT>";
    const std::vector<std::string> cases = {
        "<TimeML>" + dct + "<TEXT>a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;</TEXT></TimeML>",
        "<TimeML>" + dct + "<TEXT>bad &amp entity &foo; &#65; &#x41;</TEXT></TimeML>",
        "<TimeML>" + dct + "<TEXT>cr\rlf\r\ncrcr\r\r\nend</TEXT></TimeML>",
        "<TimeML>" + dct + "<TEXT>x<![CDATA[a]]>y<!-- c -->z<?pi x?>w</TEXT></TimeML>",
        "<!DOCTYPE TimeML><TimeML>" + dct + "<TEXT>doctype</TEXT></TimeML>",
        "\xEF\xBB\xBF<TimeML>" + dct + "<TEXT>bom</TEXT></TimeML>",
        "  <?xml version=\"1.0\"?><TimeML>" + dct + "<TEXT>space before the declaration</TEXT></TimeML>",
        "<?xml version=\"1.0\"?>\n<!-- c --><TimeML>" + dct + "<TEXT>comment before the root</TEXT></TimeML>",
        "<TimeML>" + dct + "<TEXT>trailing</TEXT></TimeML>\n<!-- after -->\n",
        "<TimeML>" + dct + "<TEXT>trailing text</TEXT></TimeML>junk",
        "<TimeML>" + dct + "<TEXT>two roots</TEXT></TimeML><TimeML/>",
        "<TimeML>" + dct + "<TEXT>one</TEXT><TEXT>two</TEXT></TimeML>",
        "<TimeML><A><TEXT>nested first</TEXT></A>" + dct + "</TimeML>",
        "<TEXT><DCT><TIMEX3 value=\"2001-01-01\" functionInDocument=\"CREATION_TIME\"/></DCT>root is TEXT</TEXT>",
        "<TimeML><TITLE>\n<B>bold</B> rest</TITLE>" + dct + "<TEXT>t</TEXT></TimeML>",
        "<TimeML><TITLE><B>bold</B> rest &amp; more</TITLE><TITLE>second</TITLE>" + dct + "<TEXT>t</TEXT></TimeML>",
        "<TimeML><TITLE/>" + dct + "<TEXT>t</TEXT></TimeML>",
        "<TimeML><DCT>no timex</DCT><X><TIMEX3 value=\"2002-02-02\" functionInDocument=\"CREATION_TIME\"/></X>"
        "<TEXT>t</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 functionInDocument=\"CREATION_TIME\"/></DCT><TEXT>no value</TEXT></TimeML>",
        "<TimeML><DCT><X><TIMEX3 value=\"2003-03-03\"/></X></DCT><DCT><TIMEX3 value=\"2004-04-04\"/></DCT>"
        "<TEXT>second DCT</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2005-05-05\" value=\"2006-06-06\"/></DCT><TEXT>two values</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=' 2007-07-07'/></DCT><TEXT>single quotes</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2008-08-08\n\"/></DCT><TEXT>line break in the value</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2009-09-09&#32;\"/></DCT><TEXT>reference in the value</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2010-10-10\"/></DCT><TEXT a = \"1\"\tb='2' >spaces in the tag</TEXT ></TimeML >",
        "<TimeML><DCT><TIMEX3 value=\"2011-11-11\"/></DCT><TEXT a=\"1\"b=\"2\">no space between</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2012-12-12\"/></DCT><TEXT a=\"<\">lt in a value</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2013-01-01\"/></DCT><TEXT>a < b</TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2014-01-01\"/></DCT><TEXT>x</TEXT></TimeML",
        "<TimeML><DCT><TIMEX3 value=\"2015-01-01\"/></DCT><TEXT>x</TEXT></TimeMl>",
        "<TimeML><DCT><TIMEX3 value=\"2016-01-01\"/></DCT><TEXT>x</TEXT></>",
        "<TimeML><DCT><TIMEX3 value=\"2017-01-01\"/></DCT><TEXT>x</TEXT><Y/ ></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2018-01-01\"/></DCT><TEXT>x</TEXT><1a/></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2019-01-01\"/></DCT><TEXT>caf\xC3\xA9 <n\xC3\xA9>x</n\xC3\xA9></TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2020-01-01\"/></DCT><TEXT>unclosed <EVENT>x</TEXT>",
        "<TimeML/>",
        "",
        "   ",
        "<TimeML><DCT><TIMEX3 value=\"2021-01-01\"/></DCT><TEXT></TEXT></TimeML>",
        "<TimeML><DCT><TIMEX3 value=\"2022-01-01\"/></DCT><TEXT/></TimeML>",
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i);
        CAPTURE(cases[i]);
        check_same_as_read_timeml(cases[i], doc);
    }

    // Damaged real files: bytes deleted, doubled or replaced by markup characters at random
    // places (a fixed seed, so a failure repeats).
    const auto shared = shared_dir();
    if (!shared) {
        MESSAGE("skipping the damaged-file part: no shared corpora (set CHRONOLINE_SHARED)");
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(*shared / "corpus" / "timebank"))
        if (entry.path().extension() == ".tml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&](std::uint64_t bound) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state % bound;
    };
    const std::string markup = "<>&/\"'=!?\r\n ;#";
    for (int round = 0; round < 1000; ++round) {
        std::string content = slurp(files[next(files.size())]);
        for (int k = 0, edits = 1 + static_cast<int>(next(3)); k < edits; ++k) {
            const std::size_t at = next(content.size());
            switch (next(3)) {
                case 0: content.erase(at, 1 + next(3)); break;
                case 1: content.insert(at, content.substr(at, 1 + next(12))); break;
                default: content[at] = markup[next(markup.size())]; break;
            }
        }
        CAPTURE(round);
        check_same_as_read_timeml(content, doc);
    }
}

TEST_CASE("two inputs of one name under --out-dir: the first is written, the second refused") {
    const auto dir = scratch_dir("same-name");
    fs::create_directories(dir / "a");
    fs::create_directories(dir / "b");
    spit(dir / "a" / "x.txt", "Officials said Tuesday that the talks would resume.\n");
    spit(dir / "b" / "x.txt", "Officials said Monday that the talks had ended.\n");
    const auto out = dir / "out";
    const auto r = run_cli("timeline --date 2018-07-19 --out-dir '" + out.string() + "' '" + (dir / "a" / "x.txt").string() +
                           "' '" + (dir / "b" / "x.txt").string() + "'");
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("two inputs would both write") != std::string::npos);
    CHECK(r.err.find((dir / "b" / "x.txt").string()) != std::string::npos);
    CHECK(slurp(out / "x.txt").find("Tuesday") != std::string::npos);
}

TEST_CASE("format_date writes YYYY-MM-DD with four-digit years, and other years as printf's %04d does") {
    using namespace std::chrono;
    CHECK(format_date(year_month_day{year{2018}, month{7}, day{19}}) == "2018-07-19");
    CHECK(format_date(year_month_day{year{1}, month{1}, day{1}}) == "0001-01-01");
    CHECK(format_date(year_month_day{year{999}, month{12}, day{31}}) == "0999-12-31");
    CHECK(format_date(year_month_day{year{9999}, month{10}, day{9}}) == "9999-10-09");
    CHECK(format_date(year_month_day{year{0}, month{2}, day{29}}) == "0000-02-29");
    CHECK(format_date(year_month_day{year{10000}, month{1}, day{2}}) == "10000-01-02");
    CHECK(format_date(year_month_day{year{-5}, month{3}, day{4}}) == "-005-03-04");
    CHECK(format_date(year_month_day{year{2001}, month{100}, day{2}}) == "2001-100-02");
}
