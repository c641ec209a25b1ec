#!/usr/bin/env python3
"""compare_torch.py: the project's update rules, batch norm and gradient-descent epochs
beside PyTorch's and NumPy's, in one process, on one thread.

Builds tests/bench/capi.cpp (a C ABI over the chapters' own code) into a shared library,
loads it with ctypes beside torch and numpy, first checks that both sides compute the same
numbers, then times them interleaved (project, torch, project, torch, ...) and prints the
median times and their ratios. Inputs are seeded, so every run computes the same numbers;
the times are this machine's.

Run: make compare-torch     or     python3 tests/bench/compare_torch.py [--help]
Needs python3 with numpy and torch (1.13 or later) and g++; without numpy or torch it says so
in one line and exits 0. Not part of make test.
"""
import os

# One thread everywhere: NumPy's BLAS and torch read these when they load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import ctypes  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
CAPI = REPO / "tests" / "bench" / "capi.cpp"

# The floors aimed for: the other side's time over the project's.
ADAM_FLOOR = {12: 40.0, 16: 8.0}
BN_FLOOR = 3.0
BN_FUSED_CEILING = 1.15  # the readable form's time over the fused form's (fused.hpp)
GD_FLOOR = {"stochastic": 100.0, "mini-batch": 10.0}


def missing_packages():
    """The packages this interpreter lacks, as one line; None when it has both."""
    missing = []
    for name in ("numpy", "torch"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if not missing:
        return None
    debs = " ".join("python3-" + n for n in missing)
    line = (f"compare_torch: {' and '.join(missing)} not installed for {sys.executable}; "
            f"install {debs} (apt) or pip install {' '.join(missing)}")
    other = interpreter_with_torch()
    if other:
        line += f", or run it with {other}, which has both (make compare-torch PYTHON={other})"
    return line + "; nothing compared"


def interpreter_with_torch():
    """Another python3 on this machine (on PATH, or the system's) that imports numpy and
    torch; None if there is none."""
    mine = os.path.realpath(sys.executable)
    seen = set()
    for candidate in (shutil.which("python3"), "/usr/bin/python3", "/usr/local/bin/python3"):
        if not candidate or not os.path.exists(candidate):
            continue
        real = os.path.realpath(candidate)
        if real == mine or real in seen:
            continue
        seen.add(real)
        try:
            probe = subprocess.run([candidate, "-c", "import numpy, torch"],
                                   capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def cpu_name():
    """The CPU from /proc/cpuinfo: model name, vendor family and model, AVX-512 or not."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break  # the first processor is enough
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        return "unknown (no /proc/cpuinfo)"
    name = fields.get("model name", "unknown")
    extra = [f"{fields.get('vendor_id', '?')} family {fields.get('cpu family', '?')} "
             f"model {fields.get('model', '?')}"]
    flags = fields.get("flags", "").split()
    extra.append("AVX-512" if "avx512f" in flags else ("AVX2" if "avx2" in flags else "no AVX2"))
    if "cache size" in fields:
        extra.append(f"cache {fields['cache size']}")
    return f"{name} ({', '.join(extra)}), {os.cpu_count()} logical CPUs"


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def build_library(cxx, build_dir):
    """Compiles capi.cpp into build_dir/libdlcapi.so; returns its path."""
    out = pathlib.Path(build_dir) / "libdlcapi.so"
    cmd = [cxx, "-O3", "-march=native", "-std=c++20", "-shared", "-fPIC",
           "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wno-missing-field-initializers",
           "-ffp-contract=off", f"-I{REPO}", "-Wl,--no-undefined", str(CAPI), "-o", str(out)]
    print(f"building {out.name} from tests/bench/capi.cpp: {cxx} -O3 -march=native "
          f"-std=c++20 -shared -fPIC", flush=True)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit(f"compare_torch: the compiler '{cxx}' was not found; install g++ or pass "
                 f"--cxx with one that builds C++20")
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        sys.exit(f"compare_torch: building {CAPI.name} failed (the compiler's errors are above)")
    return out


def load_library(path):
    lib = ctypes.CDLL(str(path))
    P, D, Z, I, V = (ctypes.c_void_p, ctypes.c_double, ctypes.c_size_t, ctypes.c_int,
                     ctypes.c_void_p)
    sig = {
        "dl_last_error": (ctypes.c_char_p, []),
        "dl_sgd_new": (P, [D]),
        "dl_momentum_new": (P, [D, D, I]),
        "dl_rmsprop_new": (P, [D, D, D, I]),
        "dl_adam_new": (P, [D, D, D, D, I]),
        "dl_opt_free": (None, [P]),
        "dl_opt_step": (I, [P, V, V, Z, Z]),
        "dl_opt_state": (I, [P, V, V, Z, ctypes.POINTER(ctypes.c_long)]),
        "dl_bn_new": (P, [Z, Z, V, V, V, V, D]),
        "dl_bn_free": (None, [P]),
        "dl_bn_run": (I, [P, Z, I]),
        "dl_bn_results": (I, [P, I, V, V, V, V]),
        "dl_gd_new": (P, [V, V, Z, Z]),
        "dl_gd_free": (None, [P]),
        "dl_gd_train": (I, [P, V, D, Z, I, Z, ctypes.c_uint64, V, V]),
    }
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib


def ok(lib, status):
    if status != 0:
        raise RuntimeError("capi: " + lib.dl_last_error().decode())


def ptr(a):
    return a.ctypes.data


def aligned(np, shape, dtype, fill=None):
    """A 64-byte-aligned array, as the project's storage (and torch's allocator) gives."""
    dtype = np.dtype(dtype)
    count = int(np.prod(shape))
    raw = np.empty(count * dtype.itemsize + 64, np.uint8)
    offset = (-raw.ctypes.data) % 64
    a = raw[offset:offset + count * dtype.itemsize].view(dtype).reshape(shape)
    if fill is not None:
        a[...] = fill
    return a


def rel_diff(np, a, b):
    """max |a - b| / max |b|: how far a is from b, relative to b's scale."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    scale = float(np.max(np.abs(b)))
    return float(np.max(np.abs(a - b))) / scale if scale > 0 else float(np.max(np.abs(a)))


# The clock of every time measured here: the CPU time of this thread (Linux
# CLOCK_THREAD_CPUTIME_ID), so the turns other processes take on a shared machine are not
# counted; what the memory and caches cost while the thread runs is.
clock = time.thread_time


def measure(kernels, reps, target_s):
    """Interleaved timing: each kernel(count) runs count calls; calibrated so one measurement
    lasts about target_s; then reps rounds of kernel 1, kernel 2, ...; median s per call."""
    counts = []
    for k in kernels:
        k(1)  # first touch, caches
        start = clock()
        k(1)
        once = max(clock() - start, 1e-9)
        counts.append(max(1, math.ceil(target_s / once)))
    seconds = [[] for _ in kernels]
    for _ in range(reps):
        for i, k in enumerate(kernels):
            k(1)  # warm what this kernel uses
            start = clock()
            k(counts[i])
            seconds[i].append((clock() - start) / counts[i])
    return [statistics.median(s) for s in seconds]


# ---- the update rules ------------------------------------------------------------------------

def rules(torch):
    """Each rule as both sides configure it: (name, project constructor args, torch factory,
    what torch runs). Momentum in its unscaled form v := beta v + dtheta, torch's (its first
    step sets v = dtheta, which the notes' (1 - beta) dtheta would not match); RMSprop and Adam
    with eps outside the root, as torch.optim puts it."""
    return [
        ("sgd", lambda lib: lib.dl_sgd_new(0.01),
         lambda p: torch.optim.SGD([p], lr=0.01), "SGD(lr=0.01)"),
        ("momentum", lambda lib: lib.dl_momentum_new(0.01, 0.9, 1),
         lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9),
         "SGD(lr=0.01, momentum=0.9)"),
        ("rmsprop", lambda lib: lib.dl_rmsprop_new(0.01, 0.99, 1e-8, 1),
         lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.99, eps=1e-8),
         "RMSprop(lr=0.01, alpha=0.99, eps=1e-8)"),
        ("adam", lambda lib: lib.dl_adam_new(0.001, 0.9, 0.999, 1e-8, 1),
         lambda p: torch.optim.Adam([p], lr=0.001, betas=(0.9, 0.999), eps=1e-8),
         "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8)"),
    ]


