// plot.cpp: the definitions of common/io/plot.hpp, compiled once into the
// io library that every chapter program links.
#include "common/io/plot.hpp"

#include <cerrno>
#include <cstring>

#include "common/io/new_file.hpp"

namespace common::plot {

// The pieces of the drawing that only this file uses.
namespace detail {

// ---------------------------------------------------------------------------------------------
// Axes and unit-square geometry. A point's "unit" position is (0, 0) at the bottom-left corner
// of the plot area and (1, 1) at the top-right; everything is clipped there before pixels.


struct Axis {
    double lo = 0, hi = 1;
    bool log = false;

    bool valid(double v) const { return std::isfinite(v) && (!log || v > 0); }
    // Position along the axis, 0 at lo and 1 at hi; NaN if v cannot be drawn.
    double unit(double v) const {
        if (!valid(v)) return not_a_number;
        const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                             : (v - lo) / (hi - lo);
        return std::isnan(t) ? not_a_number : std::clamp(t, -1e9, 1e9);   // far off: same side
    }
    double value(double t) const {
        return log ? std::pow(10.0, std::log10(lo) + t * (std::log10(hi) - std::log10(lo)))
                   : lo + t * (hi - lo);
    }
};

// An axis over `fixed` if it is usable, else over the data, padded by `pad` of the range on
// each side. No data gives 0..1 (1..10 on a log axis); a single value gets a range around it.
Axis make_axis(const std::vector<double>& data, bool log, std::optional<Range> fixed,
               double pad);

// Liang-Barsky: clips segment a-b to the box [x0, x1] x [y0, y1]; false if nothing is inside.
bool clip_segment(Pt& a, Pt& b, double x0, double y0, double x1, double y1);

bool inside_unit(Pt p);

// A series in unit coordinates, clipped to the plot area: polylines, isolated points (drawn
// as dots so a single value still shows), and the points that get markers.
struct Trace {
    std::vector<Run> runs;
    std::vector<Pt> dots, points;
};

Trace trace(const Series& s, const Axis& ax, const Axis& ay);

// How many pieces of these traces fall into the box (unit coordinates).
std::size_t collisions(const std::vector<Trace>& traces, double x0, double y0, double x1,
                       double y1);



// ---------------------------------------------------------------------------------------------
// Drawing

// Okabe-Ito, without the yellow that vanishes on white; dash patterns take over when there are
// more series than colours can tell apart.
inline constexpr const char* palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                          "#E69F00", "#56B4E9", "#000000"};
inline constexpr const char* dash_patterns[] = {"", "7 4", "2 3", "9 3 2 3", "4 2 1 2 1 2"};

struct Style {
    std::string color, dash;
};

Style series_style(std::size_t i, std::size_t count, bool dashed,
                   const std::string& color = {});

struct Layout {
    double width = 720, height = 440;
    double left = 60, top = 40, right = 700, bottom = 390;   // plot area in pixels
    double px(double ux) const { return left + ux * (right - left); }
    double py(double uy) const { return bottom - uy * (bottom - top); }
    Pt pixel(Pt u) const { return {px(u.x), py(u.y)}; }
};

struct LegendEntry {
    std::string label;
    Style style;
    bool markers = false, star = false;
    bool end = false;   // a path's sample also shows the square that marks where it ends
};

// The square that marks where a path ends, centred on c, half a side r, in the path's colour.
std::string end_square(Pt c, double r, const std::string& color) {
    return "<rect x=\"" + num(c.x - r) + "\" y=\"" + num(c.y - r) + "\" width=\"" + num(2 * r) +
           "\" height=\"" + num(2 * r) + "\" fill=\"" + color +
           "\" stroke=\"#fff\" stroke-width=\"1\"/>\n";
}

constexpr double legend_font = 12, legend_row = 18, legend_sample = 28;

std::pair<double, double> legend_size(const std::vector<LegendEntry>& entries);

// "M x y L x y x y ..." for a pixel polyline.
std::string path_data(const std::vector<Pt>& p);

std::string star(Pt c, double r);

std::string stroke_attributes(const Style& s, double width);

void draw_legend(std::string& svg, const std::vector<LegendEntry>& entries, double x,
                 double y);

// The legend's top-left corner: inside the plot area in the first corner (top-right,
// top-left, bottom-right, bottom-left) where it covers nothing; nullopt if none is free.
std::optional<Pt> free_corner(const std::vector<Trace>& traces, const Layout& L,
                              std::pair<double, double> size,
                              const std::vector<Pt>& extra_points = {});

struct AxisTicks {
    std::vector<double> major, minor;
    std::vector<std::string> labels;
};

// Is v one of 1, 2, 5 times a power of ten?
bool one_two_five(double v);

// Major ticks with their labels, and minor ticks on log axes (every decade's 2..9 multiples).
AxisTicks axis_ticks(const Axis& a, int target);

constexpr double tick_font = 11, label_font = 13, title_font = 16;

// What both chart kinds share: the plot area, the axes and their ticks.
struct Frame {
    Layout L;
    Axis x, y;
    AxisTicks xt, yt;
};

// The root element, the <title>, the white background.
std::string svg_open(double width, double height, const std::string& title);

// Lays out a chart with these axes: margins from the labels, ticks that fit. With
// `outside_legend` (the legend's size) the plot area narrows to leave it room on the right.
Frame layout_frame(double width, double height, const Axis& x, const Axis& y,
                   bool has_title, bool has_x_label, bool has_y_label,
                   std::optional<std::pair<double, double>> outside_legend);

// Title, grid, frame, ticks, tick labels and axis labels.
void draw_frame(std::string& svg, const Frame& f, const std::string& title,
                const std::string& x_label, const std::string& y_label);

std::string clip_definition(const Layout& L);

// One series: its polylines (thinned), dots for isolated points, markers if asked for.
void draw_trace(std::string& svg, const Trace& t, const Layout& L, const Style& style,
                double line_width, bool markers);


// Every point of every series that can be drawn on the chart's axes (finite, and positive
// on a log axis): what the axis ranges are fitted to.
std::pair<std::vector<double>, std::vector<double>> drawable_points(const LineChart& chart);

}  // namespace detail

}  // namespace common::plot

