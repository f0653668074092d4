import { ContactUserErrorCode } from "../graphql/enums.js";
import type { ContactUserError } from "../graphql/payload.js";
import { userError } from "./fields.js";

/**
 * How deep the input may nest, counted from `input` (a provider's JSON option, such as
 * `input.<provider>.passthrough`, is 2 levels already). The typed fields need 3; the rest is for the
 * JSON values (customFields and the providers' JSON options), which no provider documents deeper than a few levels.
 */
export const MAX_INPUT_DEPTH = 12;
/** Members (object entries and list items) in the whole input. */
export const MAX_INPUT_MEMBERS = 5_000;

type Path = (string | number)[];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one string (a value or a key), if anything. */
function badText(text: string): string | undefined {
  // Valid JSON, but no provider can store it: a NUL ends a C string, a lone surrogate is no character.
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000).";
  if (LONE_SURROGATE.test(text)) return "contains a lone UTF-16 surrogate, which is not a character.";
  return undefined;
}

/**
 * The shape checks every JSON value of the input needs before anything hashes, maps or serialises
 * it: bounded depth and size, finite numbers, strings that are text, and no `__proto__` key. A
 * JSONObject input accepts any JSON, and a 10,000-deep one would overflow every recursive reader.
 * Iterative, so no input can overflow this walk itself; it stops at the first problem of each value.
 */
export function inputBoundsErrors(input: unknown): ContactUserError[] {
  const errors: ContactUserError[] = [];
  const invalid = (path: Path, message: string) => errors.push(userError(["input", ...path], ContactUserErrorCode.INVALID, message));
  // Each value links to its parent: a path is spelled out only for a value that has a problem.
  const stack: Walked[] = [{ value: input, key: "", parent: undefined, depth: 0 }];
  let members = 0;
  while (stack.length && errors.length < 10) {
    const item = stack.pop()!;
    const { value, depth } = item;
    if (typeof value === "string") {
      const problem = badText(value);
      if (problem) invalid(pathOf(item), `This value ${problem}`);
    } else if (typeof value === "number") {
      if (!Number.isFinite(value)) invalid(pathOf(item), "Must be a finite number (this one is beyond the range of a double).");
    } else if (value !== null && typeof value === "object") {
      if (depth >= MAX_INPUT_DEPTH) {
        invalid(pathOf(item), `The input may nest at most ${MAX_INPUT_DEPTH} levels (objects and lists), counted from input.`);
        continue;
      }
      if (Array.isArray(value)) {
        members += value.length;
        if (members > MAX_INPUT_MEMBERS) return [...errors, tooMany(pathOf(item))];
        for (let i = 0; i < value.length; i++) stack.push({ value: value[i], key: i, parent: item, depth: depth + 1 });
        continue;
      }
      const keys = Object.keys(value);
      members += keys.length;
      if (members > MAX_INPUT_MEMBERS) return [...errors, tooMany(pathOf(item))];
      for (const key of keys) {
        const problem = key === "__proto__" ? "is __proto__, which JavaScript reads as an object's prototype." : badText(key);
        if (problem) invalid([...pathOf(item), key], `This key ${problem}`);
        else stack.push({ value: (value as Record<string, unknown>)[key], key, parent: item, depth: depth + 1 });
      }
    }
  }
  return errors;
}

interface Walked {
  value: unknown;
  key: string | number;
  parent: Walked | undefined;
  depth: number;
}

/** The path of a walked value, from input. */
function pathOf(item: Walked): Path {
  const path: Path = [];
  for (let at = item; at.parent; at = at.parent) path.push(at.key);
  return path.reverse();
}

const tooMany = (path: Path) =>
  userError(
    ["input", ...path],
    ContactUserErrorCode.TOO_LONG,
    `The input may hold at most ${MAX_INPUT_MEMBERS} values (object members and list items) in all.`,
  );

/**
 * Whether a parsed JSON value nests deeper than `max` levels, found without recursion. For what a
 * provider answers: a record is a few levels deep, and serialising a much deeper one (providerData)
 * would overflow the stack while the response is written.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= max) return true;
    for (const member of Array.isArray(current) ? current : Object.values(current)) stack.push([member, depth + 1]);
  }
  return false;
}
