// The figures the README's Performance section quotes, so each run says whether it is at least as
// good. Update both together when the README is refreshed from a quiet run.
export const README = {
  date: "before issue 13",
  aliased: "36.6 ms vs 79.2 ms",
  aliasedRatio: 0.46,
  entities: "39.5 ms vs 117.7 ms",
  entitiesRatio: 0.34,
  heap: "34.0 → 34.1 MiB (+0.5%)",
  heapAfter100kMiB: 34.1,
};
