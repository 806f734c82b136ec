// PLACEHOLDER until the events stage lands: finds nothing.
#include <ostream>
#include "chronoline/events.hpp"

namespace chronoline {
struct EventTagger::Impl {};
EventTagger EventTagger::load(const std::filesystem::path&) { return EventTagger(std::make_shared<Impl>()); }
void EventTagger::tag(Document&) const {}
void train_event_model(const std::vector<Document>&, const std::filesystem::path&, std::ostream&, const EventTrainingOptions&) {}
}  // namespace chronoline
