// Linked into chapter-<name>-exercise (`make chapter-<name> EXERCISE=1`): before main, the
// program says that it runs the learner's copy of the chapter's equations.
#include <cstdio>

namespace {

[[maybe_unused]] const int banner = [] {
    std::printf("%s, built with your exercise copy %s (make %s runs the chapter's own "
                "header)\n\n", CHAPTER, EXERCISE_SHOWN, CHAPTER);
    return 0;
}();

}  // namespace
