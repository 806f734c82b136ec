// Loading of the links stage's resource tables (rule_tables.hpp).
#include "links/rule_tables.hpp"

#include <string_view>

#include "chronoline/error.hpp"
#include "chronoline/graph.hpp"
#include "chronoline/io.hpp"

namespace chronoline::links {

std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path, std::size_t columns) {
    std::string content;
    try {
        content = read_file(path);
    } catch (const input_error&) {
        throw resource_error("cannot read " + path.string());
    }
    std::vector<std::vector<std::string>> rows;
    std::size_t line_no = 0;
    for (std::size_t at = 0; at < content.size();) {
        std::size_t end = content.find('\n', at);
        if (end == std::string::npos) end = content.size();
        std::string_view line(content.data() + at, end - at);
        at = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        for (std::size_t from = 0;;) {
            const std::size_t tab = line.find('\t', from);
            cells.emplace_back(line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
            if (tab == std::string_view::npos) break;
            from = tab + 1;
        }
        if (cells.size() != columns)
            throw resource_error(path.string() + ":" + std::to_string(line_no) + ": expected " + std::to_string(columns) +
                                 " tab-separated columns");
        rows.push_back(std::move(cells));
    }
    return rows;
}

namespace {

// read_table's rows whose last cell must be a relType.
std::vector<std::vector<std::string>> read_rel_table(const std::filesystem::path& path, std::size_t columns) {
    auto rows = read_table(path, columns);
    for (const auto& row : rows)
        if (!is_known_rel_type(row.back())) throw resource_error(path.string() + ": unknown relType " + row.back());
    return rows;
}

}  // namespace

RuleTables RuleTables::load(const std::filesystem::path& dir) {
    RuleTables r;
    for (auto& row : read_rel_table(dir / "duration_anchors.txt", 2)) r.duration_anchors.emplace_back(row[0], row[1]);
    for (auto& row : read_rel_table(dir / "aspect_signals.txt", 3)) r.aspect_signals.push_back({row[0], row[1], row[2]});
    for (auto& row : read_table(dir / "forward_modals.txt", 1)) r.forward_modals.push_back(row[0]);
    return r;
}

}  // namespace chronoline::links
