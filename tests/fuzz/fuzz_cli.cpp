// libFuzzer target: the flag parser on arbitrary command lines (arguments separated by
// newlines in the input). It may refuse them with a UsageError; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/io/cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') {
            args.emplace_back();
        } else {
            args.back() += char(data[i]);
        }
    }
    double alpha = 0.01;
    float eps = 1e-8f;
    int epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    bool standardize = true;
    std::string out = "figures", placement = "inside";
    std::vector<double> betas = {0.5, 0.9};
    common::Cli cli("fuzz", "Every kind of flag a chapter declares.");
    cli.flag("alpha", alpha, "learning rate", common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("eps", eps, "epsilon", common::above(0.0));
    cli.flag("epochs", epochs, "epochs", common::between(1, 100000));
    cli.flag("batch-size", batch_size, "m_t", common::at_least(1));
    cli.flag("seed", seed, "seed");
    cli.flag("standardize", standardize, "standardize");
    cli.flag("out", out, "folder");
    cli.choice("eps-placement", placement, {"inside", "outside"}, "where eps goes");
    cli.flag("betas", betas, "betas", common::half_open(0.0, 1.0));
    try {
        cli.parse(args);
        if (cli.help_requested()) (void)cli.help();
    } catch (const common::UsageError&) {
    }
    return 0;
}
