/**
 * `GgufMetadata`: the ordered key/value entries of a GGUF file with typed accessors.
 *
 * Model and tokenizer loaders read metadata through these accessors so that a missing key or a value of the
 * wrong type is always a `GgufError` naming the key, never an `undefined` that surfaces later.
 *
 * @module
 */

import { GgufError } from "../errors.ts";
import { type GgufArray, type GgufEntry, type GgufValue, GgufValueType } from "./types.ts";
import { ggufValueTypeName } from "./value_types.ts";

const NUMERIC_SCALARS: ReadonlySet<number> = new Set([
  GgufValueType.UINT8,
  GgufValueType.INT8,
  GgufValueType.UINT16,
  GgufValueType.INT16,
  GgufValueType.UINT32,
  GgufValueType.INT32,
  GgufValueType.FLOAT32,
  GgufValueType.UINT64,
  GgufValueType.INT64,
  GgufValueType.FLOAT64,
]);

/** How many entries the inspector shows before it summarises the rest. */
const INSPECT_KEYS = 8;

/** A short description of an entry's type, e.g. `UINT32` or `ARRAY<STRING>`. */
function describeType(entry: GgufEntry): string {
  const type = ggufValueTypeName(entry.type);
  return entry.type === GgufValueType.ARRAY ? `${type}<${ggufValueTypeName(entry.itemType ?? -1)}>` : type;
}

/** A one-line summary of a value that never prints a whole array or a long string. */
function summarizeValue(entry: GgufEntry): string {
  const { value } = entry;
  if (entry.type === GgufValueType.ARRAY) {
    return `[${ggufValueTypeName(entry.itemType ?? -1)} x ${(value as GgufArray).length}]`;
  }
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  return String(value);
}

/** The ordered metadata entries of a GGUF file, with accessors that check types. */
export class GgufMetadata implements Iterable<[string, GgufEntry]> {
  readonly #entries: ReadonlyMap<string, GgufEntry>;

  /** Wraps entries in file order; a repeated key is a `GgufError`. */
  constructor(entries: Iterable<[string, GgufEntry]>) {
    const map = new Map<string, GgufEntry>();
    for (const [key, entry] of entries) {
      if (map.has(key)) throw new GgufError("duplicate metadata key", { context: { key } });
      map.set(key, Object.freeze({ ...entry }));
    }
    this.#entries = map;
    Object.freeze(this);
  }

  /** The value of `key`, or `undefined` when absent. */
  get(key: string): GgufValue | undefined {
    return this.#entries.get(key)?.value;
  }

  /** The entry (value with its stored type) of `key`, or `undefined` when absent. */
  entry(key: string): GgufEntry | undefined {
    return this.#entries.get(key);
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** All keys in file order. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Iterates `[key, entry]` pairs in file order (so metadata can be passed straight to the writer). */
  [Symbol.iterator](): Iterator<[string, GgufEntry]> {
    return this.#entries.entries();
  }

  /** The string value of `key`; a `GgufError` when it is missing or not a string. */
  string(key: string): string {
    const entry = this.#require(key);
    if (entry.type !== GgufValueType.STRING) this.#wrongType(key, entry, "a string");
    return entry.value as string;
  }

  /** The string value of `key`, or `fallback` when absent; a `GgufError` when present but not a string. */
  stringOr(key: string, fallback: string): string {
    return this.has(key) ? this.string(key) : fallback;
  }

  /**
   * The value of a numeric scalar `key` of any integer or float type; a `GgufError` when missing, not numeric,
   * or a 64-bit integer outside the safe integer range.
   */
  number(key: string): number {
    const entry = this.#require(key);
    if (!NUMERIC_SCALARS.has(entry.type)) this.#wrongType(key, entry, "a number");
    return this.#safeNumber(key, entry.value as number | bigint);
  }

  /** Like {@link GgufMetadata.number}, but `fallback` when absent. */
  numberOr(key: string, fallback: number): number {
    return this.has(key) ? this.number(key) : fallback;
  }

  /** The boolean value of `key`; a `GgufError` when missing or not a bool. */
  bool(key: string): boolean {
    const entry = this.#require(key);
    if (entry.type !== GgufValueType.BOOL) this.#wrongType(key, entry, "a bool");
    return entry.value as boolean;
  }

  /** Like {@link GgufMetadata.bool}, but `fallback` when absent. */
  boolOr(key: string, fallback: boolean): boolean {
    return this.has(key) ? this.bool(key) : fallback;
  }

  /** The string array of `key`; a `GgufError` when missing or not an array of strings. */
  stringArray(key: string): readonly string[] {
    const entry = this.#require(key);
    if (entry.type !== GgufValueType.ARRAY || entry.itemType !== GgufValueType.STRING) {
      this.#wrongType(key, entry, "an array of strings");
    }
    return entry.value as readonly string[];
  }

  /**
   * The numeric array of `key` (any integer or float element type). 64-bit integer arrays are converted to a
   * `Float64Array`, which is a `GgufError` if an element is outside the safe integer range.
   */
  numberArray(key: string): ArrayLike<number> {
    const entry = this.#require(key);
    if (entry.type !== GgufValueType.ARRAY || !NUMERIC_SCALARS.has(entry.itemType ?? -1)) {
      this.#wrongType(key, entry, "an array of numbers");
    }
    const value = entry.value;
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
      return Float64Array.from(value, (v) => this.#safeNumber(key, v));
    }
    return value as ArrayLike<number>;
  }

  #require(key: string): GgufEntry {
    const entry = this.#entries.get(key);
    if (!entry) throw new GgufError("required metadata key is missing", { context: { key } });
    return entry;
  }

  #wrongType(key: string, entry: GgufEntry, expected: string): never {
    throw new GgufError(`metadata value has type ${describeType(entry)}, expected ${expected}`, {
      context: { key },
    });
  }

  #safeNumber(key: string, value: number | bigint): number {
    if (typeof value === "number") return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) {
      throw new GgufError(`metadata value ${value} does not fit a safe integer`, { context: { key } });
    }
    return n;
  }

  /** Shows the entry count and the first few entries, never whole arrays. */
  [Symbol.for("Deno.customInspect")](): string {
    const shown = [...this.#entries].slice(0, INSPECT_KEYS).map(([key, entry]) =>
      `  ${key}: ${summarizeValue(entry)}`
    );
    const more = this.size > INSPECT_KEYS ? [`  ... ${this.size - INSPECT_KEYS} more`] : [];
    return [`GgufMetadata (${this.size} entries) {`, ...shown, ...more, "}"].join("\n");
  }
}
