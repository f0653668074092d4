import { LRUCache } from "lru-cache";

/**
 * What a simulator keeps (its contacts, a provider's replays): the newest, bounded by count and by JSON
 * size, so a sandbox fed large contacts for hours keeps a flat heap, as a real deployment does. A
 * contact pushed out reads back as not found, as one a provider deleted.
 */
export const SIMULATOR_MAX_RECORDS = 10_000;
export const SIMULATOR_MAX_BYTES = 16 * 1024 * 1024;

export type Records<V extends {}> = LRUCache<string, V>;

export function records<V extends {}>(): Records<V> {
  return new LRUCache<string, V>({
    max: SIMULATOR_MAX_RECORDS,
    maxSize: SIMULATOR_MAX_BYTES,
    sizeCalculation: (value, key) => key.length + (JSON.stringify(value)?.length ?? 0) + 1,
  });
}
