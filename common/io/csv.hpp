// csv.hpp: reading a data file into a CsvTable (one row per example), with errors a learner
// can act on. Format: comma separated, one header line of column names, then one line of
// numbers per example; no quoting, except double quotes around a column name (as R's
// write.csv writes them), which are dropped. CRLF line ends, a UTF-8 byte-order mark, blank
// lines and spaces around fields are fine. Anything else stops with a CsvError of the form
// FILE:LINE:COLUMN ("name"): what is wrong; what to do.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "common/matrix.hpp"

namespace common {

struct CsvError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CsvTable {
    std::string path;                  // as given, used in messages
    std::vector<std::string> header;   // names of the columns kept, in file order
    Matrix<double> rows;               // one row per data line (example), one column per kept one

    // Index of `name` in header; throws CsvError listing the available columns.
    std::size_t column(std::string_view name) const;
};

namespace csv_detail {

constexpr std::size_t max_quoted = 40;  // longest piece of file text repeated in a message

// The length of the UTF-8 sequence starting at s[i], or 0 if it is not valid UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i);

// s in double quotes, at most max_quoted characters, unprintable bytes written as \xNN.
std::string quote(std::string_view s);

std::string_view trim(std::string_view s);

// "t.csv:7:3 ("bmi")": where a message points; column is 1-based, 0 for a whole line.
std::string where(const std::string& file, std::size_t line, std::size_t column = 0,
                  std::string_view column_name = {});

// "a", "b", "c" (and N more)
std::string list_names(const std::vector<std::string>& names);

// The first control byte (NUL, a lone carriage return, ...) in a field, or npos.
std::size_t first_control_byte(std::string_view field);

// Throws when a field holds a control byte: the file is binary, or its lines end oddly.
void refuse_control_bytes(std::string_view field, const std::string& at);

// When text holds a semicolon or a tab: a hint that the file uses another separator, else "".
std::string separator_hint(std::string_view text);

// A column name without the double quotes around it ("x" -> x), as R's write.csv writes it.
std::string_view unquote(std::string_view name);

// The lines of text that hold more than spaces and tabs.
std::size_t count_nonblank_lines(std::string_view text);

// Splits a line at commas into `fields` (reused between lines), each trimmed.
void split(std::string_view line, std::vector<std::string_view>& fields);

// Reads the whole field as a finite double into `value`. Returns "" on success, else what is
// wrong with the field and what to do (the caller adds where).
std::string parse_number(std::string_view field, double& value);

}  // namespace csv_detail

// Parses text already in memory; `name` is used in messages. `columns` names the columns to
// keep (the others are not parsed, e.g. a date column); empty keeps all, and all must be numeric.
CsvTable parse_csv(std::string_view text, const std::string& name,
                   const std::vector<std::string>& columns = {});

// Reads the file at `path`, then parse_csv.
CsvTable read_csv(const std::string& path, const std::vector<std::string>& columns = {});

}  // namespace common
