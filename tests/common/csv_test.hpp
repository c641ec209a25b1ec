// csv_test.hpp: checks of common/io/csv.hpp. The good files (CRLF, byte-order mark, blank lines,
// spaces, chosen columns) must read exactly; every bad one must be refused with a CsvError
// that points at FILE:LINE:COLUMN and says what is wrong, including megabytes of binary
// garbage, which must be refused at once with a short message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "common/io/csv.hpp"

namespace csv_test {

// Bytes the program holds from operator new now, and the most since reset_heap_peak():
// defined in tests/common_test.cpp, which counts every operator new and delete.
std::size_t heap_in_use();
std::size_t heap_peak();
void reset_heap_peak();

// The message of the CsvError that parse_csv raises, or "" if it raises none.
inline std::string csv_error(std::string_view text, const std::vector<std::string>& columns = {}) {
    try {
        common::parse_csv(text, "t.csv", columns);
    } catch (const common::CsvError& e) {
        return e.what();
    }
    return {};
}

// n bytes of deterministic noise (all 256 values), like a binary file opened by mistake.
inline std::string garbage(std::size_t n) {
    std::string s(n, '\0');
    std::uint64_t x = 88172645463325252ull;
    for (char& c : s) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c = static_cast<char>(x >> 56);
    }
    return s;
}

}  // namespace csv_test

