// cli.hpp: the chapters' --flag value parsing, with --help, range checks and one-line errors
// that say what to fix (an unknown flag gets a "did you mean"). A chapter binds each flag to a
// field of its Options struct, then calls parse_or_exit(argc, argv); tests call parse(args),
// which throws UsageError instead of exiting. Values: --alpha 0.1 or --alpha=0.1; yes/no flags:
// --standardize, --no-standardize or --standardize=no; lists: --betas 0.5,0.9,0.98.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace common {

// A mistake on the command line; the message is one line that says what to fix.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

namespace cli_detail {

// A number in its shortest exact form: 0.01, 100000, 1e-08.
inline std::string format_number(double x) {
    char buf[64];
    if (x == std::floor(x) && std::abs(x) < 1e15) {
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
        return std::string(buf, r.ptr);
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

// Text from the command line, cut to a readable length for messages.
inline std::string shorten(std::string_view s) {
    constexpr std::size_t max_shown = 60;
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < max_shown; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c < 0x20 || c == 0x7F) ? '?' : s[i];
    }
    if (s.size() > max_shown) {
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
            out.pop_back();  // do not cut a UTF-8 character in half
        }
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
        out += "...";
    }
    return out;
}

// Characters on screen: UTF-8 continuation bytes do not count.
inline std::size_t screen_width(std::string_view s) {
    return std::size_t(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// Words of `text` in lines of at most `width` characters, each line after the first
// starting with `indent` spaces.
inline std::string wrap(std::string_view text, std::size_t indent, std::size_t width) {
    std::string out;
    std::size_t used = indent;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (used > indent && used + 1 + screen_width(word) > width) {
            out += "\n" + std::string(indent, ' ');
            used = indent;
        } else if (used > indent) {
            out += ' ';
            ++used;
        }
        out += word;
        used += screen_width(word);
        start = end + 1;
    }
    return out;
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    return out;
}

// Edits (insert, delete, replace, swap two neighbours) that turn a into b.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t replace = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, replace});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// The candidate closest to `typed`, or "" when none is close enough to be a likely typo.
inline std::string nearest(std::string_view typed, const std::vector<std::string>& candidates) {
    if (typed.empty() || typed.size() > 64) return {};
    const std::size_t limit = typed.size() >= 10 ? 3 : typed.size() >= 5 ? 2 : 1;
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = edit_distance(typed, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    if (!best.empty()) return best;
    // No typo in sight: maybe the start of a longer name (--batch for --batch-size).
    if (typed.size() < 3) return {};
    for (const std::string& c : candidates) {
        if (c.starts_with(typed)) {
            if (!best.empty()) return {};  // more than one: do not guess
            best = c;
        }
    }
    return best;
}

// Whether text is a yes/no word; if so, `value` says which.
inline bool parse_bool(std::string_view text, bool& value) {
    const std::string w = lower(trim(text));
    if (w == "yes" || w == "true" || w == "on" || w == "1") return value = true, true;
    if (w == "no" || w == "false" || w == "off" || w == "0") return value = false, true;
    return false;
}

// Reads the whole text as a T; returns "" or what is wrong.
template <class T>
std::string parse_number(std::string_view text, T& out) {
    text = trim(text);
    if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') {
        text.remove_prefix(1);  // from_chars does not take a leading '+'
    }
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if constexpr (std::is_integral_v<T>) {
        if (std::is_unsigned_v<T> && text.starts_with('-')) {
            return "must be a whole number >= 0";
        }
        T value{};
        const auto [end, ec] = std::from_chars(first, last, value);
        if (ec == std::errc::result_out_of_range) {
            return "is out of range; must be between " +
                   std::to_string(std::numeric_limits<T>::min()) + " and " +
                   std::to_string(std::numeric_limits<T>::max());
        }
        if (ec != std::errc() || end != last) return "expected a whole number";
        out = value;
    } else {
        double value = 0;
        const auto [end, ec] = std::from_chars(first, last, value);
        if (ec == std::errc::result_out_of_range) {
            return "is out of the range of a floating-point number";
        }
        if (ec != std::errc() || end != last) return "expected a number such as 0.01 or 1e-3";
        if (!std::isfinite(value)) return "must be a finite number, not nan or inf";
        if (std::abs(value) > double(std::numeric_limits<T>::max())) {
            return "is out of the range of a floating-point number";
        }
        out = static_cast<T>(value);
    }
    return {};
}

}  // namespace cli_detail

// Bounds for a numeric flag, each optional and either open (<, >) or closed (<=, >=).
struct Range {
    std::optional<double> lo;
    std::optional<double> hi;
    bool lo_open = false;
    bool hi_open = false;

