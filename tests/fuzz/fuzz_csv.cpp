// libFuzzer target: the CSV reader on arbitrary bytes. It may refuse the input with a
// CsvError; anything else (a crash, a sanitizer report, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const common::CsvTable all = common::parse_csv(text, "fuzz.csv");
        (void)all.rows.size();
    } catch (const common::CsvError&) {
    }
    try {  // the chapters' way: keep some named columns, skip the rest unparsed
        const common::CsvTable some = common::parse_csv(text, "fuzz.csv", {"temp_max", "y"});
        (void)some.column("y");
    } catch (const common::CsvError&) {
    }
    return 0;
}