inline void test_csv(common::Checker& check) {
    using common::parse_csv;
    using csv_test::csv_error;

    // Good files.
    {
        const common::CsvTable t = parse_csv("a,b,c\n1,2,3\n4,5.5,-6e-1\n", "t.csv");
        check.that("csv: header holds the column names in file order",
                   t.header == std::vector<std::string>{"a", "b", "c"});
        check.that("csv: one row per data line, one column per field",
                   t.rows.rows() == 2 && t.rows.cols() == 3);
        check.that("csv: values read exactly (1, 5.5, -0.6)",
                   t.rows(0, 0) == 1 && t.rows(1, 1) == 5.5 && t.rows(1, 2) == -0.6);
        check.that("csv: path keeps the name given", t.path == "t.csv");
        check.that("csv: column() gives the index of a name", t.column("c") == 2);
        check.throws("csv: column() of a missing name lists the columns", [&] { t.column("z"); },
                     "t.csv: no column \"z\"; the columns are \"a\", \"b\", \"c\"");
    }
    {
        const auto t = parse_csv("x,y\r\n1,2\r\n3,4\r\n", "t.csv");
        check.that("csv: CRLF line ends read like LF",
                   t.header.back() == "y" && t.rows.rows() == 2 && t.rows(1, 1) == 4);
    }
    {
        const auto t = parse_csv("\xEF\xBB\xBFx,y\n1,2\n", "t.csv");
        check.that("csv: a UTF-8 byte-order mark is not part of the first name",
                   t.header.front() == "x" && t.rows(0, 0) == 1);
    }
    {
        const auto t = parse_csv("x,y\n1,2\n3,4", "t.csv");
        check.that("csv: the last line counts without a trailing newline",
                   t.rows.rows() == 2 && t.rows(1, 0) == 3 && t.rows(1, 1) == 4);
    }
    {
        const auto t = parse_csv("\nx,y\n\n1,2\n  \r\n\t\n3,4\n\n\n\r\n", "t.csv");
        check.that("csv: blank lines (before, between and after) are skipped",
                   t.rows.rows() == 2 && t.rows(0, 0) == 1 && t.rows(1, 1) == 4);
    }
    {
        const auto t = parse_csv(" x , y\t\n 1 ,\t2 \n", "t.csv");
        check.that("csv: spaces and tabs around names and numbers are trimmed",
                   t.header == std::vector<std::string>{"x", "y"} && t.rows(0, 0) == 1 &&
                       t.rows(0, 1) == 2);
    }
    {
        const auto t = parse_csv("x\n+1.5\n.25\n-0\n1e-3\n1E3\n", "t.csv");
        check.that("csv: +1.5, .25, -0, 1e-3 and 1E3 are numbers",
                   t.rows(0, 0) == 1.5 && t.rows(1, 0) == 0.25 && t.rows(2, 0) == 0 &&
                       t.rows(3, 0) == 1e-3 && t.rows(4, 0) == 1e3);
    }
    {
        const auto t = parse_csv(
            "date,temp_max,temp_min\n2012-01-01,12.8,5.0\n2012-01-02,10.6,2.8\n", "t.csv",
            {"temp_min", "temp_max"});
        check.that("csv: chosen columns are kept in file order, others not parsed",
                   t.header == std::vector<std::string>{"temp_max", "temp_min"} &&
                       t.rows.cols() == 2 && t.rows(0, 0) == 12.8 && t.rows(1, 1) == 2.8);
        check.throws("csv: column() names only the kept columns", [&] { t.column("date"); },
                     "the columns are \"temp_max\", \"temp_min\"");
    }
    check.that("csv: a column not kept may hold anything but control bytes",
               csv_error("name,v\nn/a,1\n\"q\",2\n", {"v"}).empty());

    // Whole-file problems.
    check.throws("csv: an empty file is refused", [&] { parse_csv("", "t.csv"); },
                 "t.csv:1: the file is empty");
    check.throws("csv: a file of blank lines and a BOM counts as empty",
                 [&] { parse_csv("\xEF\xBB\xBF\n \r\n\n", "t.csv"); }, "the file is empty");
    check.throws("csv: a header without data lines is refused",
                 [&] { parse_csv("a,b\n\n\n", "t.csv"); }, "t.csv:1: only a header, no data lines");
    check.throws("csv: a header without a newline nor data is refused",
                 [&] { parse_csv("a,b", "t.csv"); }, "only a header");

    // Header problems.
    check.throws("csv: a duplicate name names both columns",
                 [&] { parse_csv("a,b,a\n1,2,3\n", "t.csv"); },
                 "t.csv:1:3 (\"a\"): the column name is used twice (columns 1 and 3)");
    check.throws("csv: names are compared after trimming",
                 [&] { parse_csv("a, a\n1,2\n", "t.csv"); }, "used twice");
    check.throws("csv: an empty name is refused with its column",
                 [&] { parse_csv("a,,c\n1,2,3\n", "t.csv"); }, "t.csv:1:2: the column has no name");
    check.throws("csv: a trailing comma in the header is an empty name",
                 [&] { parse_csv("a,b,\n1,2,3\n", "t.csv"); }, "t.csv:1:3: the column has no name");
    {
        const std::string msg = csv_error("age,sex,bmi\n1,2,3\n", {"age", "bp"});
        check.that("csv: a requested column the header lacks lists the available ones",
                   msg.find("t.csv:1: no column \"bp\"") != std::string::npos &&
                       msg.find("\"age\", \"sex\", \"bmi\"") != std::string::npos,
                   msg);
    }
    check.throws("csv: a header that is not UTF-8 is refused",
                 [&] { parse_csv("a,\xFF\xFE\n1,2\n", "t.csv"); }, "t.csv:1:2: the column name");

    // Row problems: FILE:LINE:COLUMN ("name").
    check.throws("csv: ragged row names file, line and column",
                 [&] { parse_csv("a,b\n1,2\n3\n", "t.csv"); }, "t.csv:3:");
    check.throws("csv: a short row names the first missing column and both counts",
                 [&] { parse_csv("a,b,c\n1,2,3\n4,5\n", "t.csv"); },
                 "t.csv:3:3 (\"c\"): missing field; expected 3 fields (as in the header), found 2");
    check.throws("csv: a long row names the first extra field",
                 [&] { parse_csv("a,b\n1,2,3\n", "t.csv"); },
                 "t.csv:2:3: extra field; expected 2 fields (as in the header), found 3");
    check.throws("csv: a non-number names line, column and the text",
                 [&] {
                     parse_csv("age,sex,bmi\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n4,5,abc\n",
                               "data.csv");
                 },
                 "data.csv:7:3 (\"bmi\"): \"abc\" is not a number");
    check.throws("csv: trailing junk after a number is refused",
                 [&] { parse_csv("a\n1.5x\n", "t.csv"); },
                 "t.csv:2:1 (\"a\"): \"1.5x\" is not a number");
    check.throws("csv: a number with a space inside is refused",
                 [&] { parse_csv("a\n1 5\n", "t.csv"); }, "\"1 5\" is not a number");
    check.throws("csv: a quoted number says quotes are not supported",
                 [&] { parse_csv("a\n\"1\"\n", "t.csv"); }, "quoted fields are not supported");
    check.throws("csv: an empty field in a kept column is refused",
                 [&] { parse_csv("a,b\n1,\n", "t.csv"); }, "t.csv:2:2 (\"b\"): empty field");
    check.throws("csv: NaN is not a finite number", [&] { parse_csv("a\nNaN\n", "t.csv"); },
                 "t.csv:2:1 (\"a\"): \"NaN\" is not a finite number");
    check.throws("csv: inf is not a finite number", [&] { parse_csv("a\n1\ninf\n", "t.csv"); },
                 "t.csv:3:1 (\"a\"): \"inf\" is not a finite number");
    check.throws("csv: -Infinity is not a finite number",
                 [&] { parse_csv("a\n-Infinity\n", "t.csv"); }, "not a finite number");
    check.throws("csv: 1e999 overflows a double", [&] { parse_csv("a\n1e999\n", "t.csv"); },
                 "t.csv:2:1 (\"a\"): \"1e999\" is out of the range of a double");
    check.throws("csv: -1e999 overflows a double", [&] { parse_csv("a\n-1e999\n", "t.csv"); },
                 "out of the range of a double");
    check.throws("csv: line numbers count blank lines and CRLF lines",
                 [&] { parse_csv("a,b\r\n\r\n1,2\r\n\r\n3,x\r\n", "t.csv"); }, "t.csv:5:2 (\"b\")");
    check.throws("csv: line numbers are unchanged by a byte-order mark",
                 [&] { parse_csv("\xEF\xBB\xBF" "a\nx\n", "t.csv"); }, "t.csv:2:1");
    check.throws("csv: a NUL byte is refused as a control byte",
                 [&] { parse_csv(std::string_view("a,b\n1,\0\n", 8), "t.csv"); },
                 "t.csv:2:2 (\"b\"): the field holds the control byte \"\\x00\"");
    check.throws("csv: a NUL byte in a column not kept is refused too",
                 [&] { parse_csv(std::string_view("a,b\n\0,1\n", 8), "t.csv", {"b"}); },
                 "t.csv:2:1 (\"a\")");
    check.throws("csv: lone \\r line ends are explained",
                 [&] { parse_csv("a,b\r1,2\r3,4\r", "t.csv"); },
                 "a carriage return inside the line");

    // Garbage: refused quickly, with a short message.
    {
        const std::string noise = csv_test::garbage(4 << 20);
        const std::string msg = csv_error(noise);
        check.that("csv: 4 MB of binary noise is refused", !msg.empty());
        check.that("csv: the message about binary noise stays short", msg.size() < 300, msg);
        const std::string after = csv_error("a,b\n" + noise);
        check.that("csv: noise after a good header is refused on line 2 with a short message",
                   after.starts_with("t.csv:2:") && after.size() < 300, after);
        const std::string long_field = csv_error("a\n" + std::string(1 << 20, 'x') + "\n");
        check.that("csv: quoted text in messages is cut to about 40 characters",
                   long_field.find("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\"") !=
                           std::string::npos &&
                       long_field.size() < 200,
                   long_field);
    }

    // Files on disk.
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path();
    const std::string missing = (dir / "csv_test_no_such_file.csv").string();
    check.throws("csv: read_csv of a missing file says it cannot open it",
                 [&] { common::read_csv(missing); }, missing + ": cannot open: no such file");
    check.throws("csv: read_csv of a directory says it is a directory",
                 [&] { common::read_csv(dir.string()); }, "it is a directory, not a file");
    {
        const fs::path file = dir / "csv_test_good.csv";
        std::ofstream(file, std::ios::binary) << "x,y\r\n1,2\r\n3,4";
        bool ok = false;
        std::string detail;
        try {
            const auto t = common::read_csv(file.string(), {"y"});
            ok = t.header == std::vector<std::string>{"y"} && t.rows.rows() == 2 &&
                 t.rows(1, 0) == 4 && t.path == file.string();
        } catch (const std::exception& e) {
            detail = e.what();
        }
        std::error_code ec;
        fs::remove(file, ec);
        check.that("csv: read_csv reads a file from disk and keeps the chosen column", ok, detail);
    }

    // A header as R's write.csv writes it, and files with another separator.
    {
        std::string detail;
        bool ok = false;
        try {
            const auto t = parse_csv("\"\",\"date\",\"x\"\n\"1\",\"2020-03-01\",10\n", "t.csv",
                                     {"x"});
            ok = t.header == std::vector<std::string>{"x"} && t.rows(0, 0) == 10;
        } catch (const std::exception& e) {
            detail = e.what();
        }
        check.that("csv: double quotes around header names are dropped (R's write.csv)", ok,
                   detail);
    }
    check.throws("csv: a semicolon-separated file gets a hint about the separator",
                 [&] { parse_csv("a;b\n1;2\n", "t.csv"); },
                 "\"1;2\" is not a number; the file looks separated by semicolons");
    check.throws("csv: a tab-separated file gets a hint about the separator",
                 [&] { parse_csv("a\tb\n1\t2\n", "t.csv"); }, "separated by tabs");
    check.throws("csv: a column missing from a semicolon header gets the hint too",
                 [&] { parse_csv("a;y\n1;2\n", "t.csv", {"y"}); },
                 "no column \"y\" in the header; the columns are \"a;y\"; the file looks "
                 "separated by semicolons");

    // Memory: reading a file of two short columns takes at most 3 times its size (the text,
    // then the values straight into a matrix of the final size). Measured by counting every
    // operator new of this test program (tests/common_test.cpp).
    {
        const fs::path file = dir / "csv_test_two_columns.csv";
        std::string text = "x,y\n";
        for (int k = 0; k < 200000; ++k) {
            text += std::to_string(k % 997) + "." + std::to_string(k % 89) + "," +
                    std::to_string(k % 13) + "." + std::to_string(k % 7) + "\n";
        }
        std::ofstream(file, std::ios::binary) << text;
        const double file_size = double(text.size());
        text = std::string();
        const std::size_t before = csv_test::heap_in_use();
        csv_test::reset_heap_peak();
        std::size_t rows = 0;
        {
            const auto t = common::read_csv(file.string());
            rows = t.rows.rows();
        }
        const double peak = double(csv_test::heap_peak() - before);
        std::error_code ec;
        fs::remove(file, ec);
        check.that("csv: read_csv of " + std::to_string(rows) + " rows of two short columns "
                   "peaks at most at 3 times the file",
                   rows == 200000 && peak <= 3 * file_size,
                   "file " + std::to_string(std::size_t(file_size)) + " bytes, peak " +
                       std::to_string(std::size_t(peak)) + " bytes (" +
                       std::to_string(peak / file_size) + " x)");
    }
}
