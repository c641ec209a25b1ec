// svg-compare EXPECTED.svg ACTUAL.svg: are two figures the same drawing? Compares what is
// drawn, not bytes: the same elements in the same order, the same text, and every number
// in an attribute (coordinates, sizes) within a fraction of a pixel. So a machine with
// another SIMD width or without FMA, whose last bits differ, still draws "the same" figure.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double pixel_tolerance = 0.5;

struct Token {
    bool is_tag = false;
    std::string skeleton;         // the text with every number in a tag replaced by '#'
    std::vector<double> numbers;  // those numbers, in order
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "svg-compare: cannot open %s\n", path.c_str());
        std::exit(2);
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool starts_number(const std::string& s, std::size_t i) {
    const auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    if (digit(i)) return i == 0 || !(std::isalpha(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
    return (s[i] == '-' || s[i] == '.') && (digit(i + 1) || (s[i + 1] == '.' && digit(i + 2)));
}

Token tag_token(const std::string& tag) {
    Token t{true, {}, {}};
    for (std::size_t i = 0; i < tag.size();) {
        if (starts_number(tag, i)) {
            char* end = nullptr;
            t.numbers.push_back(std::strtod(tag.c_str() + i, &end));
            t.skeleton += '#';
            i = std::size_t(end - tag.c_str());
        } else {
            t.skeleton += tag[i++];
        }
    }
    return t;
}

std::vector<Token> tokens(const std::string& svg) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < svg.size()) {
        if (svg[i] == '<') {
            const std::size_t end = svg.find('>', i);
            const std::size_t stop = end == std::string::npos ? svg.size() : end + 1;
            out.push_back(tag_token(svg.substr(i, stop - i)));
            i = stop;
        } else {
            const std::size_t next = svg.find('<', i);
            const std::size_t stop = next == std::string::npos ? svg.size() : next;
            std::string text = svg.substr(i, stop - i);
            const auto a = text.find_first_not_of(" \t\r\n");
            if (a != std::string::npos) {
                text = text.substr(a, text.find_last_not_of(" \t\r\n") - a + 1);
                out.push_back({false, text, {}});
            }
            i = stop;
        }
    }
    return out;
}

std::string excerpt(const std::string& s) { return s.size() > 90 ? s.substr(0, 87) + "..." : s; }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: svg-compare EXPECTED.svg ACTUAL.svg\n");
        return 2;
    }
    const std::vector<Token> want = tokens(read_file(argv[1]));
    const std::vector<Token> got = tokens(read_file(argv[2]));
    for (std::size_t k = 0; k < want.size() && k < got.size(); ++k) {
        const Token& a = want[k];
        const Token& b = got[k];
        if (a.skeleton != b.skeleton || a.numbers.size() != b.numbers.size()) {
            std::printf("FAIL %s: element %zu differs\n  want %s\n  got  %s\n", argv[2], k + 1,
                        excerpt(a.skeleton).c_str(), excerpt(b.skeleton).c_str());
            return 1;
        }
        for (std::size_t j = 0; j < a.numbers.size(); ++j) {
            if (!(std::abs(a.numbers[j] - b.numbers[j]) <= pixel_tolerance)) {
                std::printf("FAIL %s: element %zu, number %zu: want %g got %g (tolerance %g px)"
                            "\n  in %s\n", argv[2], k + 1, j + 1, a.numbers[j], b.numbers[j],
                            pixel_tolerance, excerpt(a.skeleton).c_str());
                return 1;
            }
        }
    }
    if (want.size() != got.size()) {
        std::printf("FAIL %s: %zu elements and texts, the committed figure has %zu\n", argv[2],
                    got.size(), want.size());
        return 1;
    }
    std::printf("ok   %s draws the same figure (%zu elements, tolerance %g px)\n", argv[2],
                got.size(), pixel_tolerance);
    return 0;
}