def torch_state(torch, opt, p):
    st = opt.state[p]
    v = st.get("momentum_buffer", st.get("exp_avg"))
    s = st.get("square_avg", st.get("exp_avg_sq"))
    return (None if v is None else v.numpy(), None if s is None else s.numpy())


# The rules' agreement with torch.optim in float: the largest difference measured is 6.4e-6,
# Adam's total step theta_10 - theta_0 (theta's own float rounding against a step of 0.01).
RULES_TOLERANCE = 1e-5


def check_rules(np, torch, lib, steps=10, P=4096):
    print(f"\nAgreement, update rules (float, P = {P}): theta, the total step theta_{steps} - "
          f"theta_0 and the states\nafter {steps} steps from the same theta_0 and the same "
          f"{steps} gradients; max |project - torch| / max |torch|.\n")
    print(f"{'rule':9} {'torch.optim':46} {'theta':>9} {'step':>9} {'v':>9} {'s':>9}")
    rng = np.random.default_rng(11)
    theta0 = rng.uniform(-1, 1, P).astype(np.float32)
    grads = [rng.standard_normal(P).astype(np.float32) for _ in range(steps)]
    worst = 0.0
    for name, new, make, shown in rules(torch):
        h = new(lib)
        theta = aligned(np, P, np.float32, theta0)
        dtheta = aligned(np, P, np.float32)
        p = torch.tensor(theta0, requires_grad=True)
        opt = make(p)
        for g in grads:
            dtheta[:] = g
            ok(lib, lib.dl_opt_step(h, ptr(theta), ptr(dtheta), P, 1))
            p.grad = torch.from_numpy(g.copy())
            opt.step()
        v = np.zeros(P, np.float32)
        s = np.zeros(P, np.float32)
        t = ctypes.c_long(0)
        ok(lib, lib.dl_opt_state(h, ptr(v) if name in ("momentum", "adam") else None,
                                 ptr(s) if name in ("rmsprop", "adam") else None, P,
                                 ctypes.byref(t)))
        lib.dl_opt_free(h)
        tv, ts = torch_state(torch, opt, p)
        pt = p.detach().numpy()
        cols = [rel_diff(np, theta, pt), rel_diff(np, theta - theta0, pt - theta0)]
        cols.append(rel_diff(np, v, tv) if tv is not None else None)
        cols.append(rel_diff(np, s, ts) if ts is not None else None)
        worst = max(worst, *(c for c in cols if c is not None))
        print(f"{name:9} {shown:46} " +
              " ".join(f"{c:9.1e}" if c is not None else f"{'-':>9}" for c in cols))
    # Both sides form the derived constants (1 - beta2, 1 - beta2^t) in double and round them
    # once to float; what would differ if the project formed them in float arithmetic.
    in_float = float(np.float32(1) - np.float32(0.999))
    rounded_once = float(np.float32(1 - 0.999))
    print(f"Both sides compute 1 - beta2 in double and round it once to float; computed in "
          f"float\n(1 - 0.999f) it would differ by {abs(in_float / rounded_once - 1):.1e} "
          f"relative, more than the rows above.")
    return worst


