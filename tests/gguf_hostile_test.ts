/**
 * Hostile GGUF files: truncations, absurd counts, unknown ids, bad geometry and placement, duplicates, deep
 * nesting. Every file is made here (from a small valid file written by `serializeGguf`, patched, or from raw
 * bytes); none is committed.
 *
 * How "no crash, no hang, no huge allocation" is checked: each case is parsed twice, from bytes and through
 * `readGguf` over a source that counts the bytes it is asked for, and must
 *  - throw a `GgufError` whose context names the key or tensor and the byte offset,
 *  - request no more bytes than the file has (the growing prefix never exceeds the file), and
 *  - finish within a second. Counts like 2^63 would otherwise allocate (and fail) gigabytes; the reader refuses
 *    them because every count is checked against the bytes left in the file before anything is allocated.
 */

import assert from "node:assert/strict";
import { GgufError } from "../src/errors.ts";
import {
  GgmlType,
  ggufArray,
  ggufBool,
  ggufF32,
  ggufF64,
  ggufI16,
  ggufI32,
  ggufI64,
  ggufI8,
  type GgufSource,
  ggufString,
  ggufU16,
  ggufU32,
  ggufU64,
  ggufU8,
  GgufValueType,
  openGgufSource,
  parseGgufBytes,
  readGguf,
  serializeGguf,
} from "../src/gguf/mod.ts";

/** Each hostile case must be refused within this time (a generous bound on a loaded 2-core machine). */
const MAX_CASE_MS = 1000;

/** What a refusal must name. */
interface Expected {
  readonly key?: string;
  readonly tensor?: string;
  readonly message?: RegExp;
  /** Whether the context must carry a byte offset (alignment-value errors name only the key). */
  readonly offset?: boolean;
}

/** A source that counts the bytes requested from it. */
function countingSource(inner: GgufSource): GgufSource & { requested: number } {
  const counting = {
    requested: 0,
    size: inner.size,
    read(dst: Uint8Array, position: number) {
      counting.requested += dst.byteLength;
      return inner.read(dst, position);
    },
    close: () => inner.close(),
  };
  return counting;
}

function checkError(error: unknown, expected: Expected, label: string): void {
  assert.ok(error instanceof GgufError, `${label}: expected GgufError, got ${error}`);
  if (expected.key !== undefined) assert.equal(error.context.key, expected.key, `${label}: ${error.message}`);
  if (expected.tensor !== undefined) {
    assert.equal(error.context.tensor, expected.tensor, `${label}: ${error.message}`);
  }
  if (expected.offset !== false) {
    assert.equal(typeof error.context.offset, "number", `${label}: no offset in ${error.message}`);
    assert.match(error.message, /offset=\d+/, label);
  }
  if (expected.message) assert.match(error.message, expected.message, label);
}

async function assertRefused(bytes: Uint8Array, expected: Expected, label = "case"): Promise<void> {
  const started = performance.now();
  assert.throws(() => parseGgufBytes(bytes), (e) => (checkError(e, expected, label), true));
  const source = countingSource(await openGgufSource(bytes));
  await assert.rejects(readGguf(source), (e) => (checkError(e, expected, label), true));
  assert.ok(
    source.requested <= bytes.byteLength,
    `${label}: read ${source.requested} of ${bytes.byteLength}`,
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed < MAX_CASE_MS, `${label}: took ${elapsed.toFixed(0)} ms`);
}

/** A small valid file with every value type, a nested array and three tensors. */
function validFile(): Uint8Array {
  const entries = new Map([
    ["general.architecture", ggufString("llama")],
    ["t.u8", ggufU8(200)],
    ["t.i8", ggufI8(-3)],
    ["t.u16", ggufU16(60000)],
    ["t.i16", ggufI16(-300)],
    ["t.u32", ggufU32(4294967295)],
    ["t.i32", ggufI32(-70000)],
    ["t.f32", ggufF32(0.5)],
    ["t.bool", ggufBool(true)],
    ["t.u64", ggufU64(1n << 60n)],
    ["t.i64", ggufI64(-5)],
    ["t.f64", ggufF64(1e-300)],
    ["t.strings", ggufArray(["a", "bc"])],
    ["t.nested", ggufArray([new Int32Array([1, 2]), ["x"]])],
    ["t.a_x", ggufU32(1)],
    ["t.a_y", ggufU32(2)],
  ]);
  return serializeGguf(entries, [
    { name: "t.0", type: GgmlType.Q8_0, dims: [32, 2], data: new Uint8Array(68) },
    { name: "t.1", type: GgmlType.F32, dims: [4, 3], data: new Uint8Array(48) },
    { name: "t.2", type: GgmlType.F32, dims: [4], data: new Uint8Array(16) },
  ]);
}

