// Golden files for the bundled samples through the whole pipeline, in every format:
// tests/golden/samples/<sample>.<ext>. They move whenever a rule or a model changes what the
// pipeline finds; regenerate them on purpose and read the diff:
//   CHRONOLINE_REGENERATE_GOLDEN=1 build/tests/chronoline_tests -ts=samples-golden
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "chronoline/export.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/pipeline.hpp"
#include "export_support.hpp"

namespace chronoline::test {

TEST_SUITE("samples-golden") {
    TEST_CASE("every sample in every format matches its golden file") {
        const Pipeline pipeline = Pipeline::load(resources_dir());
        std::vector<std::filesystem::path> samples;
        for (const auto& e : std::filesystem::directory_iterator(source_dir() / "samples"))
            if (e.path().extension() == ".txt") samples.push_back(e.path());
        std::sort(samples.begin(), samples.end());
        REQUIRE(samples.size() >= 3);
        const std::pair<const char*, const char*> formats[] = {
            {"text", "txt"}, {"timeml", "tml"}, {"xml", "xml"}, {"dot", "dot"}, {"json", "json"}, {"timelinejs", "timelinejs.json"}};
        for (const auto& sample : samples) {
            // The samples carry their own datelines: no --date.
            Document doc = pipeline.load_input(sample, std::nullopt);
            doc.name = sample.filename().string();  // stable whatever the checkout's path
            pipeline.run(doc);
            const Timeline timeline = build_timeline(doc);
            for (const auto& [format, extension] : formats) {
                std::ostringstream out;
                REQUIRE(write_export(format, doc, timeline, out, ExportOptions{}));
                check_golden(source_dir() / "tests" / "golden" / "samples" / (sample.stem().string() + "." + extension),
                             out.str());
                // A batch builds the timeline without the reduction where the format does not
                // show it: the output must not change, with or without --explain.
                for (const bool explain : {false, true}) {
                    const ExportOptions options{explain};
                    const Timeline lean = build_timeline(doc, TimelineOptions{export_needs_reduced_links(format, options)});
                    std::ostringstream full_out, lean_out;
                    REQUIRE(write_export(format, doc, timeline, full_out, options));
                    REQUIRE(write_export(format, doc, lean, lean_out, options));
                    CAPTURE(format);
                    CAPTURE(explain);
                    CHECK(lean_out.str() == full_out.str());
                }
            }
        }
    }
}

}  // namespace chronoline::test
