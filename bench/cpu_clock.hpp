#pragma once
// The benches' clock: CPU time of the process (user + system, all threads), in seconds. Every
// speed figure is CPU time, not wall time: the machine may be shared, and a figure must not
// depend on what else runs.
#include <ctime>

namespace chronoline::bench {

inline double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

inline double seconds_since(double t0) { return cpu_now() - t0; }

}  // namespace chronoline::bench
