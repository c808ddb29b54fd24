#pragma once
#include <string>

namespace sinkcheck {

// The outcome of one claim on one instance.
//   Holds           certified at the recorded stage;
//   Counterexample  certified false at the recorded stage;
//   Undecided       no stage up to the precision cap could tell;
//   Vacuous         a hypothesis is certified false: the claim says nothing here.
enum class Verdict { Holds, Counterexample, Undecided, Vacuous };

const char* to_string(Verdict v);

struct Decision {
  Verdict verdict = Verdict::Undecided;
  std::string stage;     // "double", "arb-256" (a ladder step: Arb balls at 256 bits), "exact", …: what decided it
  // The enclosures (or exact values) that decided it, for a counterexample,
  // an undecided claim and a vacuous one (the false assumption's). Empty when
  // the claim holds: reports store evidence only for the cases they list, and
  // printing every holding coordinate's enclosures was 3.5% of `check all`
  // (docs/profile.md).
  std::string evidence;
  std::string failing;   // for a counterexample or undecided claim: its text
};

}  // namespace sinkcheck