    bool contains(double v) const {
        if (lo && (lo_open ? !(v > *lo) : !(v >= *lo))) return false;
        if (hi && (hi_open ? !(v < *hi) : !(v <= *hi))) return false;
        return true;
    }
    // "must be > 0", "must be between 1 and 100", or "" when any value goes.
    std::string describe() const {
        using cli_detail::format_number;
        if (lo && hi && !lo_open && !hi_open) {
            return "must be between " + format_number(*lo) + " and " + format_number(*hi);
        }
        std::string s;
        if (lo) s += (lo_open ? "> " : ">= ") + format_number(*lo);
        if (lo && hi) s += " and ";
        if (hi) s += (hi_open ? "< " : "<= ") + format_number(*hi);
        return s.empty() ? s : "must be " + s;
    }
};

template <class A> Range above(A x) { return {double(x), std::nullopt, true, false}; }
template <class A> Range at_least(A x) { return {double(x), std::nullopt, false, false}; }
template <class A> Range below(A x) { return {std::nullopt, double(x), false, true}; }
template <class A, class B> Range between(A lo, B hi) { return {double(lo), double(hi)}; }
// lo <= v < hi, e.g. a decay rate β in [0, 1).
template <class A, class B> Range half_open(A lo, B hi) {
    return {double(lo), double(hi), false, true};
}

// For a string flag: the value must name a regular file that can be opened.
struct ExistingFile {};
inline ExistingFile existing_file() { return {}; }

// Numbers a flag can hold: the integer types (not bool) and float, double.
template <class T>
concept FlagNumber = (std::integral<T> && !std::same_as<T, bool>) || std::same_as<T, float> ||
                     std::same_as<T, double>;

class Cli {
public:
    Cli(std::string program, std::string description)
        : program_(std::move(program)), description_(std::move(description)) {}

    // A number: --name VALUE, checked against `range`.
    template <FlagNumber T>
    void flag(const std::string& name, T& value, const std::string& help, Range range = {}) {
        if (!range.contains(double(value))) {
            throw std::logic_error("Cli: the default of --" + name + " breaks its own range (" +
                                   range.describe() + ")");
        }
        Flag& f = add(name, help, std::is_integral_v<T> ? "N" : "VALUE", number_text(value));
        f.rule = range.describe();
        f.set = [&value, range](std::string_view text) -> std::string {
            T parsed{};
            std::string problem = cli_detail::parse_number(text, parsed);
            if (!problem.empty()) {
                // Out of reach of T (-3 for a size, 1e12 for an int) but a number: say the range.
                double x = 0;
                const bool number = cli_detail::parse_number(text, x).empty();
                if (number && !range.describe().empty() && !range.contains(x)) {
                    return range.describe();
                }
                return problem;
            }
            if (!range.contains(double(parsed))) return range.describe();
            value = parsed;
            return {};
        };
    }

    // A yes/no switch: --name, --no-name, or --name yes|no|true|false|on|off|1|0.
    void flag(const std::string& name, bool& value, const std::string& help) {
        Flag& f = add(name, help, "", value ? "on" : "off");
        f.is_bool = true;
        f.set = [&value](std::string_view text) -> std::string {
            bool parsed = false;
            if (!cli_detail::parse_bool(text, parsed)) {
                return "expected yes or no, true or false, on or off, 1 or 0";
            }
            value = parsed;
            return {};
        };
    }

    // Any text, such as a folder for the figures.
    void flag(const std::string& name, std::string& value, const std::string& help) {
        Flag& f = add(name, help, "TEXT", value.empty() ? "none" : value);
        f.set = [&value](std::string_view text) -> std::string {
            value = text;
            return {};
        };
    }

    // A path that must name an existing, readable file.
    void flag(const std::string& name, std::string& value, const std::string& help,
              ExistingFile) {
        Flag& f = add(name, help, "FILE", value.empty() ? "none" : value);
        f.set = [&value](std::string_view text) -> std::string {
            std::string problem = file_problem(std::string(text));
            if (problem.empty()) value = text;
            return problem;
        };
    }