const utf8 = new TextEncoder();

/** Position of the only occurrence of `text` (as a GGUF string: u64 length + bytes), just after the string. */
function afterString(bytes: Uint8Array, text: string): number {
  const needle = new Uint8Array(8 + text.length);
  new DataView(needle.buffer).setBigUint64(0, BigInt(text.length), true);
  needle.set(utf8.encode(text), 8);
  const hits: number[] = [];
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    if (needle.every((b, j) => bytes[i + j] === b)) hits.push(i);
  }
  assert.equal(hits.length, 1, `string ${text} occurs ${hits.length} times`);
  return hits[0] + needle.length;
}

/** Byte positions of a tensor info's fields. */
function tensorFields(bytes: Uint8Array, name: string, nDims: number) {
  const dims = afterString(bytes, name);
  const type = dims + 4 + 8 * nDims;
  return { dims: dims + 4, type, offset: type + 4 };
}

function patched(edit: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = validFile();
  edit(new DataView(bytes.buffer), bytes);
  return bytes;
}

/** Concatenates raw little-endian pieces: numbers are u32, bigints u64, strings GGUF strings, bytes as is. */
function raw(...parts: (number | bigint | string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => {
    if (part instanceof Uint8Array) return part;
    if (typeof part === "string") return raw(BigInt(utf8.encode(part).length), utf8.encode(part));
    const chunk = new Uint8Array(typeof part === "bigint" ? 8 : 4);
    const view = new DataView(chunk.buffer);
    if (typeof part === "bigint") view.setBigUint64(0, part, true);
    else view.setUint32(0, part, true);
    return chunk;
  });
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

/** `GGUF`, version 3, then the tensor and entry counts. */
function header(tensors: bigint, entries: bigint): Uint8Array {
  return raw(utf8.encode("GGUF"), 3, tensors, entries);
}

Deno.test("the base file is valid", () => {
  const file = parseGgufBytes(validFile());
  assert.equal(file.tensors.length, 3);
  assert.equal(file.metadata.get("t.u64"), 1n << 60n);
  assert.throws(() => file.metadata.number("t.u64"), /does not fit a safe integer \(key="t.u64"\)/);
});

Deno.test("truncation at every header byte and inside the data is refused", async () => {
  const bytes = validFile();
  const file = parseGgufBytes(bytes);
  const dataCuts = [1, 33, 68, 100, 140].map((d) => file.dataOffset + d);
  for (let cut = 0; cut < file.dataOffset; cut++) {
    await assertRefused(bytes.slice(0, cut), {}, `cut at ${cut}`);
  }
  for (const cut of dataCuts) {
    await assertRefused(bytes.slice(0, cut), { message: /past the end/ }, `cut ${cut}`);
  }
});

Deno.test("bad magic, version 1, unknown and big-endian versions", async () => {
  await assertRefused(patched((v) => v.setUint8(0, 0x46)), { message: /magic/ });
  await assertRefused(patched((v) => v.setUint32(4, 1, true)), { message: /version 1 is obsolete/ });
  await assertRefused(patched((v) => v.setUint32(4, 4, true)), { message: /version 4/ });
  await assertRefused(patched((v) => v.setUint32(4, 3, false)), { message: /big-endian/ });
});

Deno.test("counts and lengths far past the end are refused before allocation", async () => {
  for (const count of [1n << 63n, (1n << 64n) - 1n, (1n << 53n) + 1n, 1n << 19n]) {
    await assertRefused(patched((v) => v.setBigUint64(8, count, true)), { message: /tensor count/ });
    await assertRefused(patched((v) => v.setBigUint64(16, count, true)), { message: /entry count/ });
    await assertRefused(patched((v) => v.setBigUint64(24, count, true)), { message: /key #0 length/ });
    const stringValue = (v: DataView, b: Uint8Array) =>
      v.setBigUint64(afterString(b, "general.architecture") + 4, count, true);
    await assertRefused(patched(stringValue), {
      key: "general.architecture",
      message: /string value length/,
    });
    const arrayLength = (v: DataView, b: Uint8Array) =>
      v.setBigUint64(afterString(b, "t.strings") + 8, count, true);
    await assertRefused(patched(arrayLength), { key: "t.strings", message: /array length/ });
    const nameLength = (v: DataView, b: Uint8Array) =>
      v.setBigUint64(afterString(b, "t.1") - 11, count, true);
    await assertRefused(patched(nameLength), { message: /tensor name #1 length/ });
  }
});

Deno.test("unknown value type ids and ggml type ids are refused", async () => {
  for (const id of [13, 99, 0xffffffff]) {
    await assertRefused(patched((v, b) => v.setUint32(afterString(b, "t.u8"), id, true)), {
      key: "t.u8",
      message: /unknown metadata value type/,
    });
    await assertRefused(patched((v, b) => v.setUint32(afterString(b, "t.strings") + 4, id, true)), {
      key: "t.strings",
      message: /unknown array element type/,
    });
  }
  for (const id of [4, 5, 31, 40, 1000]) {
    await assertRefused(patched((v, b) => v.setUint32(tensorFields(b, "t.1", 2).type, id, true)), {
      tensor: "t.1",
      message: /unknown ggml type/,
    });
  }
});

Deno.test("bad dimensions are refused: too many, overflowing, too large, not a block multiple", async () => {
  await assertRefused(patched((v, b) => v.setUint32(tensorFields(b, "t.1", 2).dims - 4, 5, true)), {
    tensor: "t.1",
    message: /5 dimensions/,
  });
  await assertRefused(
    patched((v, b) => {
      const { dims } = tensorFields(b, "t.1", 2);
      v.setBigUint64(dims, 1n << 32n, true);
      v.setBigUint64(dims + 8, 1n << 32n, true);
    }),
    { tensor: "t.1", message: /overflow the element count/ },
  );
  await assertRefused(
    patched((v, b) => v.setBigUint64(tensorFields(b, "t.1", 2).dims, (1n << 53n) + 1n, true)),
    {
      tensor: "t.1",
      message: /too large/,
    },
  );
  await assertRefused(patched((v, b) => v.setBigUint64(tensorFields(b, "t.0", 2).dims, 33n, true)), {
    tensor: "t.0",
    message: /not a multiple of the Q8_0 block size 32/,
  });
});

Deno.test("misaligned, overlapping and out-of-file tensor data is refused", async () => {
  const offsetOf = (name: string, nDims: number, value: bigint) =>
    patched((v, b) => v.setBigUint64(tensorFields(b, name, nDims).offset, value, true));
  await assertRefused(offsetOf("t.1", 2, 4n), { tensor: "t.1", message: /not a multiple of the alignment/ });
  await assertRefused(offsetOf("t.2", 1, 96n), { tensor: "t.2", message: /overlaps tensor "t.1"/ });
  await assertRefused(offsetOf("t.1", 2, 0n), { tensor: "t.1", message: /overlaps tensor "t.0"/ });
  await assertRefused(offsetOf("t.2", 1, 1n << 40n), { tensor: "t.2", message: /past the end/ });
  await assertRefused(offsetOf("t.2", 1, (1n << 64n) - 32n), { tensor: "t.2", message: /too large/ });
});

Deno.test("duplicate keys and duplicate tensor names are refused", async () => {
  const duplicateKey = patched((_, b) => b[afterString(b, "t.a_y") - 1] = "x".charCodeAt(0));
  await assertRefused(duplicateKey, { key: "t.a_x", message: /duplicate metadata key/ });
  const duplicateTensor = patched((_, b) => b[afterString(b, "t.2") - 1] = "1".charCodeAt(0));
  await assertRefused(duplicateTensor, { tensor: "t.1", message: /duplicate tensor name/ });
});

Deno.test("bad alignment values are refused", async () => {
  const alignment = (value: number, type: number = GgufValueType.UINT32) =>
    raw(header(0n, 1n), "general.alignment", type, value);
  for (const value of [0, 3, 48]) {
    await assertRefused(alignment(value), {
      key: "general.alignment",
      offset: false,
      message: /power of two/,
    });
  }
  await assertRefused(alignment(32, GgufValueType.INT32), {
    key: "general.alignment",
    offset: false,
    message: /must be a u32/,
  });
});

Deno.test("deep array nesting and huge arrays of empty strings are refused", async () => {
  const levels: (number | bigint)[] = [];
  for (let i = 0; i < 1000; i++) levels.push(GgufValueType.ARRAY, 1n);
  const deep = raw(header(0n, 1n), "deep", GgufValueType.ARRAY, ...levels, GgufValueType.UINT8, 0n);
  await assertRefused(deep, { key: "deep", message: /nested deeper than 8/ });

  const emptyStrings = new Uint8Array(8 * 1000); // 1000 empty strings: zero lengths
  for (const count of [1n << 40n, 1001n, 1n << 26n]) {
    const huge = raw(
      header(0n, 1n),
      "strings",
      GgufValueType.ARRAY,
      GgufValueType.STRING,
      count,
      emptyStrings,
    );
    await assertRefused(huge, { key: "strings", message: /array length/ });
  }
});

Deno.test("a tensor name longer than ggml allows is refused", async () => {
  const name = "x".repeat(64);
  const bytes = raw(header(1n, 0n), name, 1, 4n, GgmlType.F32, 0n);
  await assertRefused(bytes, { message: /tensor name #0 length 64 exceeds the limit of 63/ });
});