def time_rules(np, torch, lib, reps, target_s):
    print("\nUpdate rules, one step over P float parameters (the project's SIMD loop; "
          "torch.optim's\nstep() as a user calls it, Python included), interleaved; median "
          "us per step.\n")
    print(f"{'rule':9} {'P':>5} {'project us':>11} {'torch us':>10} {'torch/project':>14}")
    results = {}
    for name, new, make, _ in rules(torch):
        for log2_P in (12, 16, 20):
            P = 1 << log2_P
            rng = np.random.default_rng(log2_P)
            theta = aligned(np, P, np.float32, rng.uniform(-1, 1, P).astype(np.float32))
            dtheta = aligned(np, P, np.float32, rng.standard_normal(P).astype(np.float32))
            h = new(lib)
            p = torch.tensor(theta.copy(), requires_grad=True)
            p.grad = torch.from_numpy(dtheta.copy())
            opt = make(p)

            def project(count):
                ok(lib, lib.dl_opt_step(h, ptr(theta), ptr(dtheta), P, count))

            def torch_step(count):
                for _ in range(count):
                    opt.step()

            mine, theirs = measure([project, torch_step], reps, target_s)
            lib.dl_opt_free(h)
            results[(name, log2_P)] = (mine, theirs)
            print(f"{name:9} {'2^' + str(log2_P):>5} {mine * 1e6:11.2f} {theirs * 1e6:10.2f} "
                  f"{theirs / mine:14.1f}", flush=True)
    return results