namespace common::plot {
namespace detail {

double pow10(int d) { return std::strtod(("1e" + std::to_string(d)).c_str(), nullptr); }

std::string num(double v) {
    if (!std::isfinite(v)) v = 0;            // unreachable by construction; keeps "nan" out
    v = std::clamp(v, -1e7, 1e7);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string tidy_exponent(std::string s) {
    const auto e = s.find('e');
    if (e == std::string::npos) return s;
    std::string mantissa = s.substr(0, e);
    if (mantissa.find('.') != std::string::npos) {
        while (mantissa.back() == '0') mantissa.pop_back();
        if (mantissa.back() == '.') mantissa.pop_back();
    }
    std::string exponent = s.substr(e + 1);
    const bool negative = !exponent.empty() && exponent[0] == '-';
    std::size_t k = (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) ? 1 : 0;
    while (k + 1 < exponent.size() && exponent[k] == '0') ++k;
    return mantissa + "e" + (negative ? "-" : "") + exponent.substr(k);
}

std::string short_g(double v, int digits) {
    if (v == 0 || !std::isfinite(v)) return "0";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*g", std::clamp(digits, 1, 15), v);
    return tidy_exponent(buf);
}

std::string sci(double v, int digits) {
    if (v == 0 || !std::isfinite(v)) return "0";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*e", std::clamp(digits, 1, 15) - 1, v);
    return tidy_exponent(buf);
}

std::string xml(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                case '\'': out += "&#39;"; break;
                default: out += (c < 0x20 || c == 0x7f) ? ' ' : char(c);
            }
            ++i;
            continue;
        }
        // a well-formed multi-byte sequence is copied, anything else becomes '?'
        const std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        bool ok = n > 0 && i + n <= s.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            unsigned lo = 0x80, hi = 0xBF;
            if (k == 1 && c == 0xE0) lo = 0xA0;   // overlong
            if (k == 1 && c == 0xED) hi = 0x9F;   // surrogates
            if (k == 1 && c == 0xF0) lo = 0x90;   // overlong
            if (k == 1 && c == 0xF4) hi = 0x8F;   // beyond U+10FFFF
            ok = b >= lo && b <= hi;
        }
        if (ok) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

double text_width(std::string_view s, double font_size) {
    std::size_t chars = 0;
    for (const char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return 0.6 * font_size * double(chars);
}

}  // namespace detail
}  // namespace common::plot

namespace common::plot {

std::vector<double> nice_ticks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi) || !std::isfinite(hi - lo)) {
        return std::isfinite(lo) ? std::vector<double>{lo} : std::vector<double>{};
    }
    const double raw = (hi - lo) / std::max(1, target);
    int e = int(std::floor(std::log10(raw)));
    const double norm = raw / detail::pow10(e);
    int m = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    if (m == 10) {
        m = 1;
        ++e;
    }
    // i * m * 10^e, written so that 3 * 0.1 comes out as 0.3
    const double scale = detail::pow10(std::abs(e));
    auto value = [&](double i) { return e >= 0 ? i * m * scale : i * m / scale; };
    const double step = value(1);
    if (!(step > 0) || !std::isfinite(step)) return {lo, hi};
    const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
    std::vector<double> ticks;
    for (double i = first; i <= last && ticks.size() < 1000; ++i) {
        const double v = value(i);
        ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    }
    return ticks;
}

std::vector<double> log_ticks(double lo, double hi, int max_count) {
    if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return {};
    max_count = std::max(2, max_count);
    const int d0 = int(std::ceil(std::log10(lo) - 1e-9));
    const int d1 = int(std::floor(std::log10(hi) + 1e-9));
    std::vector<double> powers;
    const int stride = std::max(1, (d1 - d0 + max_count) / max_count);
    const int start = d0 + ((-d0) % stride + stride) % stride;   // multiples of the stride
    for (int d = start; d <= d1; d += stride) powers.push_back(detail::pow10(d));
    if (powers.size() >= 3) return powers;
    std::vector<double> one_two_five;
    for (int d = d0 - 1; d <= d1; ++d) {
        for (const int m : {1, 2, 5}) {
            const double v = m * detail::pow10(d);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) one_two_five.push_back(v);
        }
    }
    if (one_two_five.size() >= 2 && int(one_two_five.size()) <= max_count) return one_two_five;
    if (powers.size() >= 2) return powers;
    return one_two_five.size() >= 2 ? one_two_five : nice_ticks(lo, hi, 4);
}

std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
    double step = 0, largest = 0;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        largest = std::max(largest, std::abs(ticks[i]));
        const double gap = i > 0 ? ticks[i] - ticks[i - 1] : 0;
        if (gap > 0) step = step == 0 ? gap : std::min(step, gap);
    }
    if (!(step > 0)) step = largest > 0 ? largest : 1;
    const int e = int(std::floor(std::log10(step) + 1e-9));
    std::vector<std::string> labels;
    for (const double v : ticks) {
        if (largest < 1e6 && e >= -4) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "%.*f", std::max(0, -e), v);
            std::string s = buf;
            if (s.find('.') != std::string::npos) {   // 1.0 -> 1 next to 0.2, 0.4, ...
                while (s.back() == '0') s.pop_back();
                if (s.back() == '.') s.pop_back();
            }
            labels.push_back(std::strtod(buf, nullptr) == 0 ? "0" : s);
        } else {
            const int exponent = v == 0 ? e : int(std::floor(std::log10(std::abs(v)) + 1e-9));
            labels.push_back(detail::sci(v, exponent - e + 1));
        }
    }
    return labels;
}

std::string log_tick_label(double v) {
    if (v >= 1e-3 && v < 1e4) return detail::short_g(v, 4);
    return detail::sci(v, 3);
}

