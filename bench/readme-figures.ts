// The figures the README's Performance section quotes, so each run says whether it is at least as
// good (the median of the three runs quoted there). Update both together when the README is refreshed from a quiet run.
export const README = {
  date: "2026-12-01, issue 13's second round",
  aliased: "30.1 ms vs 48.0 ms",
  aliasedRatio: 0.63,
  entities: "28.1 ms vs 79.0 ms",
  entitiesRatio: 0.36,
  heap: "38.4 → 38.0 MiB (−1.3%)",
  heapAfter100kMiB: 38.0,
};
