// aligned.hpp: AlignedAllocator<T>, a std::allocator that starts every block on a 64-byte
// boundary (a cache line, and the widest SIMD register: AVX-512), and aligned_vector<T>,
// the std::vector that uses it. Matrix and every optimizer state hold their numbers in it,
// so a native_simd load or store never straddles two cache lines; plain std::vector gives
// 16 bytes (and glibc's large blocks start 16 bytes past a 64-byte boundary).
// Leaves out: other alignments, pools, huge pages, over-aligned element types.
// Introduced in: chapters/01-gradient-descent (Matrix); also 03-05 (the optimizer states).
#pragma once

#include <cstddef>
#include <limits>
#include <new>
#include <vector>

namespace common {

inline constexpr std::size_t storage_alignment = 64;  // bytes

template <class T>
struct AlignedAllocator {
    using value_type = T;
    static_assert(alignof(T) <= storage_alignment, "AlignedAllocator: T is over-aligned");

    AlignedAllocator() noexcept = default;
    template <class U>
    AlignedAllocator(const AlignedAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) {
            throw std::bad_array_new_length();
        }
        return static_cast<T*>(
            ::operator new(n * sizeof(T), std::align_val_t{storage_alignment}));
    }
    void deallocate(T* p, std::size_t) noexcept {
        ::operator delete(p, std::align_val_t{storage_alignment});
    }

    template <class U>
    friend bool operator==(const AlignedAllocator&, const AlignedAllocator<U>&) noexcept {
        return true;  // stateless: any one frees what another allocated
    }
};

template <class T>
using aligned_vector = std::vector<T, AlignedAllocator<T>>;

}  // namespace common