std::vector<double> log_levels(double lo, double hi, int count) {
    if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi)) {
        throw std::invalid_argument("log_levels: need 0 < lo, hi < inf, got lo=" +
                                    detail::short_g(lo, 6) + " hi=" + detail::short_g(hi, 6));
    }
    std::vector<double> levels;
    for (int i = 0; i < count; ++i) {
        const double t = count == 1 ? 0.0 : double(i) / (count - 1);
        levels.push_back(i == count - 1 && count > 1 ? hi : lo * std::pow(hi / lo, t));
    }
    return levels;
}

}  // namespace common::plot

namespace common::plot {
namespace detail {

Axis make_axis(const std::vector<double>& data, bool log, std::optional<Range> fixed,
               double pad) {
    Axis a;
    a.log = log;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    if (fixed && a.valid(fixed->first) && a.valid(fixed->second)) {
        lo = std::min(fixed->first, fixed->second);
        hi = std::max(fixed->first, fixed->second);
        pad = 0;
    } else {
        for (const double v : data) {
            if (a.valid(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (lo > hi) {                                   // nothing drawable
        lo = log ? 1 : 0;
        hi = log ? 10 : 1;
    }
    if (log) {
        double l0 = std::clamp(std::log10(lo), -300.0, 300.0);
        double l1 = std::clamp(std::log10(hi), -300.0, 300.0);
        if (l1 - l0 < 1e-12) {
            l0 -= 0.5;
            l1 += 0.5;
        }
        const double p = pad * (l1 - l0);
        a.lo = std::pow(10.0, l0 - p);
        a.hi = std::pow(10.0, l1 + p);
    } else {
        lo = std::max(lo, -1e300);
        hi = std::min(hi, 1e300);
        if (!(hi - lo > 1e-300 + 1e-12 * std::max(std::abs(lo), std::abs(hi)))) {
            const double d = lo == 0 ? 1 : std::abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        const double p = pad * (hi - lo);
        a.lo = lo - p;
        a.hi = hi + p;
    }
    return a;
}

bool clip_segment(Pt& a, Pt& b, double x0, double y0, double x1, double y1) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - x0, x1 - a.x, a.y - y0, y1 - a.y};
    double u0 = 0, u1 = 1;
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0) {
            if (q[k] < 0) return false;
        } else if (p[k] < 0) {
            u0 = std::max(u0, q[k] / p[k]);
        } else {
            u1 = std::min(u1, q[k] / p[k]);
        }
    }
    if (u0 > u1) return false;
    const Pt a0 = a;
    if (u0 > 0) a = {a0.x + u0 * dx, a0.y + u0 * dy};
    if (u1 < 1) b = {a0.x + u1 * dx, a0.y + u1 * dy};
    return true;
}

bool inside_unit(Pt p) { return p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1; }

Trace trace(const Series& s, const Axis& ax, const Axis& ay) {
    Trace t;
    const std::size_t n = std::min(s.x.size(), s.y.size());
    std::vector<Pt> u(n);
    std::vector<char> ok(n);
    for (std::size_t i = 0; i < n; ++i) {
        u[i] = {ax.unit(s.x[i]), ay.unit(s.y[i])};
        ok[i] = !std::isnan(u[i].x) && !std::isnan(u[i].y);
        if (ok[i] && inside_unit(u[i])) t.points.push_back(u[i]);
    }
    Run run;
    auto flush = [&] {
        if (run.size() >= 2) t.runs.push_back(run);
        run.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!ok[i]) {
            flush();
            continue;
        }
        const bool alone = (i == 0 || !ok[i - 1]) && (i + 1 == n || !ok[i + 1]);
        if (alone && inside_unit(u[i])) t.dots.push_back(u[i]);
        if (i == 0 || !ok[i - 1]) continue;
        Pt a = u[i - 1], b = u[i];
        if (!clip_segment(a, b, 0, 0, 1, 1)) {
            flush();
            continue;
        }
        if (run.empty() || a.x != run.back().x || a.y != run.back().y) {
            flush();
            run.push_back(a);
        }
        run.push_back(b);
        if (b.x != u[i].x || b.y != u[i].y) flush();   // left the plot area
    }
    flush();
    return t;
}

std::size_t collisions(const std::vector<Trace>& traces, double x0, double y0, double x1,
                       double y1) {
    std::size_t hits = 0;
    for (const Trace& t : traces) {
        for (const Run& r : t.runs) {
            for (std::size_t i = 1; i < r.size(); ++i) {
                Pt a = r[i - 1], b = r[i];
                hits += clip_segment(a, b, x0, y0, x1, y1);
            }
        }
        for (const Pt& p : t.dots) hits += p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
        for (const Pt& p : t.points) hits += p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
    }
    return hits;
}

std::vector<Pt> decimate(const std::vector<Pt>& p) {
    if (p.size() <= 2) return p;
    std::vector<Pt> kept;
    for (std::size_t i = 0; i < p.size();) {
        const double column = std::floor(p[i].x);
        std::size_t j = i, lo = i, hi = i;
        for (; j < p.size() && std::floor(p[j].x) == column; ++j) {
            if (p[j].y < p[lo].y) lo = j;
            if (p[j].y > p[hi].y) hi = j;
        }
        std::size_t pick[4] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
        for (int k = 0; k < 4; ++k) {
            if (k == 0 || pick[k] != pick[k - 1]) kept.push_back(p[pick[k]]);
        }
        i = j;
    }
    std::vector<Pt> out{kept.front()};
    for (std::size_t i = 1; i < kept.size(); ++i) {
        const bool last = i + 1 == kept.size();
        const double dx = kept[i].x - out.back().x, dy = kept[i].y - out.back().y;
        if (dx * dx + dy * dy >= 0.25 || (last && (dx != 0 || dy != 0))) out.push_back(kept[i]);
    }
    return out;
}

std::vector<Run> contour_lines(const std::vector<double>& values, int n, double level) {
    std::vector<Run> lines;
    if (n < 1 || !std::isfinite(level) ||
        values.size() != std::size_t(n + 1) * std::size_t(n + 1)) {
        return lines;
    }
    const int nodes = n + 1;
    auto v = [&](int i, int j) { return values[std::size_t(j) * nodes + i]; };
    // edge ids: horizontal (i,j)-(i+1,j) first, then vertical (i,j)-(i,j+1)
    const int horizontal = n * nodes;
    auto h_edge = [&](int i, int j) { return j * n + i; };
    auto v_edge = [&](int i, int j) { return horizontal + j * nodes + i; };
    auto crossing = [&](int edge) -> Pt {
        const bool is_h = edge < horizontal;
        const int id = is_h ? edge : edge - horizontal;
        const int i = is_h ? id % n : id % nodes, j = is_h ? id / n : id / nodes;
        const double a = v(i, j), b = is_h ? v(i + 1, j) : v(i, j + 1);
        double t = (level - a) / (b - a);
        if (!std::isfinite(t)) t = 0.5;
        t = std::clamp(t, 0.0, 1.0);
        return is_h ? Pt{(i + t) / n, double(j) / n} : Pt{double(i) / n, (j + t) / n};
    };
    std::vector<std::pair<int, int>> segments;   // pairs of edge ids
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            const double c[4] = {v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)};
            if (!std::isfinite(c[0]) || !std::isfinite(c[1]) || !std::isfinite(c[2]) ||
                !std::isfinite(c[3])) {
                continue;
            }
            const bool up[4] = {c[0] >= level, c[1] >= level, c[2] >= level, c[3] >= level};
            // edges in order bottom, right, top, left; edge k joins corners k and k+1
            const int edge[4] = {h_edge(i, j), v_edge(i + 1, j), h_edge(i, j + 1), v_edge(i, j)};
            int crossed[4], count = 0;
            for (int k = 0; k < 4; ++k) {
                if (up[k] != up[(k + 1) % 4]) crossed[count++] = k;
            }
            if (count == 2) {
                segments.push_back({edge[crossed[0]], edge[crossed[1]]});
            } else if (count == 4) {
                const bool centre_up = (c[0] + c[1] + c[2] + c[3]) / 4 >= level;
                if (centre_up == up[0]) {   // corners 0 and 2 joined: cut off corners 1 and 3
                    segments.push_back({edge[0], edge[1]});
                    segments.push_back({edge[2], edge[3]});
                } else {                    // cut off corners 0 and 2
                    segments.push_back({edge[3], edge[0]});
                    segments.push_back({edge[1], edge[2]});
                }
            }
        }
    }
    // join segments that share an edge crossing (each crossing touches at most two)
    std::vector<int> first(std::size_t(2) * horizontal, -1), second(first.size(), -1);
    for (int s = 0; s < int(segments.size()); ++s) {
        for (const int e : {segments[s].first, segments[s].second}) {
            (first[e] < 0 ? first[e] : second[e]) = s;
        }
    }
    std::vector<char> used(segments.size(), 0);
    auto walk = [&](int s, int start_edge) {
        Run line{crossing(start_edge)};
        int edge = start_edge;
        while (s >= 0 && !used[s]) {
            used[s] = 1;
            edge = segments[s].first == edge ? segments[s].second : segments[s].first;
            line.push_back(crossing(edge));
            s = first[edge] == s ? second[edge] : first[edge];
        }
        lines.push_back(std::move(line));
    };
    for (int s = 0; s < int(segments.size()); ++s) {   // open lines start at a loose end
        if (used[s]) continue;
        for (const int e : {segments[s].first, segments[s].second}) {
            if (!used[s] && second[e] < 0) walk(s, e);
        }
    }
    for (int s = 0; s < int(segments.size()); ++s) {   // what is left are closed loops
        if (!used[s]) walk(s, segments[s].first);
    }
    return lines;
}

