// Sequential on purpose: load, fuzz and process kills on a 2-core machine would skew each other's heartbeat timing
// and memory figures.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
