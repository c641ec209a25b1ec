// csv.cpp: the definitions of common/io/csv.hpp, compiled once into the
// io library that every chapter program links.
#include "common/io/csv.hpp"

namespace common {
namespace csv_detail {

std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

std::string quote(std::string_view s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out = "\"";
    std::size_t shown = 0;
    for (std::size_t i = 0; i < s.size(); ++shown) {
        if (shown == max_quoted) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_length(s, i);
        if (c < 0x20 || c == 0x7F || n == 0) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out + "\"";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string where(const std::string& file, std::size_t line, std::size_t column,
                  std::string_view column_name) {
    std::string s = file + ":" + std::to_string(line);
    if (column > 0) {
        s += ":" + std::to_string(column);
        if (!column_name.empty()) s += " (" + quote(column_name) + ")";
    }
    return s;
}

std::string list_names(const std::vector<std::string>& names) {
    constexpr std::size_t max_listed = 20;
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < max_listed; ++i) {
        s += (i ? ", " : "") + quote(names[i]);
    }
    if (names.size() > max_listed) {
        s += " and " + std::to_string(names.size() - max_listed) + " more";
    }
    return s;
}

std::size_t first_control_byte(std::string_view field) {
    for (std::size_t i = 0; i < field.size(); ++i) {
        const auto c = static_cast<unsigned char>(field[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7F) return i;
    }
    return std::string_view::npos;
}

void refuse_control_bytes(std::string_view field, const std::string& at) {
    const std::size_t i = first_control_byte(field);
    if (i == std::string_view::npos) return;
    const auto c = static_cast<unsigned char>(field[i]);
    if (c == '\r') {
        throw CsvError(at + ": a carriage return inside the line; are the lines ended by a lone "
                            "\\r? save the file with \\n or \\r\\n line ends");
    }
    throw CsvError(at + ": the field holds the control byte " + quote(field.substr(i, 1)) +
                   "; this does not look like a text CSV file (is it binary or compressed?)");
}

std::string separator_hint(std::string_view text) {
    const char* name = text.find(';') != std::string_view::npos    ? "semicolons"
                       : text.find('\t') != std::string_view::npos ? "tabs"
                                                                  : nullptr;
    if (!name) return {};
    return std::string("the file looks separated by ") + name +
           ", but fields are separated by commas here; save it as comma-separated values";
}

std::string_view unquote(std::string_view name) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"' &&
        name.substr(1, name.size() - 2).find('"') == std::string_view::npos) {
        return name.substr(1, name.size() - 2);
    }
    return name;
}

std::size_t count_nonblank_lines(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (!trim(line).empty()) ++count;
        pos = end + 1;
    }
    return count;
}

void split(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) {
            fields.push_back(trim(line.substr(start)));
            return;
        }
        fields.push_back(trim(line.substr(start, comma - start)));
        start = comma + 1;
    }
}

std::string parse_number(std::string_view field, double& value) {
    if (field.empty()) {
        return "empty field; every kept column needs a number on every line (fill it in or "
               "delete the line)";
    }
    std::string_view digits = field;
    if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+') {
        digits.remove_prefix(1);  // from_chars does not take a leading '+'
    }
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) {
        return quote(field) + " is out of the range of a double (magnitudes from about 1e-308 "
                              "to 1.8e308, or 0)";
    }
    if (ec != std::errc() || end != digits.data() + digits.size()) {
        if (field.front() == '"' || field.front() == '\'') {
            return quote(field) + " is not a number; quoted fields are not supported, remove the "
                                  "quotes";
        }
        const std::string hint = separator_hint(field);
        if (!hint.empty()) return quote(field) + " is not a number; " + hint;
        return quote(field) + " is not a number; write a plain number such as 1.5, -2 or 3e-4";
    }
    if (!std::isfinite(value)) {
        return quote(field) + " is not a finite number; NaN and Inf are not allowed (fill in a "
                              "real value or delete the line)";
    }
    return {};
}

}  // namespace csv_detail
}  // namespace common

