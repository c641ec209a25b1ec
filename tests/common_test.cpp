// The tests of common/: what every chapter stands on.
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>

#include "common/check.hpp"
#include "tests/common/cli_test.hpp"
#include "tests/common/csv_test.hpp"
#include "tests/common/functions_2d_test.hpp"
#include "tests/common/matrix_test.hpp"
#include "tests/common/plot_test.hpp"
#include "tests/common/random_test.hpp"
#include "tests/common/report_test.hpp"
#include "tests/common/rows_test.hpp"
#include "tests/common/update_loop_beyond_test.hpp"
#include "tests/common/update_loop_test.hpp"

// Every operator new of this program (plain and aligned), counted by the size asked for,
// so the CSV checks can measure what reading a file takes: csv_test::heap_peak(). Each
// block keeps its size in a header just before the pointer returned (16 bytes for plain
// new, one alignment unit for aligned new, so the pointer keeps its alignment). Not
// inlined: GCC would then see a new paired with free().
namespace {
std::size_t heap_now = 0;
std::size_t heap_most = 0;
constexpr std::size_t plain_header = alignof(std::max_align_t);

void* counted(void* base, std::size_t header, std::size_t size) {
    if (!base) throw std::bad_alloc();
    *static_cast<std::size_t*>(base) = size;
    heap_now += size;
    heap_most = std::max(heap_most, heap_now);
    return static_cast<char*>(base) + header;
}
void uncounted(void* block, std::size_t header) {
    if (!block) return;
    void* base = static_cast<char*>(block) - header;
    heap_now -= *static_cast<std::size_t*>(base);
    std::free(base);
}
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t size) {
    return counted(std::malloc(plain_header + size), plain_header, size);
}
[[gnu::noinline]] void operator delete(void* block) noexcept { uncounted(block, plain_header); }
void operator delete(void* block, std::size_t) noexcept { operator delete(block); }
// The aligned forms too: Matrix and the optimizer states allocate through them.
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment) {
    const std::size_t a = std::max(static_cast<std::size_t>(alignment), sizeof(std::size_t));
    return counted(std::aligned_alloc(a, a + (size + a - 1) / a * a), a, size);
}
[[gnu::noinline]] void operator delete(void* block, std::align_val_t alignment) noexcept {
    uncounted(block, std::max(static_cast<std::size_t>(alignment), sizeof(std::size_t)));
}
void operator delete(void* block, std::size_t, std::align_val_t alignment) noexcept {
    operator delete(block, alignment);
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete[](void* block) noexcept { operator delete(block); }
void operator delete[](void* block, std::size_t) noexcept { operator delete(block); }

std::size_t csv_test::heap_in_use() { return heap_now; }
std::size_t csv_test::heap_peak() { return heap_most; }
void csv_test::reset_heap_peak() { heap_most = heap_now; }

int main() {
    common::Checker check("common");
    test_matrix(check);
    test_random(check);
    test_csv(check);
    test_cli(check);
    test_functions_2d(check);
    test_update_loop(check);
    test_update_loop_beyond(check);
    test_aligned_storage(check);
    test_rows(check);
    test_plot(check);
    test_report(check);
    return check.finish();
}
