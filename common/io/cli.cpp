// cli.cpp: the definitions of common/io/cli.hpp, compiled once into the
// io library that every chapter program links.
#include "common/io/cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "common/io/new_file.hpp"

namespace common {
namespace cli_detail {

std::string format_number(double x) {
    char buf[64];
    if (x == std::floor(x) && std::abs(x) < 1e15) {
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
        return std::string(buf, r.ptr);
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string shorten(std::string_view s) {
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

std::size_t screen_width(std::string_view s) {
    return std::size_t(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string wrap(std::string_view text, std::size_t indent, std::size_t width) {
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

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
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

std::string nearest(std::string_view typed, const std::vector<std::string>& candidates) {
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

bool parse_bool(std::string_view text, bool& value) {
    const std::string w = lower(trim(text));
    if (w == "yes" || w == "true" || w == "on" || w == "1") return value = true, true;
    if (w == "no" || w == "false" || w == "off" || w == "0") return value = false, true;
    return false;
}

}  // namespace cli_detail
}  // namespace common

namespace common {

ExistingFile existing_file() { return {}; }
OutputFolder output_folder() { return {}; }

void Cli::flag(const std::string& name, bool& value, const std::string& help) {
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

void Cli::flag(const std::string& name, std::string& value, const std::string& help) {
    Flag& f = add(name, help, "TEXT", value.empty() ? "none" : value);
    f.set = [&value](std::string_view text) -> std::string {
        value = text;
        return {};
    };
}

void Cli::flag(const std::string& name, std::string& value, const std::string& help,
               ExistingFile) {
    Flag& f = add(name, help, "FILE", value.empty() ? "none" : value);
    f.set = [&value](std::string_view text) -> std::string {
        std::string problem = file_problem(std::string(text));
        if (problem.empty()) value = text;
        return problem;
    };
}

void Cli::flag(const std::string& name, std::string& value, const std::string& help,
               OutputFolder) {
    Flag& f = add(name, help, "FOLDER", value.empty() ? "none" : value);
    f.set = [&value](std::string_view text) -> std::string {
        std::string problem = folder_problem(std::string(text));
        if (problem.empty()) value = text;
        return problem;
    };
}

void Cli::flag(const std::string& name, std::vector<double>& value, const std::string& help,
               Range range) {
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

void Cli::choice(const std::string& name, std::string& value, std::vector<std::string> choices,
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

void Cli::alias(const std::string& other, const std::string& name) {
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

void Cli::parse(const std::vector<std::string>& args) {
    help_requested_ = false;
    for (Flag& f : flags_) f.seen_as.clear();
    for (const std::string& a : args) {
        if (a == "--help" || a == "-h") {
            help_requested_ = true;
            return;
        }
    }
    for (const std::string& a : args) {
        if (a.starts_with("--help=") || a.starts_with("-h=")) {
            throw UsageError(a.substr(0, a.find('=')) + " takes no value; write " +
                             a.substr(0, a.find('=')) + " alone to see the flags");
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

std::optional<int> Cli::parse_main(int argc, const char* const* argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    try {
        parse(args);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: error: %s\n", program_.c_str(), e.what());
        return 2;
    }
    if (help_requested_) {
        std::fputs(help().c_str(), stdout);
        return finish_output(0);
    }
    return std::nullopt;
}

void Cli::parse_or_exit(int argc, const char* const* argv) {
    const std::optional<int> status = parse_main(argc, argv);
    if (status) std::exit(*status);
}

int Cli::finish_output(int status) const {
    if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
    const int error = errno;
    std::fprintf(stderr, "%s: error: cannot write the output: %s\n", program_.c_str(),
                 error ? std::strerror(error) : "write error");
    return status == 0 ? 1 : status;
}

bool Cli::given(const std::string& name) const {
    for (const Flag& f : flags_) {
        const bool is_alias =
            std::find(f.aliases.begin(), f.aliases.end(), name) != f.aliases.end();
        if (f.name == name || is_alias) return !f.seen_as.empty();
    }
    throw std::logic_error("Cli: given(\"" + name + "\"), which is not a flag");
}

std::string Cli::help() const {
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

void Cli::check_new_name(const std::string& name) const {
    if (name.empty() || name.starts_with('-') || name.find_first_of("= ") != name.npos ||
        name == "help" || name == "h") {
        throw std::logic_error("Cli: \"" + name + "\" cannot be a flag name");
    }
    bool negated = false;
    if (find(name, negated) != flags_.size()) {
        throw std::logic_error("Cli: --" + name + " is registered twice");
    }
}

Cli::Flag& Cli::add(const std::string& name, const std::string& help, std::string value_name,
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

std::size_t Cli::find(std::string_view typed, bool& negated) const {
    negated = false;
    for (std::size_t k = 0; k < flags_.size(); ++k) {
        if (flags_[k].name == typed) return k;
        for (const std::string& a : flags_[k].aliases)
            if (a == typed) return k;
    }
    if (typed.starts_with("no-")) {  // once: --no-no-standardize is not a flag
        const std::string_view name = typed.substr(3);
        for (std::size_t k = 0; k < flags_.size(); ++k) {
            const auto& aliases = flags_[k].aliases;
            if (flags_[k].name == name ||
                std::find(aliases.begin(), aliases.end(), name) != aliases.end()) {
                negated = true;
                return k;
            }
        }
    }
    return flags_.size();
}

std::vector<std::string> Cli::spellings() const {
    std::vector<std::string> all;
    for (const Flag& f : flags_) {
        all.push_back(f.name);
        for (const std::string& a : f.aliases) all.push_back(a);
        if (f.is_bool) all.push_back("no-" + f.name);
    }
    all.push_back("help");
    return all;
}

std::string Cli::unknown(const std::string& flag) const {
    const std::string guess = cli_detail::nearest(flag.substr(2), spellings());
    const std::string shown = cli_detail::shorten(flag);
    if (guess.empty()) return "unknown flag " + shown + " (--help lists the flags)";
    return "unknown flag " + shown + "; did you mean --" + guess + "? (--help lists the flags)";
}

std::string Cli::stray(std::string_view arg, const Flag* previous,
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

std::string Cli::file_problem(const std::string& path) {
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

}  // namespace common

namespace common {

std::string Cli::folder_problem(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::exists(status) && !fs::is_directory(status)) {
        return "is a file, not a folder; give a folder for the output files";
    }
    if (!fs::exists(status)) {
        fs::create_directories(path, ec);
        if (ec) return "cannot create the folder: " + ec.message();
    }
    // A probe file, removed at once: the folder may exist yet refuse new files.
    fs::path probe;
    std::FILE* f = open_new_file(path, "output-folder-check", ".tmp", probe);
    if (!f) {
        return std::string("cannot write into the folder: ") + std::strerror(errno);
    }
    std::fclose(f);
    fs::remove(probe, ec);
    return {};
}

}  // namespace common
