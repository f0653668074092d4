// The figures the README's Performance section quotes, so each run says whether it is at least as
// good (run 2 of the three quoted there). Update both together when the README is refreshed from a quiet run.
export const README = {
  date: "2026-12-01, after issues 11–16",
  aliased: "26.6 ms vs 46.3 ms",
  aliasedRatio: 0.57,
  entities: "28.9 ms vs 78.7 ms",
  entitiesRatio: 0.37,
  heap: "38.3 → 36.1 MiB (−5.8%)",
  heapAfter100kMiB: 36.1,
};
