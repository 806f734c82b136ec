#include <iomanip>
#include <ostream>

#include "chronoline/error.hpp"
#include "chronoline/evaluation.hpp"
#include "chronoline/io.hpp"

namespace chronoline {

CorpusEvaluation evaluate_corpus(const Pipeline& pipeline, const std::vector<std::filesystem::path>& gold_files,
                                 bool gold_entities,
                                 const std::function<void(const std::filesystem::path&, const std::string&)>& on_error) {
    CorpusEvaluation result;
    result.gold_entities = gold_entities;
    for (const auto& file : gold_files) {
        try {
            const Document gold = read_timeml(read_file(file), file.string());
            Document system;
            if (gold_entities) {
                system = gold;
                pipeline.run_links(system);
            } else {
                system.name = gold.name;
                system.text = gold.text;
                system.dct = gold.dct;
                system.dct_value = gold.dct_value;
                pipeline.run(system);
                result.timex.add(gold, system);
                result.events.add(gold, system);
            }
            result.links.add(gold, system);
            ++result.documents;
        } catch (const error& e) {
            on_error(file, e.what());
        }
    }
    return result;
}

namespace {

void prf_line(std::ostream& out, const char* name, const Prf& p) {
    out << "  " << std::left << std::setw(22) << name << std::right << std::fixed << std::setprecision(4)
        << " P " << p.precision << "  R " << p.recall << "  F1 " << p.f1 << '\n';
}
void value_line(std::ostream& out, const char* name, double v) {
    out << "  " << std::left << std::setw(22) << name << std::right << std::fixed << std::setprecision(4) << ' ' << v
        << '\n';
}
void prf_json(std::ostream& out, const char* name, const Prf& p) {
    out << '"' << name << "\": {\"precision\": " << p.precision << ", \"recall\": " << p.recall
        << ", \"f1\": " << p.f1 << '}';
}

}  // namespace

void write_evaluation_text(const CorpusEvaluation& e, std::ostream& out) {
    out << "documents: " << e.documents << '\n';
    if (!e.gold_entities) {
        out << "time expressions (gold " << e.timex.gold << ", system " << e.timex.system << ")\n";
        prf_line(out, "strict", e.timex.strict());
        prf_line(out, "relaxed", e.timex.relaxed());
        value_line(out, "type accuracy", e.timex.type_accuracy());
        value_line(out, "value accuracy", e.timex.value_accuracy());
        prf_line(out, "value", e.timex.value());
        out << "events (gold " << e.events.gold << ", system " << e.events.system << ")\n";
        prf_line(out, "strict", e.events.strict());
        prf_line(out, "relaxed", e.events.relaxed());
        value_line(out, "class accuracy", e.events.class_accuracy());
        value_line(out, "tense accuracy", e.events.tense_accuracy());
        value_line(out, "aspect accuracy", e.events.aspect_accuracy());
        value_line(out, "polarity accuracy", e.events.polarity_accuracy());
    }
    out << "temporal links (" << (e.gold_entities ? "gold entities" : "end to end") << ")\n";
    prf_line(out, "temporal awareness", e.links.awareness());
}

void write_evaluation_json(const CorpusEvaluation& e, std::ostream& out) {
    out << std::fixed << std::setprecision(4) << "{\"documents\": " << e.documents
        << ", \"gold_entities\": " << (e.gold_entities ? "true" : "false");
    if (!e.gold_entities) {
        out << ", \"timex\": {\"gold\": " << e.timex.gold << ", \"system\": " << e.timex.system << ", ";
        prf_json(out, "strict", e.timex.strict());
        out << ", ";
        prf_json(out, "relaxed", e.timex.relaxed());
        out << ", \"type_accuracy\": " << e.timex.type_accuracy() << ", \"value_accuracy\": " << e.timex.value_accuracy()
            << ", ";
        prf_json(out, "value", e.timex.value());
        out << "}, \"events\": {\"gold\": " << e.events.gold << ", \"system\": " << e.events.system << ", ";
        prf_json(out, "strict", e.events.strict());
        out << ", ";
        prf_json(out, "relaxed", e.events.relaxed());
        out << ", \"class_accuracy\": " << e.events.class_accuracy() << ", \"tense_accuracy\": "
            << e.events.tense_accuracy() << ", \"aspect_accuracy\": " << e.events.aspect_accuracy()
            << ", \"polarity_accuracy\": " << e.events.polarity_accuracy() << '}';
    }
    out << ", \"links\": {";
    prf_json(out, "temporal_awareness", e.links.awareness());
    out << "}}\n";
}

}  // namespace chronoline