Style series_style(std::size_t i, std::size_t count, bool dashed,
                   const std::string& color) {
    Style s{color.empty() ? std::string(palette[i % 7]) : color, ""};
    if (count > 4) s.dash = dash_patterns[i % 5];
    if (dashed) s.dash = "7 4";
    return s;
}

std::pair<double, double> legend_size(const std::vector<LegendEntry>& entries) {
    double text = 0;
    for (const auto& e : entries) text = std::max(text, text_width(e.label, legend_font));
    return {legend_sample + text + 24, legend_row * double(entries.size()) + 10};
}

std::string path_data(const std::vector<Pt>& p) {
    std::string d;
    for (std::size_t i = 0; i < p.size(); ++i) {
        d += (i == 0 ? "M" : i == 1 ? " L" : " ") + num(p[i].x) + " " + num(p[i].y);
    }
    return d;
}

std::string star(Pt c, double r) {
    std::string pts;
    for (int k = 0; k < 10; ++k) {
        const double a = std::numbers::pi * (0.5 + k / 5.0), rr = k % 2 == 0 ? r : r * 0.45;
        pts += (k ? " " : "") + num(c.x + rr * std::cos(a)) + "," + num(c.y - rr * std::sin(a));
    }
    return "<polygon points=\"" + pts + "\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"1\"/>\n";
}

std::string stroke_attributes(const Style& s, double width) {
    std::string a = "fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"" + num(width) +
                    "\" stroke-linejoin=\"round\" stroke-linecap=\"round\"";
    if (!s.dash.empty()) a += " stroke-dasharray=\"" + s.dash + "\"";
    return a;
}