# ---- batch norm ------------------------------------------------------------------------------

SHAPES = ((1024, 256), (256, 1024))  # n features x m examples


def bn_inputs(np, n, m, seed):
    rng = np.random.default_rng(seed)
    offset = rng.uniform(-3, 3, (n, 1))
    spread = rng.uniform(0.5, 2, (n, 1))
    Z = (offset + spread * rng.standard_normal((n, m))).astype(np.float32)
    dZt = rng.standard_normal((n, m)).astype(np.float32)
    gamma = rng.uniform(0.5, 1.5, n).astype(np.float32)
    beta = rng.uniform(-0.5, 0.5, n).astype(np.float32)
    return Z, dZt, gamma, beta


def torch_bn(torch, F, Z, dZt, gamma, beta, eps):
    """torch's forward + backward on the transpose (m examples x n features), training mode:
    returns a function running it once and giving (Z_tilde, dZ, dgamma, dbeta), torch layout."""
    x = torch.from_numpy(Z.T.copy()).requires_grad_()
    g = torch.from_numpy(dZt.T.copy())
    w = torch.from_numpy(gamma.copy()).requires_grad_()
    b = torch.from_numpy(beta.copy()).requires_grad_()

    def run():
        out = F.batch_norm(x, None, None, w, b, training=True, eps=eps)
        dx, dw, db = torch.autograd.grad(out, (x, w, b), g)
        return out, dx, dw, db
    return run


BN_FORMS = ((0, "readable"), (1, "fused"))  # batch_norm.hpp; fused.hpp


def check_batch_norm(np, torch, F, lib, eps=1e-5):
    print("\nAgreement, batch norm (float, training mode): batch_norm::forward + backward "
          "(readable)\nand forward_fused + backward_fused (fused) on Z (n x m) against torch "
          "autograd through\nF.batch_norm on Z^T (m x n); max |project - torch| / max |torch|.\n")
    print(f"{'n x m':>11} {'form':9} {'Z_tilde':>9} {'dZ':>9} {'dgamma':>9} {'dbeta':>9}")
    worst = 0.0
    for n, m in SHAPES:
        Z, dZt, gamma, beta = bn_inputs(np, n, m, n + m)
        h = lib.dl_bn_new(n, m, ptr(Z), ptr(dZt), ptr(gamma), ptr(beta), eps)
        out, dx, dw, dbt = torch_bn(torch, F, Z, dZt, gamma, beta, eps)()
        for fused, form in BN_FORMS:
            ok(lib, lib.dl_bn_run(h, 1, fused))
            Zt, dZ = np.empty((n, m), np.float32), np.empty((n, m), np.float32)
            dg, db = np.empty(n, np.float32), np.empty(n, np.float32)
            ok(lib, lib.dl_bn_results(h, fused, ptr(Zt), ptr(dZ), ptr(dg), ptr(db)))
            cols = [rel_diff(np, Zt, out.detach().numpy().T), rel_diff(np, dZ, dx.numpy().T),
                    rel_diff(np, dg, dw.numpy()), rel_diff(np, db, dbt.numpy())]
            worst = max(worst, *cols)
            print(f"{f'{n} x {m}':>11} {form:9} " + " ".join(f"{c:9.1e}" for c in cols))
        lib.dl_bn_free(h)
    return worst


