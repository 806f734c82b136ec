// PLACEHOLDER until the timex stage lands: finds nothing.
#include "chronoline/error.hpp"
#include "chronoline/timex.hpp"

namespace chronoline {
struct TimexTagger::Impl {};
TimexTagger TimexTagger::load(const std::filesystem::path&) { return TimexTagger(std::make_shared<Impl>()); }
std::vector<TimexMention> TimexTagger::extract(const Document&) const { return {}; }
void TimexTagger::resolve(Document&, const std::vector<TimexMention>&) const {}
void TimexTagger::tag(Document& doc) const { resolve(doc, extract(doc)); }
std::optional<std::chrono::year_month_day> TimexTagger::find_dateline(std::string_view) const { return std::nullopt; }
std::vector<std::string> TimexTagger::rule_names() const { return {}; }
}  // namespace chronoline
