// reference.hpp: the reader of the reference case files (FORMAT.md beside this file).
// Every malformed line, unknown key, missing key and wrong matrix size is an error that
// names the file and line: a typo in a case never turns into a skipped or passing test.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/matrix.hpp"

namespace reference {

struct ReferenceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Case {
    std::string file;
    int line = 0;  // the `case` line
    std::string name;
    std::string kind;
    std::map<std::string, std::string> words;     // KEY WORD
    std::map<std::string, double> numbers;        // KEY NUMBER
    std::map<std::string, common::Matrix<double>> matrices;
    std::map<std::string, int> lines;             // where each key was given

    std::string where(const std::string& key) const {
        auto it = lines.find(key);
        return file + ":" + std::to_string(it == lines.end() ? line : it->second);
    }
    const std::string& word(const std::string& key) const {
        auto it = words.find(key);
        if (it == words.end()) throw ReferenceError(where(key) + ": case " + name + " lacks `" + key + "`");
        return it->second;
    }
    double number(const std::string& key) const {
        auto it = numbers.find(key);
        if (it == numbers.end()) throw ReferenceError(where(key) + ": case " + name + " lacks `" + key + "`");
        return it->second;
    }
    bool has(const std::string& key) const {
        return words.count(key) || numbers.count(key) || matrices.count(key);
    }
    // The matrix `key`, which must be rows x cols.
    const common::Matrix<double>& matrix(const std::string& key, std::size_t rows,
                                         std::size_t cols) const {
        auto it = matrices.find(key);
        if (it == matrices.end()) {
            throw ReferenceError(where(key) + ": case " + name + " lacks matrix `" + key + "`");
        }
        if (it->second.rows() != rows || it->second.cols() != cols) {
            throw ReferenceError(where(key) + ": matrix " + key + " is " +
                                 common::shape(it->second.rows(), it->second.cols()) +
                                 ", expected " + common::shape(rows, cols) + " in case " + name);
        }
        return it->second;
    }
    const common::Matrix<double>& matrix(const std::string& key) const {
        auto it = matrices.find(key);
        if (it == matrices.end()) {
            throw ReferenceError(where(key) + ": case " + name + " lacks matrix `" + key + "`");
        }
        return it->second;
    }
};

// The keys each kind may hold (FORMAT.md). Anything else is an error.
struct KindKeys {
    std::set<std::string> words, numbers, matrices;
};
inline const std::map<std::string, KindKeys>& known_kinds() {
    static const std::map<std::string, KindKeys> kinds = {
        // weight_decay and s_max: rules beyond the notes (adamw, adam_l2; amsgrad);
        // float_tolerance: a case's own tolerance in float (reference_check.cpp)
        {"update", {{"rule", "eps_placement"},
                    {"lr", "beta", "beta1", "beta2", "eps", "weight_decay", "float_tolerance"},
                    {"theta0", "grad", "theta", "v", "s", "s_max"}}},
        {"ewma", {{}, {"beta"}, {"x", "v", "v_corrected"}}},
        // lr_min, T_max, warmup, total: the schedules beyond the notes (cosine, warmup_cosine)
        {"schedule", {{"schedule"},
                      {"lr0", "k", "step_length", "lr_min", "T_max", "warmup", "total"},
                      {"lr"}}},
        {"batchnorm", {{}, {"eps", "running_beta"},
                       {"Z", "gamma", "beta", "dZtilde", "mu", "var", "Znorm", "Ztilde", "dZ",
                        "dgamma", "dbeta", "running_mu0", "running_var0", "running_mu",
                        "running_var"}}},
        {"linreg", {{"variant"}, {"batch_size", "lr"},
                    {"X", "y", "theta0", "theta", "cost", "theta_ols"}}},
        // beyond the notes: layer norm (mu and var are 1 x m, one per example)
        {"layernorm", {{}, {"eps"},
                       {"Z", "gamma", "beta", "dZtilde", "mu", "var", "Znorm", "Ztilde", "dZ",
                        "dgamma", "dbeta"}}},
    };
    return kinds;
}

inline bool parse_number(std::string_view token, double& out) {
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
    return ec == std::errc() && end == token.data() + token.size();
}

// Limits that keep a broken or hostile file from taking the machine's memory.
constexpr std::size_t max_matrix_values = 1000000;  // per matrix; the shipped ones hold <= 300
constexpr std::uintmax_t max_file_bytes = 64u << 20;

// Parses the text of a case file; `file` names it in messages.
inline std::vector<Case> parse_cases(std::istream& in, const std::string& file) {
    std::vector<Case> cases;
    Case* open = nullptr;
    std::string text;
    int line = 0;
    auto fail = [&](int at, const std::string& what) {
        throw ReferenceError(file + ":" + std::to_string(at) + ": " + what);
    };
    // A control byte (NUL, ESC, ...) means a binary or compressed file: stop at its first line
    // rather than echo its bytes.
    auto refuse_binary = [&](const std::string& s, int at) {
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                static const char hex[] = "0123456789ABCDEF";
                fail(at, std::string("holds the control byte \\x") + hex[c >> 4] + hex[c & 15] +
                             "; a case file is text (is this file binary or compressed?)");
            }
        }
    };
    auto tokens_of = [](const std::string& s) {
        std::istringstream ss(s);
        std::vector<std::string> t;
        for (std::string w; ss >> w;) t.push_back(w);
        return t;
    };
    while (std::getline(in, text)) {
        ++line;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        refuse_binary(text, line);
        const std::vector<std::string> t = tokens_of(text);
        if (t.empty() || t[0][0] == '#') continue;
        if (t[0] == "case") {
            if (open) fail(line, "`case` inside case " + open->name + " (missing `end`?)");
            if (t.size() != 2) fail(line, "expected `case NAME`");
            cases.push_back({});
            open = &cases.back();
            open->file = file;
            open->line = line;
            open->name = t[1];
            continue;
        }
        if (!open) fail(line, "`" + t[0] + "` outside a case (expected `case NAME`)");
        if (t[0] == "end") {
            if (t.size() != 1) fail(line, "`end` takes nothing after it");
            if (open->kind.empty()) fail(line, "case " + open->name + " has no `kind`");
            open = nullptr;
            continue;
        }
        if (t[0] == "kind") {
            if (t.size() != 2) fail(line, "expected `kind K`");
            if (!open->kind.empty()) fail(line, "second `kind` in case " + open->name);
            if (!known_kinds().count(t[1])) fail(line, "unknown kind `" + t[1] + "`");
            open->kind = t[1];
            continue;
        }
        if (open->kind.empty()) fail(line, "the first line of a case must be `kind K`");
        const KindKeys& keys = known_kinds().at(open->kind);
        if (t[0] == "matrix") {
            if (t.size() != 4) fail(line, "expected `matrix NAME ROWS COLS`");
            const std::string& key = t[1];
            if (!keys.matrices.count(key)) {
                fail(line, "unknown matrix `" + key + "` for kind " + open->kind);
            }
            if (open->matrices.count(key)) fail(line, "matrix `" + key + "` given twice");
            double rows_d = 0, cols_d = 0;
            // bounds first: converting a double beyond size_t's range is undefined
            if (!parse_number(t[2], rows_d) || !parse_number(t[3], cols_d) || !(rows_d >= 1) ||
                !(cols_d >= 1) || rows_d != std::floor(rows_d) || cols_d != std::floor(cols_d)) {
                fail(line, "matrix `" + key + "`: ROWS and COLS must be positive whole numbers");
            }
            if (rows_d * cols_d > double(max_matrix_values)) {  // checked before allocating
                fail(line, "matrix `" + key + "` declares " + t[2].substr(0, 20) + " x " +
                               t[3].substr(0, 20) + " values, more than the " +
                               std::to_string(max_matrix_values) + " a case may hold");
            }
            const std::size_t rows = std::size_t(rows_d), cols = std::size_t(cols_d);
            common::Matrix<double> M(rows, cols);
            open->lines[key] = line;
            for (std::size_t i = 0; i < rows; ++i) {
                if (!std::getline(in, text)) {
                    fail(line, "matrix `" + key + "` ends after " + std::to_string(i) + " of " +
                                   std::to_string(rows) + " rows");
                }
                ++line;
                const std::vector<std::string> row = tokens_of(text);
                if (row.size() != cols) {
                    fail(line, "matrix `" + key + "` row " + std::to_string(i + 1) + " has " +
                                   std::to_string(row.size()) + " numbers, expected " +
                                   std::to_string(cols));
                }
                for (std::size_t j = 0; j < cols; ++j) {
                    if (!parse_number(row[j], M(i, j))) {
                        fail(line, "matrix `" + key + "`: `" + row[j].substr(0, 40) +
                                       "` is not a number");
                    }
                }
            }
            open->matrices[key] = std::move(M);
            continue;
        }
        const std::string& key = t[0];
        if (t.size() != 2) fail(line, "expected `" + key + " VALUE`");
        if (open->lines.count(key)) fail(line, "`" + key + "` given twice");
        if (keys.words.count(key)) {
            open->words[key] = t[1];
        } else if (keys.numbers.count(key)) {
            double x;
            if (!parse_number(t[1], x)) fail(line, "`" + key + "`: `" + t[1] + "` is not a number");
            open->numbers[key] = x;
        } else {
            fail(line, "unknown key `" + key + "` for kind " + open->kind);
        }
        open->lines[key] = line;
    }
    if (open) fail(line, "case " + open->name + " has no `end`");
    return cases;
}

// Reads the case file at `path`: a regular text file of at most max_file_bytes (not a FIFO,
// a device such as /dev/zero or a folder, which could block or never end).
inline std::vector<Case> read_cases(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) throw ReferenceError(path + ": cannot open: no such file");
    if (fs::is_directory(status)) {
        throw ReferenceError(path + ": cannot open: it is a directory; give a case file in it");
    }
    if (!fs::is_regular_file(status)) {
        throw ReferenceError(path + ": cannot open: not a regular file (a pipe or a device?); "
                                    "give a case file");
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_file_bytes) {
        throw ReferenceError(path + ": " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(max_file_bytes) + " a case file may have");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ReferenceError(path + ": cannot open the file (permission?)");
    return parse_cases(in, path);
}

}  // namespace reference