void draw_legend(std::string& svg, const std::vector<LegendEntry>& entries, double x,
                 double y) {
    if (entries.empty()) return;
    const auto [w, h] = legend_size(entries);
    svg += "<g class=\"legend\" font-size=\"" + num(legend_font) + "\">\n";
    svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" +
           num(h) + "\" fill=\"#fff\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const LegendEntry& e = entries[i];
        const double cy = y + 5 + legend_row * double(i) + legend_row / 2;
        const double x0 = x + 8, x1 = x0 + legend_sample - 6;
        if (e.star) {
            svg += star({(x0 + x1) / 2, cy}, 6);
        } else {
            svg += "<path d=\"M" + num(x0) + " " + num(cy) + " L" + num(x1) + " " + num(cy) +
                   "\" " + stroke_attributes(e.style, 2) + "/>\n";
            if (e.markers) {
                svg += "<circle cx=\"" + num((x0 + x1) / 2) + "\" cy=\"" + num(cy) +
                       "\" r=\"2.5\" fill=\"" + e.style.color + "\"/>\n";
            }
            if (e.end) svg += end_square({x1, cy}, 4, e.style.color);
        }
        svg += "<text x=\"" + num(x + 8 + legend_sample) + "\" y=\"" + num(cy + 4) +
               "\" fill=\"#222\">" + xml(e.label) + "</text>\n";
    }
    svg += "</g>\n";
}

std::optional<Pt> free_corner(const std::vector<Trace>& traces, const Layout& L,
                              std::pair<double, double> size,
                              const std::vector<Pt>& extra_points) {
    const double pw = L.right - L.left, ph = L.bottom - L.top, margin = 8, slack = 4;
    const double w = size.first, h = size.second;
    if (w + 2 * margin > pw * 0.6 || h + 2 * margin > ph * 0.8) return std::nullopt;
    const Pt corners[4] = {{L.right - margin - w, L.top + margin},
                           {L.left + margin, L.top + margin},
                           {L.right - margin - w, L.bottom - margin - h},
                           {L.left + margin, L.bottom - margin - h}};
    for (const Pt c : corners) {
        const double x0 = (c.x - slack - L.left) / pw, x1 = (c.x + w + slack - L.left) / pw;
        const double y1 = (L.bottom - c.y + slack) / ph, y0 = (L.bottom - c.y - h - slack) / ph;
        std::size_t hits = collisions(traces, x0, y0, x1, y1);
        for (const Pt& p : extra_points) hits += p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
        if (hits == 0) return c;
    }
    return std::nullopt;
}

bool one_two_five(double v) {
    const double m = v / pow10(int(std::floor(std::log10(v) + 1e-9)));
    return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9;
}

AxisTicks axis_ticks(const Axis& a, int target) {
    AxisTicks t;
    if (!a.log) {
        t.major = nice_ticks(a.lo, a.hi, target);
        t.labels = tick_labels(t.major);
        return t;
    }
    t.major = log_ticks(a.lo, a.hi, target + 2);
    const bool decades = t.major.size() >= 2 &&
                         std::all_of(t.major.begin(), t.major.end(), one_two_five);
    if (!decades) {                        // a narrow range with linear ticks
        t.labels = tick_labels(t.major);
        return t;
    }
    for (const double v : t.major) t.labels.push_back(log_tick_label(v));
    if (t.major[1] / t.major[0] > 10.01) return t;   // every k-th decade: no minor ticks
    const int d0 = int(std::floor(std::log10(a.lo))), d1 = int(std::ceil(std::log10(a.hi)));
    for (int d = d0; d <= d1; ++d) {       // minor ticks at the other multiples 2..9
        for (int m = 2; m <= 9; ++m) {
            const double v = m * pow10(d);
            const bool taken = std::any_of(t.major.begin(), t.major.end(), [&](double u) {
                return std::abs(u - v) <= 1e-9 * v;
            });
            if (v >= a.lo && v <= a.hi && !taken) t.minor.push_back(v);
        }
    }
    return t;
}

std::string svg_open(double width, double height, const std::string& title) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
           num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
           "\" font-family=\"sans-serif\">\n<title>" + xml(title.empty() ? "chart" : title) +
           "</title>\n<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" +
           num(height) + "\" fill=\"#fff\"/>\n";
}

Frame layout_frame(double width, double height, const Axis& x, const Axis& y,
                   bool has_title, bool has_x_label, bool has_y_label,
                   std::optional<std::pair<double, double>> outside_legend) {
    Frame f;
    f.x = x;
    f.y = y;
    Layout& L = f.L;
    L.width = std::max(200.0, width);
    L.height = std::max(150.0, height);
    if (outside_legend) L.height = std::max(L.height, outside_legend->second + 110);
    L.top = has_title ? 44 : 16;
    L.bottom = L.height - (has_x_label ? 52 : 32);
    f.yt = axis_ticks(y, std::max(2, int((L.bottom - L.top) / 50)));
    double label_w = 0;
    for (const auto& s : f.yt.labels) label_w = std::max(label_w, text_width(s, tick_font));
    L.left = std::max(48.0, label_w + (has_y_label ? 40 : 16));
    L.right = L.width - (outside_legend ? outside_legend->first + 28 : 24);
    // x ticks: as many as fit without their labels touching
    const double pw = L.right - L.left;
    for (int target = std::max(2, int(pw / 70)); target >= 1; --target) {
        f.xt = axis_ticks(x, target);
        double widest = 0, closest = pw;
        for (std::size_t i = 0; i < f.xt.major.size(); ++i) {
            widest = std::max(widest, text_width(f.xt.labels[i], tick_font));
            if (i > 0) {
                closest = std::min(closest, pw * (x.unit(f.xt.major[i]) -
                                                  x.unit(f.xt.major[i - 1])));
            }
        }
        if (closest >= widest + 12) break;
    }
    if (!f.xt.labels.empty() && !outside_legend) {   // room for half of the last label
        const double half = text_width(f.xt.labels.back(), tick_font) / 2;
        const double overhang = L.px(x.unit(f.xt.major.back())) + half + 6 - L.width;
        if (overhang > 0) L.right -= overhang;
    }
    return f;
}

