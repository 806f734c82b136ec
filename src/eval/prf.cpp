#include "chronoline/eval.hpp"

namespace chronoline {

Prf Prf::of(double correct_p, double system, double correct_r, double gold) {
    Prf r;
    r.precision = system > 0 ? correct_p / system : 0.0;
    r.recall = gold > 0 ? correct_r / gold : 0.0;
    r.f1 = r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0.0;
    return r;
}

}  // namespace chronoline
