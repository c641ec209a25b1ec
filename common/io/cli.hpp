// cli.hpp: the chapters' --flag value parsing, with --help, range checks and one-line errors
// that say what to fix (an unknown flag gets a "did you mean"). A chapter binds each flag to a
// field of its Options struct, then calls parse_main(argc, argv); tests call parse(args),
// which throws UsageError instead of exiting. Values: --alpha 0.1 or --alpha=0.1; yes/no flags:
// --standardize, --no-standardize or --standardize=no; lists: --betas 0.5,0.9,0.98.
#pragma once

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
std::string format_number(double x);

// Text from the command line, cut to a readable length for messages.
std::string shorten(std::string_view s);

// Characters on screen: UTF-8 continuation bytes do not count.
std::size_t screen_width(std::string_view s);

// Words of `text` in lines of at most `width` characters, each line after the first
// starting with `indent` spaces.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width);

std::string_view trim(std::string_view s);

std::string lower(std::string_view s);

// Edits (insert, delete, replace, swap two neighbours) that turn a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed`, or "" when none is close enough to be a likely typo.
std::string nearest(std::string_view typed, const std::vector<std::string>& candidates);

// Whether text is a yes/no word; if so, `value` says which.
bool parse_bool(std::string_view text, bool& value);

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
ExistingFile existing_file();

// For a string flag: the value names a folder for output files. Parsing creates it if
// needed and checks a file can be written there, so a bad folder stops the program before
// it computes anything.
struct OutputFolder {};
OutputFolder output_folder();

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
                // Out of reach of T (-3 for a size, 1e12 for an int, 400 nines) but a number:
                // say the flag's own range, not the type's.
                double x = 0;
                const std::string as_double = cli_detail::parse_number(text, x);
                const bool number = as_double.empty();
                const bool too_long = as_double.starts_with("is out of the range");
                if (!range.describe().empty() && ((number && !range.contains(x)) || too_long)) {
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
    void flag(const std::string& name, bool& value, const std::string& help);

    // Any text, such as a folder for the figures.
    void flag(const std::string& name, std::string& value, const std::string& help);

    // A path that must name an existing, readable file.
    void flag(const std::string& name, std::string& value, const std::string& help,
              ExistingFile);

    // A folder to write into (created if missing; must accept a new file).
    void flag(const std::string& name, std::string& value, const std::string& help,
              OutputFolder);

    // Comma-separated numbers, each checked against `range`: --betas 0.5,0.9,0.98.
    void flag(const std::string& name, std::vector<double>& value, const std::string& help,
              Range range = {});

    // One of a fixed set of words: --eps-placement inside|outside.
    void choice(const std::string& name, std::string& value, std::vector<std::string> choices,
                const std::string& help);

    // --other works exactly as --name.
    void alias(const std::string& other, const std::string& name);

    // Reads the arguments (without the program name). Throws UsageError on the first mistake.
    // With --help or -h anywhere it only sets help_requested() and changes nothing else.
    void parse(const std::vector<std::string>& args);

    // For main(), after parse_main: runs the program's body; an exception from it is one
    // line "PROGRAM: error: ..." on stderr and exit status 1.
    // Output that could not be written (a full disk, stdout on /dev/full) is an error too:
    // one line with the reason, exit status 1.
    template <class Body>
    int run(Body body) const {
        int status = 1;
        try {
            status = body();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), e.what());
        }
        return finish_output(status);
    }

    // Flushes stdout; if it cannot be written, says why on stderr and returns 1 (or
    // `status` if that is already non-zero), else `status`.
    int finish_output(int status) const;

    // A mistake in the flags found after parsing (values that clash): one line
    // "PROGRAM: error: ..." on stderr; returns exit status 2 for main() to return.
    int usage_error(const std::string& what) const {
        std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), what.c_str());
        return 2;
    }

    // For main(): parses argv. Returns the exit status for main() to return at once: 0 after
    // --help printed the help, 2 after a mistake printed "PROGRAM: error: ..." on stderr;
    // nothing when the program should go on. main() returns rather than calling exit(), so
    // every object is destroyed and valgrind finds no leak:
    //     if (const auto status = cli.parse_main(argc, argv)) return *status;
    std::optional<int> parse_main(int argc, const char* const* argv);

    // parse_main, exiting with its status when it has one (for programs outside the chapters).
    void parse_or_exit(int argc, const char* const* argv);

    bool help_requested() const { return help_requested_; }

    // Whether the last parse saw the flag `name` (or `name` as an alias) in any spelling:
    // --name, an alias, --no-name. For a default that depends on other flags, applied only
    // when the learner did not choose the value.
    bool given(const std::string& name) const;

    // Usage line, description, then one line per flag with its default and its range.
    std::string help() const;

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
    void check_new_name(const std::string& name) const;

    Flag& add(const std::string& name, const std::string& help, std::string value_name,
              std::string default_text);

    // The index of the flag called `typed` (a name, an alias, or no-<name>, which sets
    // `negated`), or flags_.size() when there is none.
    std::size_t find(std::string_view typed, bool& negated) const;

    // "--alpha VALUE", or for a yes/no flag "--standardize, --no-standardize or ...".
    static std::string how_to_write(const Flag& f) {
        if (!f.is_bool) return "--" + f.name + " " + f.value_name;
        return "--" + f.name + ", --no-" + f.name + " or --" + f.name + "=yes|no";
    }

    // Every spelling that works, for suggestions.
    std::vector<std::string> spellings() const;

    std::string unknown(const std::string& flag) const;

    // An argument that is not a flag: say what was probably meant.
    std::string stray(std::string_view arg, const Flag* previous,
                      const std::string& previous_text) const;

    static std::string file_problem(const std::string& path);

    // "" when `path` is a folder (created here if missing) where a file can be written, else
    // the reason, e.g. "cannot create the folder: Permission denied".
    static std::string folder_problem(const std::string& path);

    std::string program_;
    std::string description_;
    std::vector<Flag> flags_;
    bool help_requested_ = false;
};

}  // namespace common