void draw_frame(std::string& svg, const Frame& f, const std::string& title,
                const std::string& x_label, const std::string& y_label) {
    const Layout& L = f.L;
    if (!title.empty()) {
        double size = title_font;
        while (size > 10 && text_width(title, size) > L.width - 20) size -= 1;
        svg += "<text x=\"" + num(L.width / 2) + "\" y=\"26\" text-anchor=\"middle\" font-size=\"" +
               num(size) + "\" font-weight=\"bold\" fill=\"#222\">" + xml(title) + "</text>\n";
    }
    // grid at the major ticks
    svg += "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n";
    std::string grid;
    for (const double v : f.xt.major) {
        const double x = L.px(f.x.unit(v));
        grid += "M" + num(x) + " " + num(L.top) + " V" + num(L.bottom) + " ";
    }
    for (const double v : f.yt.major) {
        const double y = L.py(f.y.unit(v));
        grid += "M" + num(L.left) + " " + num(y) + " H" + num(L.right) + " ";
    }
    if (!grid.empty()) {
        grid.pop_back();
        svg += "<path d=\"" + grid + "\"/>\n";
    }
    svg += "</g>\n";
    // frame, ticks and tick labels
    svg += "<g class=\"axes\" fill=\"#333\" font-size=\"" + num(tick_font) + "\">\n";
    svg += "<rect x=\"" + num(L.left) + "\" y=\"" + num(L.top) + "\" width=\"" +
           num(L.right - L.left) + "\" height=\"" + num(L.bottom - L.top) +
           "\" fill=\"none\" stroke=\"#444\"/>\n";
    std::string ticks;
    for (const double v : f.xt.major) {
        ticks += "M" + num(L.px(f.x.unit(v))) + " " + num(L.bottom) + " v5 ";
    }
    for (const double v : f.xt.minor) {
        ticks += "M" + num(L.px(f.x.unit(v))) + " " + num(L.bottom) + " v3 ";
    }
    for (const double v : f.yt.major) {
        ticks += "M" + num(L.left) + " " + num(L.py(f.y.unit(v))) + " h-5 ";
    }
    for (const double v : f.yt.minor) {
        ticks += "M" + num(L.left) + " " + num(L.py(f.y.unit(v))) + " h-3 ";
    }
    if (!ticks.empty()) {
        ticks.pop_back();
        svg += "<path d=\"" + ticks + "\" stroke=\"#444\"/>\n";
    }
    for (std::size_t i = 0; i < f.xt.major.size(); ++i) {
        svg += "<text x=\"" + num(L.px(f.x.unit(f.xt.major[i]))) + "\" y=\"" +
               num(L.bottom + 18) + "\" text-anchor=\"middle\">" + xml(f.xt.labels[i]) +
               "</text>\n";
    }
    for (std::size_t i = 0; i < f.yt.major.size(); ++i) {
        svg += "<text x=\"" + num(L.left - 8) + "\" y=\"" + num(L.py(f.y.unit(f.yt.major[i])) + 4) +
               "\" text-anchor=\"end\">" + xml(f.yt.labels[i]) + "</text>\n";
    }
    svg += "</g>\n";
    // axis labels
    if (!x_label.empty()) {
        svg += "<text x=\"" + num((L.left + L.right) / 2) + "\" y=\"" + num(L.bottom + 40) +
               "\" text-anchor=\"middle\" font-size=\"" + num(label_font) + "\" fill=\"#222\">" +
               xml(x_label) + "</text>\n";
    }
    if (!y_label.empty()) {
        svg += "<text transform=\"translate(18," + num((L.top + L.bottom) / 2) +
               ") rotate(-90)\" text-anchor=\"middle\" font-size=\"" + num(label_font) +
               "\" fill=\"#222\">" + xml(y_label) + "</text>\n";
    }
}

std::string clip_definition(const Layout& L) {
    return "<defs><clipPath id=\"plot-area\"><rect x=\"" + num(L.left) + "\" y=\"" + num(L.top) +
           "\" width=\"" + num(L.right - L.left) + "\" height=\"" + num(L.bottom - L.top) +
           "\"/></clipPath></defs>\n";
}

void draw_trace(std::string& svg, const Trace& t, const Layout& L, const Style& style,
                double line_width, bool markers) {
    svg += "<g " + stroke_attributes(style, line_width) + ">\n";
    for (const Run& r : t.runs) {
        std::vector<Pt> p;
        p.reserve(r.size());
        for (const Pt& u : r) p.push_back(L.pixel(u));
        svg += "<path d=\"" + path_data(decimate(p)) + "\"/>\n";
    }
    svg += "</g>\n";
    std::vector<Pt> dots;
    for (const Pt& u : t.dots) dots.push_back(L.pixel(u));
    if (markers) {   // every point, at most ~3000 and none on top of the previous one
        const std::size_t stride = std::max<std::size_t>(1, t.points.size() / 3000);
        for (std::size_t i = 0; i < t.points.size(); i += stride) {
            const Pt p = L.pixel(t.points[i]);
            if (!dots.empty() && std::hypot(p.x - dots.back().x, p.y - dots.back().y) < 1) {
                continue;
            }
            dots.push_back(p);
        }
    }
    if (dots.empty()) return;
    svg += "<g fill=\"" + style.color + "\">\n";
    for (const Pt& p : dots) {
        svg += "<circle cx=\"" + num(p.x) + "\" cy=\"" + num(p.y) + "\" r=\"2.5\"/>\n";
    }
    svg += "</g>\n";
}

// The legend goes inside where it covers nothing, else outside on the right.
template <class MakeFrame>
std::pair<Frame, Pt> place_legend(const std::vector<LegendEntry>& entries,
                                  const std::vector<Trace>& traces,
                                  const std::vector<Pt>& extra, MakeFrame make_frame) {
    Frame f = make_frame(std::optional<std::pair<double, double>>{});
    if (entries.empty()) return {f, {0, 0}};
    const auto size = legend_size(entries);
    if (const auto corner = free_corner(traces, f.L, size, extra)) return {f, *corner};
    f = make_frame(size);
    return {f, {f.L.right + 16, f.L.top}};
}