def time_batch_norm(np, torch, F, lib, reps, target_s, eps=1e-5):
    print("\nBatch norm forward + backward (float): batch_norm::forward + batch_norm::backward "
          "(readable)\nand forward_fused + backward_fused (fused: the passes merged) on Z "
          "(n x m) against\nF.batch_norm + torch.autograd.grad on Z^T (m x n), interleaved; "
          "median us per forward + backward.\n")
    print(f"{'n x m':>11} {'readable us':>12} {'fused us':>9} {'torch us':>9} "
          f"{'torch/readable':>15} {'torch/fused':>12} {'readable/fused':>15}")
    results = {}
    for n, m in SHAPES:
        Z, dZt, gamma, beta = bn_inputs(np, n, m, n + m)
        h = lib.dl_bn_new(n, m, ptr(Z), ptr(dZt), ptr(gamma), ptr(beta), eps)
        run = torch_bn(torch, F, Z, dZt, gamma, beta, eps)

        def readable(count):
            ok(lib, lib.dl_bn_run(h, count, 0))

        def fused(count):
            ok(lib, lib.dl_bn_run(h, count, 1))

        def torch_run(count):
            for _ in range(count):
                run()

        mine, mine_fused, theirs = measure([readable, fused, torch_run], reps, target_s)
        lib.dl_bn_free(h)
        results[(n, m)] = (mine, mine_fused, theirs)
        print(f"{f'{n} x {m}':>11} {mine * 1e6:12.1f} {mine_fused * 1e6:9.1f} "
              f"{theirs * 1e6:9.1f} {theirs / mine:15.1f} {theirs / mine_fused:12.1f} "
              f"{mine / mine_fused:15.2f}", flush=True)
    return results


# ---- gradient descent ------------------------------------------------------------------------

GD_M, GD_P, GD_ALPHA = 10_000, 20, 0.01
GD_VARIANTS = (("stochastic", 1, True), ("mini-batch", 64, True), ("batch", GD_M, False))


def regression(np):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((GD_M, GD_P))  # one example per row
    theta_true = rng.uniform(-2, 2, GD_P)
    y = X @ theta_true + 0.1 * rng.standard_normal(GD_M)
    return np.ascontiguousarray(X), y


def numpy_epoch(np, X, y, theta, alpha, m_t, shuffle, rng):
    """One epoch of theta := theta - alpha dtheta as NumPy code writes it: per example (m_t =
    1), per mini-batch of a shuffled copy of X (as train() reorders X), or the full batch."""
    m = X.shape[0]
    if m_t == 1:
        for k in rng.permutation(m):
            x = X[k]
            theta += alpha * (y[k] - x @ theta) * x  # dtheta = -(y - theta^T x) x
        return
    if shuffle:
        order = rng.permutation(m)
        X, y = X[order], y[order]
    for first in range(0, m, m_t):
        Xb, yb = X[first:first + m_t], y[first:first + m_t]
        r = yb - Xb @ theta                           # r = y - theta^T X
        theta += (alpha / Xb.shape[0]) * (Xb.T @ r)  # dtheta = -(1/b) X r


def cost(np, X, y, theta):
    r = y - X @ theta
    return float(r @ r) / (2 * X.shape[0])


def check_gd(np, lib, X, y, epochs=3):
    print(f"\nAgreement, gradient descent (double, m = {GD_M}, p = {GD_P}, alpha = {GD_ALPHA}, "
          f"from theta = 0, {epochs} epochs):\nbatch GD takes the same steps on both sides "
          f"(max |project - NumPy| / max |NumPy| of theta);\nthe shuffled variants draw "
          f"their orders from different generators, so their cost J is\nshown instead.\n")
    h = lib.dl_gd_new(ptr(X), ptr(y), GD_M, GD_P)
    theta_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    print(f"J(theta_ols) = {cost(np, X, y, theta_ols):.6g}")
    worst = 0.0
    for name, m_t, shuffle in GD_VARIANTS:
        theta = np.zeros(GD_P)
        J = np.zeros(epochs)
        ok(lib, lib.dl_gd_train(h, ptr(theta), GD_ALPHA, m_t, int(shuffle), epochs, 1, None,
                                ptr(J)))
        ref = np.zeros(GD_P)
        rng = np.random.default_rng(1)
        for _ in range(epochs):
            numpy_epoch(np, X, y, ref, GD_ALPHA, m_t, shuffle, rng)
        line = (f"{name:11} J after epoch {epochs}: project {J[-1]:.6g}, "
                f"NumPy {cost(np, X, y, ref):.6g}")
        if not shuffle:
            d = rel_diff(np, theta, ref)
            worst = max(worst, d)
            line += f"; theta differs by {d:.1e}"
        print(line)
    lib.dl_gd_free(h)
    return worst