    // Comma-separated numbers, each checked against `range`: --betas 0.5,0.9,0.98.
    void flag(const std::string& name, std::vector<double>& value, const std::string& help,
              Range range = {}) {
        std::string shown;
        for (double v : value) {
            if (!range.contains(v)) {
                throw std::logic_error("Cli: a default of --" + name + " breaks its own range (" +
                                       range.describe() + ")");
            }
            shown += (shown.empty() ? "" : ",") + number_text(v);
        }
        Flag& f = add(name, help, "LIST", shown.empty() ? "none" : shown);
        f.is_list = true;
        f.rule = range.describe().empty() ? "" : "each " + range.describe();
        f.set = [&value, range](std::string_view text) -> std::string {
            std::vector<double> parsed;
            std::size_t start = 0;
            for (std::size_t k = 1;; ++k) {
                const std::size_t comma = std::min(text.find(',', start), text.size());
                const std::string_view item = cli_detail::trim(text.substr(start, comma - start));
                if (item.empty()) {
                    return "element " + std::to_string(k) +
                           " is empty; write numbers separated by commas, e.g. 0.5,0.9";
                }
                double x = 0;
                std::string problem = cli_detail::parse_number(item, x);
                const std::string where =
                    "element " + std::to_string(k) + " (" + cli_detail::shorten(item) + "): ";
                if (!problem.empty()) return where + problem;
                if (!range.contains(x)) return where + range.describe();
                parsed.push_back(x);
                if (comma == text.size()) break;
                start = comma + 1;
            }
            value = std::move(parsed);
            return {};
        };
    }