std::pair<std::vector<double>, std::vector<double>> drawable_points(const LineChart& chart) {
    std::vector<double> xs, ys;
    const Axis probe_x{0, 1, chart.log_x}, probe_y{0, 1, chart.log_y};
    for (const Series& s : chart.series) {
        for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
            if (probe_x.valid(s.x[i]) && probe_y.valid(s.y[i])) {
                xs.push_back(s.x[i]);
                ys.push_back(s.y[i]);
            }
        }
    }
    return {xs, ys};
}

}  // namespace detail
}  // namespace common::plot

namespace common::plot {

std::string to_svg(const LineChart& chart) {
    using namespace detail;
    const auto [xs, ys] = drawable_points(chart);
    const Axis ax = make_axis(xs, chart.log_x, chart.x_range, 0.03);
    const Axis ay = make_axis(ys, chart.log_y, chart.y_range, 0.05);
    std::vector<Trace> traces;
    std::vector<LegendEntry> entries;
    const std::size_t count = chart.series.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Series& s = chart.series[i];
        traces.push_back(trace(s, ax, ay));
        if (!s.label.empty()) {
            entries.push_back(
                {s.label, series_style(i, count, s.dashed, s.color), s.markers, false});
        }
    }
    const auto [f, legend_at] = place_legend(entries, traces, {}, [&](auto outside) {
        return layout_frame(chart.width, chart.height, ax, ay, !chart.title.empty(),
                            !chart.x_label.empty(), !chart.y_label.empty(), outside);
    });
    std::string svg = svg_open(f.L.width, f.L.height, chart.title);
    svg += clip_definition(f.L);
    draw_frame(svg, f, chart.title, chart.x_label, chart.y_label);
    svg += "<g class=\"series\" clip-path=\"url(#plot-area)\">\n";
    for (std::size_t i = 0; i < count; ++i) {
        const Series& s = chart.series[i];
        draw_trace(svg, traces[i], f.L, series_style(i, count, s.dashed, s.color), 2, s.markers);
    }
    svg += "</g>\n";
    draw_legend(svg, entries, legend_at.x, legend_at.y);
    svg += "</svg>\n";
    return svg;
}

std::string to_svg(const ContourPlot& plot) {
    using namespace detail;
    const Axis ax = make_axis({}, false, plot.x_range, 0);
    const Axis ay = make_axis({}, false, plot.y_range, 0);
    std::vector<Trace> traces;
    std::vector<LegendEntry> entries;
    const std::size_t count = plot.paths.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Series& s = plot.paths[i];
        traces.push_back(trace(s, ax, ay));
        if (!s.label.empty()) {
            entries.push_back(
                {s.label, series_style(i, count, s.dashed, s.color), true, false, true});
        }
    }
    std::vector<Pt> minimum;
    if (plot.minimum) {
        const Pt u{ax.unit(plot.minimum->first), ay.unit(plot.minimum->second)};
        if (inside_unit(u)) {
            minimum.push_back(u);
            entries.push_back({"minimum", {}, false, true});
        }
    }
    const auto [frame, legend_at] = place_legend(entries, traces, minimum, [&](auto outside) {
        return layout_frame(plot.width, plot.height, ax, ay, !plot.title.empty(),
                            !plot.x_label.empty(), !plot.y_label.empty(), outside);
    });
    std::string svg = svg_open(frame.L.width, frame.L.height, plot.title);
    svg += clip_definition(frame.L);
    draw_frame(svg, frame, plot.title, plot.x_label, plot.y_label);

    // f on the grid's nodes, then one path per level
    const int n = std::clamp(plot.grid, 2, 1000);
    std::vector<double> values(std::size_t(n + 1) * std::size_t(n + 1), not_a_number);
    if (plot.f) {
        for (int j = 0; j <= n; ++j) {
            for (int i = 0; i <= n; ++i) {
                values[std::size_t(j) * (n + 1) + i] = plot.f(ax.value(double(i) / n),
                                                              ay.value(double(j) / n));
            }
        }
    }
    svg += "<g class=\"contours\" fill=\"none\" stroke=\"#9a9a9a\" stroke-width=\"0.8\">\n";
    for (const double level : plot.levels) {
        std::string d;
        for (const Run& line : contour_lines(values, n, level)) {
            std::vector<Pt> p;
            for (const Pt& u : line) p.push_back(frame.L.pixel(u));
            d += (d.empty() ? "" : " ") + path_data(decimate(p));
        }
        if (!d.empty()) {
            svg += "<path d=\"" + d + "\"><title>f = " + short_g(level, 4) +   // a tooltip
                   "</title></path>\n";
        }
    }
    svg += "</g>\n";

    svg += "<g class=\"paths\" clip-path=\"url(#plot-area)\">\n";
    for (std::size_t i = 0; i < count; ++i) {
        const Series& s = plot.paths[i];
        const Style style = series_style(i, count, s.dashed, s.color);
        draw_trace(svg, traces[i], frame.L, style, 1.5, true);
        for (std::size_t k = 0; k < std::min(s.x.size(), s.y.size()); ++k) {   // the start
            const Pt u{ax.unit(s.x[k]), ay.unit(s.y[k])};
            if (std::isnan(u.x) || std::isnan(u.y)) continue;
            if (inside_unit(u)) {
                const Pt p = frame.L.pixel(u);
                svg += "<circle cx=\"" + num(p.x) + "\" cy=\"" + num(p.y) +
                       "\" r=\"5\" fill=\"#fff\" stroke=\"" + style.color +
                       "\" stroke-width=\"2\"/>\n";
            }
            break;
        }
    }
    // Where each path ends, drawn over every path so that no end hides under another path's
    // line: a square in the path's colour, each one smaller than the one before, so that
    // paths ending at the same point show as nested squares. A path whose last point lies
    // off the chart has none.
    for (std::size_t i = 0; i < count; ++i) {
        const Series& s = plot.paths[i];
        const std::size_t n_points = std::min(s.x.size(), s.y.size());
        if (n_points == 0) continue;
        const Pt u{ax.unit(s.x[n_points - 1]), ay.unit(s.y[n_points - 1])};
        if (std::isnan(u.x) || std::isnan(u.y) || !inside_unit(u)) continue;
        const double r = std::max(3.0, 8.0 - 2.5 * double(i));
        svg += end_square(frame.L.pixel(u), r, series_style(i, count, s.dashed, s.color).color);
    }
    svg += "</g>\n";
    for (const Pt& u : minimum) svg += star(frame.L.pixel(u), 8);
    draw_legend(svg, entries, legend_at.x, legend_at.y);
    svg += "</svg>\n";
    return svg;
}

