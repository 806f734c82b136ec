#include <iomanip>
#include <ostream>

#include "chronoline/error.hpp"
#include "chronoline/evaluation.hpp"
#include "chronoline/io.hpp"

namespace chronoline {

CorpusEvaluation evaluate_corpus(const Pipeline& pipeline, const std::vector<std::filesystem::path>& gold_files,
                                 bool gold_entities,
                                 const std::function<void(const std::filesystem::path&, const std::string&)>& on_error) {
    return evaluate_corpus(pipeline, gold_files, gold_entities, nullptr, on_error);
}

CorpusEvaluation evaluate_corpus(const Pipeline& pipeline, const std::vector<std::filesystem::path>& gold_files,
                                 bool gold_entities, const MatresCorpus* matres,
                                 const std::function<void(const std::filesystem::path&, const std::string&)>& on_error) {
    static const std::vector<MatresPair> kNoPairs;
    CorpusEvaluation result;
    result.has_matres = matres != nullptr;
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
            if (matres) {
                const auto it = matres->find(file.stem().string());
                result.matres.add(it != matres->end() ? it->second : kNoPairs, gold, system);
            }
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

const char* const kDistanceNames[] = {"same sentence", "adjacent sentences", "farther apart"};

void matres_counts_text(const MatresEval::Counts& c, const char* name, std::ostream& out) {
    prf_line(out, name, c.prf());
    out << "    pairs " << c.pairs << ", events found " << c.found << "; MATRES";
    for (std::size_t k = 0; k < 3; ++k) out << ' ' << MatresEval::kLabels[k] << ' ' << c.gold_of(k);
    out << " VAGUE " << c.gold_of(3) << "; system";
    for (std::size_t k = 0; k < 4; ++k) out << ' ' << MatresEval::kLabels[k] << ' ' << c.system_of(k);
    out << "; right " << c.confusion[0][0] + c.confusion[1][1] + c.confusion[2][2] << '\n';
}

void matres_text(const MatresEval& m, std::ostream& out) {
    out << "event order against MATRES (start points; VAGUE as no relation)";
    if (m.documents_without_pairs) out << ", " << m.documents_without_pairs << " documents without pairs";
    out << '\n';
    for (std::size_t d = 0; d < 3; ++d) matres_counts_text(m.by_distance[d], kDistanceNames[d], out);
    matres_counts_text(m.all(), "all pairs", out);
}

void matres_json(const MatresEval& m, std::ostream& out) {
    const char* const keys[] = {"same_sentence", "adjacent_sentences", "farther_apart", "all"};
    out << ", \"matres\": {";
    for (std::size_t d = 0; d < 4; ++d) {
        const MatresEval::Counts c = d < 3 ? m.by_distance[d] : m.all();
        out << (d ? ", " : "") << '"' << keys[d] << "\": {\"pairs\": " << c.pairs << ", \"found\": " << c.found << ", ";
        prf_json(out, "order", c.prf());
        out << '}';
    }
    out << '}';
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
    if (e.has_matres) matres_text(e.matres, out);
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
    out << '}';
    if (e.has_matres) matres_json(e.matres, out);
    out << "}\n";
}

}  // namespace chronoline