def time_gd(np, lib, X, y, reps, epochs=3):
    print(f"\nGradient descent epochs (double, m = {GD_M}, p = {GD_P}): "
          f"gradient_descent::train's own\nper-epoch times (History::seconds: the shuffle "
          f"included, the cost J after the epoch not;\nwall-clock, so any wait counts "
          f"against the project) against the same epochs in NumPy\n(thread CPU time), "
          f"interleaved ({epochs} epochs per side per round, {reps} rounds); median us "
          f"per epoch.\n")
    print(f"{'variant':11} {'project us':>11} {'NumPy us':>10} {'NumPy/project':>14} "
          f"{'project ns/example':>19}")
    h = lib.dl_gd_new(ptr(X), ptr(y), GD_M, GD_P)
    results = {}
    for name, m_t, shuffle in GD_VARIANTS:
        theta = np.zeros(GD_P)
        ref = np.zeros(GD_P)
        rng = np.random.default_rng(2)
        mine, theirs = [], []
        seconds = np.zeros(epochs + 1)
        for r in range(reps + 1):  # round 0 warms up
            ok(lib, lib.dl_gd_train(h, ptr(theta), GD_ALPHA, m_t, int(shuffle), epochs + 1,
                                    100 + r, ptr(seconds), None))
            times = []
            for _ in range(epochs):
                start = clock()
                numpy_epoch(np, X, y, ref, GD_ALPHA, m_t, shuffle, rng)
                times.append(clock() - start)
            if r > 0:
                mine.extend(seconds[1:])  # the call's first epoch warms up
                theirs.extend(times)
        a, b = statistics.median(mine), statistics.median(theirs)
        results[name] = (a, b)
        print(f"{name:11} {a * 1e6:11.1f} {b * 1e6:10.1f} {b / a:14.1f} "
              f"{a / GD_M * 1e9:19.1f}", flush=True)
    lib.dl_gd_free(h)
    return results


# ---- the targets -----------------------------------------------------------------------------

def report_targets(rule_times, bn_times, gd_times):
    print("\nTargets (ratio = the other side's time / the project's):")
    lines = []
    for log2_P, floor in sorted(ADAM_FLOOR.items(), reverse=True):
        if ("adam", log2_P) in rule_times:
            mine, theirs = rule_times[("adam", log2_P)]
            lines.append((f"Adam float, P = 2^{log2_P}, vs torch.optim.Adam", mine, theirs,
                          floor, "torch"))
    for (n, m), (mine, mine_fused, theirs) in bn_times.items():
        lines.append((f"batch norm float, {n} x {m}, vs torch", mine, theirs, BN_FLOOR,
                      "torch"))
        lines.append((f"batch norm fused float, {n} x {m}, vs torch", mine_fused, theirs,
                      BN_FLOOR, "torch"))
    names = {"stochastic": "stochastic epoch vs NumPy per-example loop",
             "mini-batch": "mini-batch epoch (m_t = 64) vs NumPy mini-batches"}
    for variant, floor in GD_FLOOR.items():
        if variant in gd_times:
            mine, theirs = gd_times[variant]
            lines.append((names[variant], mine, theirs, floor, "NumPy"))
    for what, mine, theirs, floor, other in lines:
        ratio = theirs / mine
        verdict = "met" if ratio >= floor else "not met"
        print(f"  {what:52} {ratio:7.2f} x  (>= {floor:g} x: {verdict})")
        if ratio < floor:
            # The reason, from this run's times: how far the project's time is from the one
            # the floor asks for.
            print(f"      why: the project takes {mine * 1e6:.2f} us, {other} "
                  f"{theirs * 1e6:.2f} us;\n           {floor:g} x asks the project for "
                  f"{theirs / floor * 1e6:.2f} us ({mine / (theirs / floor):.2f} x its time)")
    # The hand-fused loop of the target is fused.hpp (z_norm and z_tilde in one pass, the two
    # sums in one): the readable form's time over it, at most BN_FUSED_CEILING.
    for (n, m), (mine, mine_fused, _) in bn_times.items():
        ratio = mine / mine_fused
        verdict = "met" if ratio <= BN_FUSED_CEILING else "not met"
        print(f"  {f'batch norm float, {n} x {m}, readable / fused.hpp':52} "
              f"{ratio:7.2f} x  (<= {BN_FUSED_CEILING:g} x: {verdict})")
        if ratio > BN_FUSED_CEILING:
            print(f"      why: the readable form's separate passes take {mine * 1e6:.2f} us, "
                  f"fused.hpp's\n           merged ones {mine_fused * 1e6:.2f} us")