namespace common {

std::size_t CsvTable::column(std::string_view name) const {
    for (std::size_t j = 0; j < header.size(); ++j)
        if (header[j] == name) return j;
    throw CsvError(path + ": no column " + csv_detail::quote(name) + "; the columns are " +
                   csv_detail::list_names(header));
}

CsvTable parse_csv(std::string_view text, const std::string& name,
                   const std::vector<std::string>& columns) {
    using namespace csv_detail;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark

    // Hands out the lines one by one (without "\n" or "\r\n"), counting them from 1.
    std::size_t pos = 0;
    std::size_t line_number = 0;
    std::string_view line;
    const auto next_line = [&]() {
        if (pos >= text.size()) return false;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        line = text.substr(pos, end - pos);
        if (line.ends_with('\r')) line.remove_suffix(1);
        pos = end + 1;
        ++line_number;
        return true;
    };
    const auto next_nonblank_line = [&]() {
        while (next_line())
            if (!trim(line).empty()) return true;
        return false;
    };

    CsvTable table;
    table.path = name;

    // The header: names must be non-empty, unique, and printable text.
    if (!next_nonblank_line()) {
        throw CsvError(name + ":1: the file is empty; expected a header line of column names "
                              "(such as x1,x2,y) and then one line of numbers per example");
    }
    const std::size_t header_line = line_number;
    std::vector<std::string_view> names;
    split(line, names);
    // "x" as R's write.csv writes it; its row names column is headed "", a column without a
    // name that is fine as long as it is not kept.
    std::vector<bool> quoted_empty(names.size());
    for (std::size_t j = 0; j < names.size(); ++j) {
        quoted_empty[j] = names[j] == "\"\"";
        names[j] = trim(unquote(names[j]));
    }
    std::unordered_map<std::string_view, std::size_t> index;  // name -> 0-based column
    for (std::size_t j = 0; j < names.size(); ++j) {
        const std::string at = where(name, header_line, j + 1);
        refuse_control_bytes(names[j], at);
        for (std::size_t i = 0, n = 0; i < names[j].size(); i += n) {
            n = utf8_length(names[j], i);
            if (n == 0) {
                throw CsvError(at + ": the column name " + quote(names[j]) +
                               " is not UTF-8 text; is this a CSV file?");
            }
        }
        if (names[j].empty() && quoted_empty[j]) continue;
        if (names[j].empty()) {
            throw CsvError(at + ": the column has no name; give every column a name in the "
                                "header line");
        }
        const auto [it, added] = index.emplace(names[j], j);
        if (!added) {
            throw CsvError(where(name, header_line, j + 1, names[j]) +
                           ": the column name is used twice (columns " +
                           std::to_string(it->second + 1) + " and " + std::to_string(j + 1) +
                           "); rename one of them");
        }
    }

    // Which columns to keep: all, or the requested ones in file order.
    std::vector<bool> keep(names.size(), columns.empty());
    for (const std::string& wanted : columns) {
        const auto it = index.find(wanted);
        if (it == index.end()) {
            std::vector<std::string> available(names.begin(), names.end());
            const std::string hint = names.size() == 1 ? separator_hint(names[0]) : "";
            throw CsvError(where(name, header_line) + ": no column " + quote(wanted) +
                           " in the header; the columns are " + list_names(available) +
                           (hint.empty() ? " (check the spelling, or use a file that has it)"
                                         : "; " + hint));
        }
        keep[it->second] = true;
    }
    for (std::size_t j = 0; j < names.size(); ++j) {
        if (keep[j] && names[j].empty()) {
            throw CsvError(where(name, header_line, j + 1) + ": the column has no name (\"\"); "
                           "give every column a name in the header line, or delete it");
        }
        if (keep[j]) table.header.emplace_back(names[j]);
    }

    // The data lines: one row each, the kept fields parsed as finite doubles, straight into a
    // matrix of the final size (counted first), so memory is the text plus the values. A good
    // line takes at least kept + n bytes (a byte per kept value, n - 1 commas, the line end),
    // so more lines than fit the text mean a malformed file: nothing is stored, and a line
    // below is refused. The matrix is thus never more than 4 times the text.
    const std::size_t kept = table.header.size();
    const std::string_view rest = text.substr(std::min(pos, text.size()));
    const std::size_t data_lines = count_nonblank_lines(rest);
    const bool fits = data_lines <= (rest.size() + 1) / (kept + names.size());
    if (fits) table.rows = Matrix<double>(data_lines, kept);
    std::vector<std::string_view> fields;
    std::size_t row_count = 0;
    while (next_nonblank_line()) {
        split(line, fields);
        for (std::size_t j = 0; j < fields.size(); ++j) {
            const std::string_view column_name = j < names.size() ? names[j] : std::string_view{};
            if (first_control_byte(fields[j]) != std::string_view::npos) {
                refuse_control_bytes(fields[j], where(name, line_number, j + 1, column_name));
            }
        }
        if (fields.size() != names.size()) {
            const bool short_row = fields.size() < names.size();
            const std::size_t j = short_row ? fields.size() : names.size();  // first odd field
            throw CsvError(where(name, line_number, j + 1, short_row ? names[j] : "") + ": " +
                           (short_row ? "missing field" : "extra field") + "; expected " +
                           std::to_string(names.size()) + " fields (as in the header), found " +
                           std::to_string(fields.size()) + " (a missing or extra comma?)");
        }
        for (std::size_t j = 0, c = 0; j < fields.size(); ++j) {
            if (!keep[j]) continue;
            double value = 0;
            const std::string problem = parse_number(fields[j], value);
            if (!problem.empty()) {
                throw CsvError(where(name, line_number, j + 1, names[j]) + ": " + problem);
            }
            if (fits) table.rows(row_count, c++) = value;
        }
        ++row_count;
    }
    if (!fits) throw std::logic_error("parse_csv: a malformed file passed every check");
    if (row_count == 0) {
        throw CsvError(where(name, header_line) + ": only a header, no data lines; add one line "
                                                 "of numbers per example below the header");
    }

    return table;
}

CsvTable read_csv(const std::string& path, const std::vector<std::string>& columns) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    const auto cwd = [] {
        std::error_code cwd_ec;
        const fs::path dir = fs::current_path(cwd_ec);
        return cwd_ec ? std::string("unknown") : dir.string();
    };
    if (!fs::exists(status)) {
        throw CsvError(path + ": cannot open: no such file (relative paths start at the "
                              "current directory, " + cwd() + "); check the path");
    }
    if (fs::is_directory(status)) {
        throw CsvError(path + ": cannot open: it is a directory, not a file; give the path of "
                              "a .csv file inside it");
    }
    if (!fs::is_regular_file(status)) {
        throw CsvError(path + ": cannot open: not a regular file; give the path of a .csv file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw CsvError(path + ": cannot open the file (do you have permission to read it?)");
    }
    // One allocation of the file's size (growing a string as it reads would need up to
    // twice that, and copies).
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw CsvError(path + ": cannot read the file: " + ec.message());
    std::string text(std::size_t(size), '\0');
    in.read(text.data(), std::streamsize(text.size()));
    if (in.bad() || std::size_t(in.gcount()) != text.size()) {
        throw CsvError(path + ": cannot read the file (a read error, or it changed while read)");
    }
    return parse_csv(text, path, columns);
}

}  // namespace common
