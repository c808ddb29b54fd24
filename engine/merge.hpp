#pragma once
// Parts of one statement run -> the result the whole run would have given.
//
// A statement's run is a reduction over its cases in case order: tallies
// are sums, and the stored cases are "the first failing case of each claim,
// at most max_reported of them, each shrunk" and "the first ten undecided
// cases". Each part (a shard, an MPI rank's chunk, RunOptions::first_case /
// end_case) keeps the first failing case of *every* claim in its range,
// shrunk, in the order met (case, then claim: CounterexampleSelection); a case's shrunk record depends only on the case, so selecting
// greedily over the parts' records in case order reproduces the whole run
// exactly, byte for byte, for any split.
//
// Each part also runs its own targeted phase from its own cases (RunOptions
// part_targeted_cases), so with the targeted phase on, a split run is a run
// of its own, not the whole run's: the merge adds the parts' tallies and
// targeted summaries, stores the random phases' cases first and then the
// targeted phases' (each in part order, the whole run's order), and takes
// each claim's closest approach as the smallest over the parts, the earlier
// part on a tie. A run in one part merges to itself.
#include <vector>

#include "engine/results.hpp"

namespace sinkcheck {

// `parts` in case order, covering consecutive ranges of one statement run
// with the same theory and options. An interrupted part ends the merge: the
// result covers the cases up to it (a valid partial result).
StatementResult merge_parts(const std::vector<StatementResult>& parts, std::size_t max_reported);

}  // namespace sinkcheck
