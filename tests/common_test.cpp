// The tests of common/: what every chapter stands on.
#include "common/check.hpp"
#include "tests/common/cli_test.hpp"
#include "tests/common/csv_test.hpp"
#include "tests/common/functions_2d_test.hpp"
#include "tests/common/matrix_test.hpp"
#include "tests/common/plot_test.hpp"
#include "tests/common/random_test.hpp"
#include "tests/common/report_test.hpp"
#include "tests/common/rows_test.hpp"
#include "tests/common/update_loop_test.hpp"

int main() {
    common::Checker check("common");
    test_matrix(check);
    test_random(check);
    test_csv(check);
    test_cli(check);
    test_functions_2d(check);
    test_update_loop(check);
    test_rows(check);
    test_plot(check);
    test_report(check);
    return check.finish();
}
