// jemalloc's settings for sinkcheck's programs, read by jemalloc at its
// start-up (it looks this symbol up; MALLOC_CONF in the environment still
// overrides any of them). Linked into each program with jemalloc
// (cmake/Allocator.cmake), never into a library. Why these values:
// docs/profile.md, "The allocator's settings" (bench/run.sh measures them
// against jemalloc's defaults in every run).
//
// oversize_threshold:0 — jemalloc 5.3 serves requests of 8 MiB and more from
// a dedicated arena that returns freed pages to the system at once; a matrix
// of that size made per case (a context of 1024 tokens' attention matrix is
// 8.4 MB) was then page-faulted in again by every case. 0 turns that arena
// off: such blocks decay like all others (dirty_decay_ms, 10 s by default).
extern "C" {
__attribute__((visibility("default"), used)) const char* malloc_conf = "oversize_threshold:0";
}
