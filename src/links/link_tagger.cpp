// PLACEHOLDER until the links stage lands: finds nothing.
#include <ostream>
#include "chronoline/links.hpp"

namespace chronoline {
struct LinkTagger::Impl {};
LinkTagger LinkTagger::load(const std::filesystem::path&) { return LinkTagger(std::make_shared<Impl>()); }
void LinkTagger::tag(Document&) const {}
void train_link_model(const std::vector<Document>&, std::ostream&, const LinkTrainingOptions&) {}
}  // namespace chronoline