void write_svg(const std::filesystem::path& file, const std::string& svg) {
    namespace fs = std::filesystem;
    auto fail = [&](const std::string& why) {
        throw std::runtime_error("cannot write " + file.string() + ": " + why);
    };
    if (file.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        if (ec) fail(ec.message());
    }
    // The text goes to a temporary file beside the target, which then replaces the target in
    // one rename: a full disk or a failed write leaves the old figure as it was.
    fs::path temp;
    std::FILE* out = open_new_file(file.parent_path(), file.filename().string(), ".partial",
                                   temp);
    if (!out) fail(std::strerror(errno));
    int error = 0;
    const auto reason = [] { return errno != 0 ? errno : EIO; };
    errno = 0;
    if (std::fwrite(svg.data(), 1, svg.size(), out) != svg.size()) error = reason();
    if (std::fflush(out) != 0 && error == 0) error = reason();
    if (std::fclose(out) != 0 && error == 0) error = reason();
    if (error == 0 && std::rename(temp.c_str(), file.c_str()) != 0) error = reason();
    if (error != 0) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        const bool kept = fs::exists(file, ignored);
        fail(std::string(std::strerror(error)) +
             (kept ? " (the figure already there is kept as it was)" : ""));
    }
}

void print_figures(const std::vector<std::filesystem::path>& files) {
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::printf("%s%s\n", i == 0 ? "figures   " : "          ",
                    std::filesystem::proximate(files[i]).c_str());
    }
}

std::string terminal_chart(const LineChart& chart, int width, int height) {
    using namespace detail;
    width = std::clamp(width, 8, 1000);
    height = std::clamp(height, 2, 500);
    static constexpr char glyphs[] = "*o+x#@%=~&";
    const auto [xs, ys] = drawable_points(chart);
    const Axis ax = make_axis(xs, chart.log_x, chart.x_range, 0);
    const Axis ay = make_axis(ys, chart.log_y, chart.y_range, 0);
    std::vector<std::string> rows(std::size_t(height), std::string(std::size_t(width), ' '));
    auto cell = [&](Pt u) {
        const int c = std::clamp(int(std::lround(u.x * (width - 1))), 0, width - 1);
        const int r = std::clamp(int(std::lround((1 - u.y) * (height - 1))), 0, height - 1);
        return std::pair{c, r};
    };
    std::string legend;
    for (std::size_t k = 0; k < chart.series.size(); ++k) {
        const char g = glyphs[k % 10];
        const Trace t = trace(chart.series[k], ax, ay);
        for (const Run& r : t.runs) {
            for (std::size_t i = 1; i < r.size(); ++i) {
                const auto [c0, r0] = cell(r[i - 1]);
                const auto [c1, r1] = cell(r[i]);
                const int steps = std::max(std::abs(c1 - c0), std::abs(r1 - r0));
                for (int s = 0; s <= steps; ++s) {
                    const double f = steps == 0 ? 0 : double(s) / steps;
                    const auto c = std::size_t(std::lround(c0 + f * (c1 - c0)));
                    rows[std::size_t(std::lround(r0 + f * (r1 - r0)))][c] = g;
                }
            }
        }
        for (const Pt& u : t.dots) {
            const auto [c, r] = cell(u);
            rows[std::size_t(r)][std::size_t(c)] = g;
        }
        if (!chart.series[k].label.empty()) {
            legend += (legend.empty() ? "" : "   ") + std::string(1, g) + " " +
                      chart.series[k].label;
        }
    }
    const std::string top = short_g(ay.hi, 3), bottom = short_g(ay.lo, 3);
    const std::size_t gutter = std::max(top.size(), bottom.size()) + 1;
    auto pad = [](const std::string& s, std::size_t w) {
        return std::string(w > s.size() ? w - s.size() : 0, ' ') + s;
    };
    const std::string rule = "+" + std::string(std::size_t(width), '-') + "+\n";
    std::string out;
    if (!chart.title.empty()) out += chart.title + "\n";
    if (!chart.y_label.empty()) out += std::string(gutter + 1, ' ') + chart.y_label + "\n";
    out += pad(top, gutter - 1) + " " + rule;
    for (const std::string& r : rows) out += std::string(gutter, ' ') + "|" + r + "|\n";
    out += pad(bottom, gutter - 1) + " " + rule;
    // x range: lo under the left edge, hi ending under the right edge, the label between
    const std::string x_lo = short_g(ax.lo, 3), x_hi = short_g(ax.hi, 3);
    std::string under(std::size_t(width) + 2, ' ');
    under.replace(0, x_lo.size(), x_lo);
    const std::size_t hi_at = under.size() > x_hi.size() ? under.size() - x_hi.size() : 0;
    under.replace(hi_at, x_hi.size(), x_hi);
    const std::string& xl = chart.x_label;
    const std::size_t xl_at = under.size() > xl.size() ? (under.size() - xl.size()) / 2 : 0;
    if (!xl.empty() && xl_at >= x_lo.size() + 1 && xl_at + xl.size() + 1 <= hi_at) {
        under.replace(xl_at, xl.size(), xl);
    }
    while (!under.empty() && under.back() == ' ') under.pop_back();
    out += std::string(gutter, ' ') + under + "\n";
    if (!xl.empty() && under.find(xl) == std::string::npos) {
        out += std::string(gutter, ' ') + "x: " + xl + "\n";
    }
    if (!legend.empty()) out += std::string(gutter, ' ') + legend + "\n";
    return out;
}

}  // namespace common::plot