def main():
    parser = argparse.ArgumentParser(
        description="Times the project's update rules, batch norm and gradient-descent epochs "
                    "beside torch and NumPy in one process, on one thread, after checking "
                    "that they agree.")
    parser.add_argument("--reps", type=int, default=7,
                        help="interleaved rounds per configuration (median taken); default 7")
    parser.add_argument("--ms", type=float, default=5.0,
                        help="each measurement lasts at least this many ms; default 5")
    parser.add_argument("--build-dir",
                        help="folder for the shared library (default: a temporary folder, "
                             "removed at the end)")
    parser.add_argument("--cxx", default="g++", help="C++20 compiler; default g++")
    args = parser.parse_args()
    if not 1 <= args.reps <= 101:
        parser.error(f"--reps {args.reps}: give a count from 1 to 101")
    if not 0.1 <= args.ms <= 1000:
        parser.error(f"--ms {args.ms}: give a time from 0.1 to 1000 ms")

    missing = missing_packages()
    if missing:
        print(missing)
        return 0
    import numpy as np
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(1)
    torch.manual_seed(0)

    started = time.perf_counter()
    print("compare_torch: the project beside PyTorch and NumPy, one process, one thread")
    print(f"CPU: {cpu_name()}")
    print(f"load average at start (1, 5, 15 min): {load_average()}")
    print(f"python {sys.version.split()[0]} ({sys.executable}), torch {torch.__version__} "
          f"({torch.get_num_threads()} thread), numpy {np.__version__}")
    print("Times: CPU time of this one thread (other processes' turns on the machine not "
          "counted),\nexcept the project's gradient-descent epochs (train()'s own wall-clock "
          "times).")

    temporary = args.build_dir is None
    build_dir = tempfile.mkdtemp(prefix="compare-torch-") if temporary else args.build_dir
    try:
        if not temporary:
            os.makedirs(build_dir, exist_ok=True)
        lib = load_library(build_library(args.cxx, build_dir))

        worst_rules = check_rules(np, torch, lib)
        worst_bn = check_batch_norm(np, torch, F, lib)
        X, y = regression(np)
        worst_gd = check_gd(np, lib, X, y)
        agree = worst_rules <= RULES_TOLERANCE and worst_bn <= 1e-4 and worst_gd <= 1e-10
        print(f"\nAgreement: largest difference {worst_rules:.1e} (rules, tolerance "
              f"{RULES_TOLERANCE:.0e}), "
              f"{worst_bn:.1e} (batch norm, 1e-4),\n{worst_gd:.1e} (batch GD, 1e-10): "
              f"{'they agree' if agree else 'THEY DISAGREE'}")
        if not agree:
            print("compare_torch: the two sides do not compute the same numbers, so their "
                  "times are\nnot compared; see the rows above")
            return 1

        target_s = args.ms * 1e-3
        rule_times = time_rules(np, torch, lib, args.reps, target_s)
        bn_times = time_batch_norm(np, torch, F, lib, args.reps, target_s)
        gd_times = time_gd(np, lib, X, y, args.reps)
        report_targets(rule_times, bn_times, gd_times)
        print(f"\nload average at end (1, 5, 15 min): {load_average()}")
        print(f"took {time.perf_counter() - started:.0f} s (the build included)")
    finally:
        if temporary:
            shutil.rmtree(build_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