    // One of a fixed set of words: --eps-placement inside|outside.
    void choice(const std::string& name, std::string& value, std::vector<std::string> choices,
                const std::string& help) {
        if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
            throw std::logic_error("Cli: the default of --" + name + " is not one of its choices");
        }
        std::string words;
        for (const std::string& c : choices) words += (words.empty() ? "" : "|") + c;
        Flag& f = add(name, help, words, value);
        f.set = [&value, choices = std::move(choices)](std::string_view text) -> std::string {
            if (std::find(choices.begin(), choices.end(), text) != choices.end()) {
                value = text;
                return {};
            }
            std::string problem = "must be one of ";
            for (std::size_t k = 0; k < choices.size(); ++k) {
                problem += (k ? ", " : "") + choices[k];
            }
            const std::string guess = cli_detail::nearest(text, choices);
            return guess.empty() ? problem : problem + "; did you mean " + guess + "?";
        };
    }

    // --other works exactly as --name.
    void alias(const std::string& other, const std::string& name) {
        check_new_name(other);
        for (Flag& f : flags_) {
            if (f.name == name) {
                f.aliases.push_back(other);
                return;
            }
        }
        throw std::logic_error("Cli: alias --" + other + " for --" + name +
                               ", which is not a flag");
    }

    // Reads the arguments (without the program name). Throws UsageError on the first mistake.
    // With --help or -h anywhere it only sets help_requested() and changes nothing else.
    void parse(const std::vector<std::string>& args) {
        help_requested_ = false;
        for (Flag& f : flags_) f.seen_as.clear();
        for (const std::string& a : args) {
            if (a == "--help" || a == "-h") {
                help_requested_ = true;
                return;
            }
        }
        const Flag* previous = nullptr;  // the flag before, for hints about stray words
        std::string previous_text;       // and how it was written, "--data my"
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string_view arg = args[i];
            if (!arg.starts_with("--") || arg == "--") {
                throw UsageError(stray(arg, previous, previous_text));
            }
            const std::string_view body = arg.substr(2);
            const std::size_t eq = body.find('=');
            const std::string spelled = "--" + std::string(body.substr(0, eq));  // before any '='
            std::optional<std::string_view> inline_value;
            if (eq != std::string_view::npos) inline_value = body.substr(eq + 1);

            bool negated = false;  // --no-standardize
            const std::size_t k = find(spelled.substr(2), negated);
            if (k == flags_.size()) throw UsageError(unknown(spelled));
            Flag& f = flags_[k];
            if (negated && !f.is_bool) {
                throw UsageError(spelled + ": --" + f.name + " is not a yes/no flag; write " +
                                 how_to_write(f));
            }
            if (!f.seen_as.empty()) {
                const std::string first =
                    f.seen_as == spelled ? "" : " (first as " + f.seen_as + ")";
                throw UsageError("--" + f.name + " is given twice" + first + "; keep one");
            }
            f.seen_as = spelled;

            std::string value;
            bool word = false;
            if (f.is_bool && negated) {
                if (inline_value) {
                    throw UsageError(spelled + " takes no value; write " + spelled +
                                     " alone, or --" + f.name + "=" +
                                     cli_detail::shorten(*inline_value));
                }
                value = "no";
            } else if (inline_value) {
                value = *inline_value;
            } else if (f.is_bool) {
                const bool next_is_word =
                    i + 1 < args.size() && cli_detail::parse_bool(args[i + 1], word);
                value = next_is_word ? args[++i] : "yes";
            } else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) {
                value = args[++i];  // may start with one '-': --x -0.5
            }
            if (value.empty()) {
                throw UsageError(spelled + ": missing value; write " + how_to_write(f) + " (" +
                                 f.help + ")");
            }
            const std::string problem = f.set(value);
            if (!problem.empty()) {
                throw UsageError(spelled + " " + cli_detail::shorten(value) + ": " + problem +
                                 " (" + f.help + ")");
            }
            previous = &f;
            previous_text = spelled + " " + cli_detail::shorten(value);
        }
    }

    // For main(), after parse_or_exit: runs the program's body; an exception from it is one
    // line "PROGRAM: error: ..." on stderr and exit status 1.
    template <class Body>
    int run(Body body) const {
        try {
            return body();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), e.what());
            return 1;
        }
    }

    // A mistake in the flags found after parsing (values that clash): one line
    // "PROGRAM: error: ..." on stderr; returns exit status 2 for main() to return.
    int usage_error(const std::string& what) const {
        std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), what.c_str());
        return 2;
    }

    // For main(): --help prints the help and exits 0; a mistake prints
    // "PROGRAM: error: ..." on stderr and exits 2.
    void parse_or_exit(int argc, const char* const* argv) {
        std::vector<std::string> args;
        for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
        try {
            parse(args);
        } catch (const UsageError& e) {
            std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), e.what());
            std::exit(2);
        }
        if (help_requested_) {
            std::fputs(help().c_str(), stdout);
            std::exit(0);
        }
    }

    bool help_requested() const { return help_requested_; }

    // Whether the last parse saw the flag `name` (or `name` as an alias) in any spelling:
    // --name, an alias, --no-name. For a default that depends on other flags, applied only
    // when the learner did not choose the value.
    bool given(const std::string& name) const {
        for (const Flag& f : flags_) {
            const bool is_alias =
                std::find(f.aliases.begin(), f.aliases.end(), name) != f.aliases.end();
            if (f.name == name || is_alias) return !f.seen_as.empty();
        }
        throw std::logic_error("Cli: given(\"" + name + "\"), which is not a flag");
    }

    // Usage line, description, then one line per flag with its default and its range.
    std::string help() const {
        std::vector<std::pair<std::string, std::string>> lines;  // left column, right column
        for (const Flag& f : flags_) {
            std::string left = "--" + std::string(f.is_bool ? "[no-]" : "") + f.name;
            for (const std::string& a : f.aliases) {
                left += ", --" + std::string(f.is_bool ? "[no-]" : "") + a;
            }
            if (!f.value_name.empty()) left += " " + f.value_name;
            std::string right = f.help + " (default " + f.default_text;
            if (!f.rule.empty()) right += "; " + f.rule;
            lines.emplace_back(left, right + ")");
        }
        lines.emplace_back("-h, --help", "show this help and exit");
        std::size_t width = 0;  // of the left column, at most 28
        for (const auto& [left, right] : lines) width = std::max(width, left.size());
        width = std::min<std::size_t>(width, 28);

        constexpr std::size_t columns = 100;
        std::string s = "usage: " + program_ + " [--flag value ...]\n\n" +
                        cli_detail::wrap(description_, 0, columns) + "\n\nflags:\n";
        for (const auto& [left, right] : lines) {
            s += "  " + left;
            if (left.size() > width) {  // too long to share a line: the text goes below
                s += "\n" + std::string(width + 4, ' ');
            } else {
                s += std::string(width - left.size() + 2, ' ');
            }
            s += cli_detail::wrap(right, width + 4, columns) + "\n";
        }
        return s;
    }

