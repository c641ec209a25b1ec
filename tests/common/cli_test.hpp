// cli_test.hpp: checks of common/io/cli.hpp. Every value type, aliases, --name=value, yes/no
// flags, choices and lists must parse; every mistake must give its one-line message (unknown
// flag with a "did you mean", missing value, bad number, nan, negative size, out of range,
// stray word, flag twice); --help must list each flag with its default and range; given()
// tells whether a flag was on the command line.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "common/io/cli.hpp"

namespace cli_test {

struct Options {
    double alpha = 0.01;
    int epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    long shift = -5;
    float scale = 0.5f;
    double beta = 0.9;
    std::string data;
    std::string out = "figures";
    bool standardize = true;
    std::string eps_placement = "inside";
    std::vector<double> betas = {0.5, 0.9, 0.98};
};

// The Cli of a chapter, bound to `o`.
inline common::Cli make_cli(Options& o) {
    common::Cli cli("chapter-test", "A chapter used by the tests.");
    cli.flag("alpha", o.alpha, "learning rate α", common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("epochs", o.epochs, "number of epochs", common::between(1, 100000));
    cli.flag("batch-size", o.batch_size, "mini-batch size m_t", common::at_least(1));
    cli.flag("seed", o.seed, "random seed");
    cli.flag("shift", o.shift, "a shift", common::below(10));
    cli.flag("scale", o.scale, "a scale");
    cli.flag("beta", o.beta, "decay rate β", common::half_open(0, 1));
    cli.flag("data", o.data, "CSV file", common::existing_file());
    cli.flag("out", o.out, "folder for figures");
    cli.flag("standardize", o.standardize, "standardize features");
    cli.choice("eps-placement", o.eps_placement, {"inside", "outside"}, "where ε goes");
    cli.flag("betas", o.betas, "β values, comma separated", common::between(0.0, 0.999999));
    return cli;
}

// Options after parsing `args`; `error` gets the UsageError message, or "" if none.
inline Options parsed(const std::vector<std::string>& args, std::string& error) {
    Options o;
    common::Cli cli = make_cli(o);
    error.clear();
    try {
        cli.parse(args);
    } catch (const common::UsageError& e) {
        error = e.what();
    }
    return o;
}

inline Options parsed(const std::vector<std::string>& args) {
    std::string error;
    return parsed(args, error);
}

// The UsageError message for `args`, or "" if parsing succeeds.
inline std::string usage_error(const std::vector<std::string>& args) {
    std::string error;
    parsed(args, error);
    return error;
}

}  // namespace cli_test

inline void test_cli(common::Checker& check) {
    using cli_test::Options;
    using cli_test::parsed;
    using cli_test::usage_error;
    using Args = std::vector<std::string>;
    const auto has = [](const std::string& text, const std::string& part) {
        return text.find(part) != std::string::npos;
    };
    const auto parse = [](const Args& args) {
        Options o;
        common::Cli cli = cli_test::make_cli(o);
        cli.parse(args);
    };

    // Values of every type.
    {
        const Options d;
        const Options o = parsed({});
        check.that("cli: no arguments leave every default untouched",
                   o.alpha == d.alpha && o.epochs == d.epochs && o.batch_size == d.batch_size &&
                       o.seed == d.seed && o.shift == d.shift && o.scale == d.scale &&
                       o.data == d.data && o.out == d.out && o.standardize == d.standardize &&
                       o.eps_placement == d.eps_placement && o.betas == d.betas);
    }
    {
        const Options o = parsed({"--epochs", "7"});
        check.that("cli: int flag is set", o.epochs == 7);
        check.that("cli: flags not given keep their defaults",
                   o.alpha == 0.01 && o.batch_size == 64 && o.standardize && o.out == "figures" &&
                       o.betas == std::vector<double>{0.5, 0.9, 0.98});
    }
    check.close("cli: double flag is set", 0.25, parsed({"--alpha", "0.25"}).alpha, 0);
    check.that("cli: size_t flag is set", parsed({"--batch-size", "32"}).batch_size == 32);
    check.that("cli: uint64 flag takes its largest value",
               parsed({"--seed", "18446744073709551615"}).seed == UINT64_MAX);
    check.that("cli: long flag takes a negative value", parsed({"--shift", "-7"}).shift == -7);
    check.that("cli: float flag is set", parsed({"--scale", "-2.5"}).scale == -2.5f);
    check.that("cli: a leading + is accepted", parsed({"--epochs", "+3"}).epochs == 3);
    check.that("cli: a negative number works as a value",
               parsed({"--scale", "-0.5"}).scale == -0.5f);
    check.that("cli: string flag is set", parsed({"--out", "plots/run 1"}).out == "plots/run 1");
    check.close("cli: --name=value works", 0.5, parsed({"--alpha=0.5"}).alpha, 0);
    check.that("cli: --name=value works for a negative number",
               parsed({"--shift=-3"}).shift == -3);
    check.close("cli: the alias --lr sets alpha", 0.3, parsed({"--lr", "0.3"}).alpha, 0);
    check.close("cli: the alias works with =", 0.3, parsed({"--lr=0.3"}).alpha, 0);
    check.close("cli: half_open accepts its lower end", 0, parsed({"--beta", "0"}).beta, 0);

    // Yes/no flags.
    check.that("cli: --no-standardize sets false", !parsed({"--no-standardize"}).standardize);
    {
        Options o;
        o.standardize = false;
        common::Cli cli = cli_test::make_cli(o);
        cli.parse({"--standardize"});
        check.that("cli: a bare --standardize sets true", o.standardize);
    }
    check.that("cli: --standardize no sets false", !parsed({"--standardize", "no"}).standardize);
    check.that("cli: --standardize=off sets false", !parsed({"--standardize=off"}).standardize);
    check.that("cli: --standardize FALSE sets false (any case)",
               !parsed({"--standardize", "FALSE"}).standardize);
    check.that("cli: --standardize 0 sets false", !parsed({"--standardize", "0"}).standardize);
    {
        const Options o = parsed({"--no-standardize", "--epochs", "3"});
        check.that("cli: a yes/no flag does not eat the next flag",
                   !o.standardize && o.epochs == 3);
    }
    {
        std::string error;
        const Options o = parsed({"--standardize", "--alpha", "0.2"}, error);
        check.that("cli: --standardize followed by a flag sets true and goes on",
                   error.empty() && o.standardize && o.alpha == 0.2, error);
    }

    // Choices and lists.
    check.that("cli: a choice takes one of its words",
               parsed({"--eps-placement", "outside"}).eps_placement == "outside");
    check.that("cli: a list is read in order",
               parsed({"--betas", "0.1,0.2, 0.3"}).betas == std::vector<double>{0.1, 0.2, 0.3});
    check.that("cli: a list of one number works", parsed({"--betas=0"}).betas.size() == 1);

    // Help.
    {
        Options o;
        common::Cli cli = cli_test::make_cli(o);
        cli.parse({"--alpha", "0.5", "--help"});
        check.that("cli: --help is noticed and changes nothing",
                   cli.help_requested() && o.alpha == 0.01);
        cli.parse({"--alpah", "-h"});
        check.that("cli: -h wins over a mistake on the same line", cli.help_requested());
        cli.parse({"--alpha", "0.5"});
        check.that("cli: help_requested is false without --help", !cli.help_requested());
        const std::string h = cli.help();
        check.that("cli: help starts with the usage line",
                   h.starts_with("usage: chapter-test "), h);
        check.that("cli: help has the description", has(h, "A chapter used by the tests."), h);
        check.that("cli: help shows a flag, its alias, default and range",
                   has(h, "  --alpha, --lr VALUE") &&
                       has(h, "learning rate α (default 0.01; must be > 0)"),
                   h);
        check.that("cli: help shows integer flags with N and between ranges",
                   has(h, "--epochs N") &&
                       has(h, "(default 100; must be between 1 and 100000)"),
                   h);
        check.that("cli: help shows half-open ranges", has(h, "must be >= 0 and < 1"), h);
        check.that("cli: help shows yes/no flags as --[no-]name with their default",
                   has(h, "--[no-]standardize") && has(h, "standardize features (default on)"), h);
        check.that("cli: help shows the words of a choice",
                   has(h, "--eps-placement inside|outside"), h);
        check.that("cli: help shows a list default and its range for each element",
                   has(h, "(default 0.5,0.9,0.98; each must be") &&
                       has(h, "between 0 and 0.999999)"),
                   h);
        check.that("cli: help lines are wrapped to 100 columns", [&] {
            std::size_t start = 0;
            while (start < h.size()) {
                const std::size_t end = std::min(h.find('\n', start), h.size());
                if (common::cli_detail::screen_width(h.substr(start, end - start)) > 100) {
                    return false;
                }
                start = end + 1;
            }
            return true;
        }(), h);
        check.that("cli: help shows short exact defaults for float and string",
                   has(h, "a scale (default 0.5)") && has(h, "(default figures)"), h);
        check.that("cli: help lists -h, --help", has(h, "-h, --help"), h);
        check.that("cli: help keeps the defaults after a parse", !has(h, "default 0.5;"), h);
    }

    // Mistakes, one line each.
    check.that("cli: unknown flag suggests the nearest one",
               usage_error({"--alpah", "0.1"}) ==
                   "unknown flag --alpah; did you mean --alpha? (--help lists the flags)",
               usage_error({"--alpah", "0.1"}));
    check.throws("cli: unknown flag suggests from a dropped letter",
                 [&] { parse({"--epoch", "3"}); },
                 "did you mean --epochs?");
    check.throws("cli: unknown flag with _ for - suggests the - spelling",
                 [&] { parse({"--batch_size", "3"}); }, "did you mean --batch-size?");
    check.throws("cli: unknown flag that starts a longer name suggests it",
                 [&] { parse({"--eps", "inside"}); }, "did you mean --eps-placement?");
    check.throws("cli: unknown flag suggests --no-name for a yes/no flag",
                 [&] { parse({"--no-standardise"}); }, "did you mean --no-standardize?");
    {
        const std::string msg = usage_error({"--momentum", "0.9"});
        check.that("cli: unknown flag far from all others gets no guess",
                   msg == "unknown flag --momentum (--help lists the flags)", msg);
    }
    check.throws("cli: a single-dash flag is explained", [&] { parse({"-alpha", "3"}); },
                 "unknown flag -alpha; flags start with two dashes: did you mean --alpha?");
    check.throws("cli: missing value at the end", [&] { parse({"--alpha"}); },
                 "--alpha: missing value; write --alpha VALUE (learning rate α)");
    check.throws("cli: missing value before the next flag",
                 [&] { parse({"--data", "--alpha", "1"}); },
                 "--data: missing value; write --data FILE");
    check.throws("cli: missing value after =", [&] { parse({"--out="}); }, "--out: missing value");
    check.throws("cli: a fraction for an int flag", [&] { parse({"--epochs", "1.5"}); },
                 "--epochs 1.5: expected a whole number");
    check.throws("cli: trailing junk after a number", [&] { parse({"--alpha", "0.1x"}); },
                 "--alpha 0.1x: expected a number");
    check.throws("cli: a word for a number", [&] { parse({"--scale", "big"}); },
                 "--scale big: expected a number");
    check.throws("cli: nan is refused", [&] { parse({"--scale", "nan"}); },
                 "--scale nan: must be a finite number");
    check.throws("cli: inf is refused", [&] { parse({"--alpha=inf"}); },
                 "--alpha inf: must be a finite number");
    check.throws("cli: 1e999 is refused", [&] { parse({"--scale", "1e999"}); },
                 "out of the range of a floating-point number");
    check.throws("cli: a double beyond float is refused for a float",
                 [&] { parse({"--scale", "1e39"}); },
                 "out of the range of a floating-point number");
    check.throws("cli: a negative number for an unsigned flag does not wrap",
                 [&] { parse({"--seed", "-3"}); }, "--seed -3: must be a whole number >= 0");
    check.throws("cli: a negative size reports the flag's range",
                 [&] { parse({"--batch-size", "-3"}); }, "--batch-size -3: must be >= 1");
    check.throws("cli: a number beyond uint64 is out of range",
                 [&] { parse({"--seed", "18446744073709551616"}); }, "is out of range");
    check.throws("cli: a number beyond int reports the flag's range",
                 [&] { parse({"--epochs", "99999999999"}); }, "must be between 1 and 100000");
    check.throws("cli: above() refuses its bound", [&] { parse({"--alpha", "0"}); },
                 "--alpha 0: must be > 0 (learning rate α)");
    check.throws("cli: between() refuses below its range", [&] { parse({"--epochs", "0"}); },
                 "--epochs 0: must be between 1 and 100000 (number of epochs)");
    check.throws("cli: at_least() refuses below its bound", [&] { parse({"--batch-size=0"}); },
                 "--batch-size 0: must be >= 1");
    check.throws("cli: below() refuses its bound", [&] { parse({"--shift", "10"}); },
                 "--shift 10: must be < 10");
    check.throws("cli: half_open() refuses its upper end", [&] { parse({"--beta", "1"}); },
                 "--beta 1: must be >= 0 and < 1");
    {
        std::string error;
        const Options o = parsed({"--alpha", "-1"}, error);
        check.that("cli: a refused value leaves the default", !error.empty() && o.alpha == 0.01);
    }
    check.throws("cli: a positional argument is refused", [&] { parse({"train"}); },
                 "unexpected argument \"train\"");
    check.throws("cli: a stray word after a value says to quote spaces",
                 [&] { parse({"--out", "my", "plots"}); },
                 "unexpected argument \"plots\" after --out my");
    check.throws("cli: a list written with spaces is explained",
                 [&] { parse({"--betas", "0.5", "0.9"}); }, "commas and no spaces");
    check.throws("cli: a stray word after a yes/no flag is explained",
                 [&] { parse({"--standardize", "maybe"}); },
                 "a yes/no flag; write --standardize, --no-standardize or --standardize=yes|no");
    check.throws("cli: a bad yes/no word after = is refused",
                 [&] { parse({"--standardize=maybe"}); },
                 "--standardize maybe: expected yes or no");
    check.throws("cli: --no-name takes no value", [&] { parse({"--no-standardize=yes"}); },
                 "--no-standardize takes no value");
    check.throws("cli: --no-name of a value flag is explained", [&] { parse({"--no-alpha"}); },
                 "--alpha is not a yes/no flag");
    check.throws("cli: a flag given twice", [&] { parse({"--alpha", "1", "--alpha", "2"}); },
                 "--alpha is given twice; keep one");
    check.throws("cli: a flag given twice through its alias",
                 [&] { parse({"--lr", "1", "--alpha", "2"}); },
                 "--alpha is given twice (first as --lr)");
    check.throws("cli: --name and --no-name together count as twice",
                 [&] { parse({"--standardize", "--no-standardize"}); }, "is given twice");
    check.throws("cli: a choice outside its words suggests the nearest",
                 [&] { parse({"--eps-placement", "insde"}); },
                 "--eps-placement insde: must be one of inside, outside; did you mean inside?");
    check.throws("cli: a list element out of range is named",
                 [&] { parse({"--betas", "0.5,1.2"}); },
                 "--betas 0.5,1.2: element 2 (1.2): must be between 0 and 0.999999");
    check.throws("cli: a list element that is not a number is named",
                 [&] { parse({"--betas", "0.5,x"}); }, "element 2 (x): expected a number");
    check.throws("cli: a list element that is nan is refused",
                 [&] { parse({"--betas", "nan"}); }, "element 1 (nan): must be a finite number");
    check.throws("cli: an empty list element is named", [&] { parse({"--betas", "0.5,,0.9"}); },
                 "element 2 is empty");
    {
        std::string error;
        const Options o = parsed({"--betas", "0.1,5"}, error);
        check.that("cli: a refused list leaves the default list", o.betas.size() == 3, error);
    }

    // existing_file().
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path();
    const std::string missing = (dir / "cli_test_no_such_file.csv").string();
    check.throws("cli: existing_file refuses a missing file", [&] { parse({"--data", missing}); },
                 "--data " + missing + ": no such file");
    check.throws("cli: existing_file refuses a directory and says so",
                 [&] { parse({"--data", dir.string()}); }, "is a directory, not a file");
    {
        const fs::path file = dir / "cli_test_file.csv";
        std::ofstream(file) << "x\n1\n";
        std::string error;
        const Options o = parsed({"--data", file.string()}, error);
        std::error_code ec;
        fs::remove(file, ec);
        check.that("cli: existing_file accepts a readable file", o.data == file.string(), error);
    }

    // given(name): was the flag on the command line, in any of its spellings?
    {
        Options o;
        common::Cli cli = make_cli(o);
        cli.parse({"--lr", "0.5", "--no-standardize"});
        check.that("cli: given(\"alpha\") after --lr, its alias", cli.given("alpha"));
        check.that("cli: given(\"lr\") asks about the same flag", cli.given("lr"));
        check.that("cli: given(\"standardize\") after --no-standardize",
                   cli.given("standardize"));
        check.that("cli: given(\"epochs\") is false when only its default was used",
                   !cli.given("epochs") && o.epochs == 100);
        cli.parse({"--epochs=3"});
        check.that("cli: given() speaks of the last parse: --epochs=3 given, --lr no longer",
                   cli.given("epochs") && !cli.given("alpha"));
        check.throws("cli: given() of a name that is not a flag is the author's mistake",
                     [&] { (void)cli.given("alpah"); }, "not a flag");
    }

    // Mistakes of the chapter's author stop at registration.
    check.throws("cli: a default outside its range is caught at registration",
                 [&] {
                     double a = 0;
                     common::Cli("p", "d").flag("alpha", a, "α", common::above(0.0));
                 },
                 "breaks its own range");
    check.throws("cli: an alias of an unknown flag is caught",
                 [&] { common::Cli("p", "d").alias("lr", "alpha"); },
                 "which is not a flag");
    check.throws("cli: a flag registered twice is caught",
                 [&] {
                     int n = 1;
                     common::Cli cli("p", "d");
                     cli.flag("n", n, "n");
                     cli.flag("n", n, "n");
                 },
                 "registered twice");

    // Odd spellings (issue: hardening, round two).
    check.throws("cli: --no- is taken once: --no-no-standardize is unknown",
                 [&] { parse({"--no-no-standardize"}); }, "unknown flag --no-no-standardize");
    check.throws("cli: --help=no is not a \"did you mean --help?\"",
                 [&] { parse({"--help=no"}); }, "--help takes no value");
    check.throws("cli: a 400-digit --epochs states the flag's range, not the type's",
                 [&] { parse({"--epochs", std::string(400, '9')}); },
                 "must be between 1 and 100000");
    {
        const std::string msg = usage_error({"--batch-size", std::string(400, '9')});
        check.that("cli: a 400-digit size without upper bound states its lower bound",
                   msg.find("must be >= 1") != std::string::npos, msg);
    }
    {
        // An output folder: created when missing, refused when it is a file.
        const std::filesystem::path dir =
            std::filesystem::temp_directory_path() / "cli-test-output-folder" / "a" / "b";
        std::filesystem::remove_all(dir.parent_path().parent_path());
        std::string out;
        common::Cli cli("p", "d");
        cli.flag("out", out, "folder", common::output_folder());
        cli.parse({"--out", dir.string()});
        check.that("cli: an output folder is created by the parse",
                   std::filesystem::is_directory(dir) && out == dir.string(), out);
        check.that("cli: the write probe leaves nothing in the folder",
                   std::filesystem::is_empty(dir), dir.string());
        const std::filesystem::path file = dir / "a-file";
        std::ofstream(file) << "x";
        check.throws("cli: an output folder that is a file is refused at parse time",
                     [&] { cli.parse({"--out", file.string()}); },
                     ": is a file, not a folder");
        std::filesystem::remove_all(dir.parent_path().parent_path());
    }
}