private:
    struct Flag {
        std::string name;         // without the dashes
        std::string help;
        std::string value_name;   // N, VALUE, TEXT, FILE, LIST or a|b; "" for yes/no flags
        std::string default_text;
        std::string rule;         // "must be > 0", or ""
        std::vector<std::string> aliases;
        bool is_bool = false;
        bool is_list = false;
        std::function<std::string(std::string_view)> set;  // parse, check, store; "" or a problem
        std::string seen_as;      // how it was spelled on this command line, "" if not given
    };

    template <class T>
    static std::string number_text(T v) {
        if constexpr (std::is_integral_v<T>) {
            return std::to_string(v);
        } else {
            char buf[64];
            const auto r = std::to_chars(buf, buf + sizeof buf, v);
            return std::string(buf, r.ptr);
        }
    }

    // Mistakes of the chapter's author, not of the learner: they stop the program at once.
    void check_new_name(const std::string& name) const {
        if (name.empty() || name.starts_with('-') || name.find_first_of("= ") != name.npos ||
            name == "help" || name == "h") {
            throw std::logic_error("Cli: \"" + name + "\" cannot be a flag name");
        }
        bool negated = false;
        if (find(name, negated) != flags_.size()) {
            throw std::logic_error("Cli: --" + name + " is registered twice");
        }
    }

    Flag& add(const std::string& name, const std::string& help, std::string value_name,
              std::string default_text) {
        check_new_name(name);
        Flag f;
        f.name = name;
        f.help = help;
        f.value_name = std::move(value_name);
        f.default_text = std::move(default_text);
        flags_.push_back(std::move(f));
        return flags_.back();
    }

    // The index of the flag called `typed` (a name, an alias, or no-<name>, which sets
    // `negated`), or flags_.size() when there is none.
    std::size_t find(std::string_view typed, bool& negated) const {
        negated = false;
        for (std::size_t k = 0; k < flags_.size(); ++k) {
            if (flags_[k].name == typed) return k;
            for (const std::string& a : flags_[k].aliases)
                if (a == typed) return k;
        }
        if (typed.starts_with("no-")) {
            const std::size_t k = find(typed.substr(3), negated);
            negated = k < flags_.size();
            return k;
        }
        return flags_.size();
    }

    // "--alpha VALUE", or for a yes/no flag "--standardize, --no-standardize or ...".
    static std::string how_to_write(const Flag& f) {
        if (!f.is_bool) return "--" + f.name + " " + f.value_name;
        return "--" + f.name + ", --no-" + f.name + " or --" + f.name + "=yes|no";
    }

    // Every spelling that works, for suggestions.
    std::vector<std::string> spellings() const {
        std::vector<std::string> all;
        for (const Flag& f : flags_) {
            all.push_back(f.name);
            for (const std::string& a : f.aliases) all.push_back(a);
            if (f.is_bool) all.push_back("no-" + f.name);
        }
        all.push_back("help");
        return all;
    }

    std::string unknown(const std::string& flag) const {
        const std::string guess = cli_detail::nearest(flag.substr(2), spellings());
        const std::string shown = cli_detail::shorten(flag);
        if (guess.empty()) return "unknown flag " + shown + " (--help lists the flags)";
        return "unknown flag " + shown + "; did you mean --" + guess + "? (--help lists the flags)";
    }

    // An argument that is not a flag: say what was probably meant.
    std::string stray(std::string_view arg, const Flag* previous,
                      const std::string& previous_text) const {
        const std::string shown = "\"" + cli_detail::shorten(arg) + "\"";
        const bool letter = arg.size() > 1 && ((arg[1] >= 'a' && arg[1] <= 'z') ||
                                               (arg[1] >= 'A' && arg[1] <= 'Z'));
        if (arg[0] == '-' && letter) {
            const std::string guess = cli_detail::nearest(arg.substr(1), spellings());
            if (!guess.empty()) {
                return "unknown flag " + cli_detail::shorten(arg) +
                       "; flags start with two dashes: did you mean --" + guess + "?";
            }
            return "unknown flag " + cli_detail::shorten(arg) + " (--help lists the flags)";
        }
        if (previous && previous->is_bool) {
            return "unexpected argument " + shown + " after --" + previous->name +
                   ", a yes/no flag; write " + how_to_write(*previous);
        }
        if (previous && previous->is_list) {
            return "unexpected argument " + shown + " after " + previous_text +
                   "; write a list as one argument, commas and no spaces: --" + previous->name +
                   " 0.5,0.9";
        }
        if (previous) {
            return "unexpected argument " + shown + " after " + previous_text +
                   "; each value follows its flag (quote a value that has spaces)";
        }
        return "unexpected argument " + shown +
               "; each value follows its flag, as in --name value (--help lists the flags)";
    }

    static std::string file_problem(const std::string& path) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (!fs::exists(status)) {
            const fs::path cwd = fs::current_path(ec);
            return "no such file (relative paths start at the current directory, " +
                   (ec ? std::string("unknown") : cwd.string()) + ")";
        }
        if (fs::is_directory(status)) {
            return "is a directory, not a file; give the path of a file inside it";
        }
        if (!fs::is_regular_file(status)) return "is not a regular file";
        if (!std::ifstream(path)) return "cannot be opened (do you have permission to read it?)";
        return {};
    }

    std::string program_;
    std::string description_;
    std::vector<Flag> flags_;
    bool help_requested_ = false;
};

}  // namespace common
