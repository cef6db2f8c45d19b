/** The GGUF writer: byte-identical round trips of real files, every value type, streaming, refusals. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { GgufError } from "../src/errors.ts";
import {
  GgmlType,
  ggufArray,
  ggufBool,
  type GgufEntry,
  ggufF32,
  ggufF64,
  GgufFileWriter,
  ggufI16,
  ggufI32,
  ggufI64,
  ggufI8,
  ggufString,
  ggufU16,
  ggufU32,
  ggufU64,
  ggufU8,
  GgufValueType,
  type GgufWriteTensor,
  parseGgufBytes,
  serializeGguf,
} from "../src/gguf/mod.ts";
import { sharedFile } from "./shared.ts";

/** Every GGUF file in the shared folder (fixtures written by gguf-py/llama-quantize, and real models). */
function sharedGgufFiles(): string[] {
  const folders = ["fixtures", "models", "models/vocab"].map(sharedFile).filter((p) => p !== undefined);
  return folders.flatMap((folder) =>
    [...Deno.readDirSync(folder)].filter((e) => e.name.endsWith(".gguf")).map((e) => join(folder, e.name))
      .sort()
  );
}

/** The tensors of a parsed file with views of their data in `bytes`. */
function tensorsOf(bytes: Uint8Array): GgufWriteTensor[] {
  const file = parseGgufBytes(bytes);
  return file.tensors.map((t) => ({
    name: t.name,
    type: t.type,
    dims: t.dims,
    data: bytes.subarray(file.dataOffset + t.offset, file.dataOffset + t.offset + t.byteLength),
  }));
}

Deno.test("every shared GGUF file is written back byte-identical", () => {
  const files = sharedGgufFiles();
  assert.ok(files.length >= 40 || files.length === 0, `found ${files.length} files`);
  for (const path of files) {
    const bytes = Deno.readFileSync(path);
    const file = parseGgufBytes(bytes);
    const written = serializeGguf(file.metadata, tensorsOf(bytes), { version: file.version as 2 | 3 });
    assert.equal(written.length, bytes.length, path);
    assert.ok(written.every((b, i) => b === bytes[i]), `${path} differs`);
  }
});

Deno.test("GgufFileWriter streams tensors in chunks and matches serializeGguf", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const bytes = Deno.readFileSync(path);
  const file = parseGgufBytes(bytes);
  const tensors = tensorsOf(bytes);
  const out = await Deno.makeTempFile({ suffix: ".gguf" });
  try {
    const writer = await GgufFileWriter.create(out, file.metadata, tensors);
    for (const t of tensors) {
      for (let at = 0; at < t.data.length; at += 1000) {
        await writer.writeTensorData(t.name, t.data.subarray(at, at + 1000));
      }
    }
    await writer.close();
    assert.deepEqual(Deno.readFileSync(out), bytes);
  } finally {
    Deno.removeSync(out);
  }
});

Deno.test("GgufFileWriter refuses out-of-order, excess and incomplete data", async () => {
  const out = await Deno.makeTempFile({ suffix: ".gguf" });
  try {
    const descs = [
      { name: "a", type: GgmlType.F32, dims: [4] },
      { name: "b", type: GgmlType.F16, dims: [4] },
    ];
    const writer = await GgufFileWriter.create(out, [], descs);
    await assert.rejects(writer.writeTensorData("b", new Uint8Array(8)), /expected tensor "a" \(tensor="b"/);
    await assert.rejects(
      writer.writeTensorData("a", new Uint8Array(17)),
      /more data than the tensor's 16 bytes/,
    );
    await writer.writeTensorData("a", new Uint8Array(16));
    await writer.writeTensorData("b", new Uint8Array(4));
    await assert.rejects(writer.close(), (e) => e instanceof GgufError && e.context.tensor === "b");
  } finally {
    Deno.removeSync(out);
  }
});

Deno.test("every value type, nested arrays, 64-bit extremes and f32 round-trip", () => {
  const entries = new Map<string, GgufEntry>([
    ["u8", ggufU8(255)],
    ["i8", ggufI8(-128)],
    ["u16", ggufU16(65535)],
    ["i16", ggufI16(-32768)],
    ["u32", ggufU32(4294967295)],
    ["i32", ggufI32(-2147483648)],
    ["f32", ggufF32(0.1)],
    ["f64", ggufF64(0.1)],
    ["bool", ggufBool(false)],
    ["u64max", ggufU64((1n << 64n) - 1n)],
    ["i64min", ggufI64(-(1n << 63n))],
    ["u64small", ggufU64(7)],
    ["string", ggufString("héllo ▁ 👋")],
    ["u8s", ggufArray(new Uint8Array([1, 2]))],
    ["i64s", ggufArray(new BigInt64Array([-1n, 1n << 40n]))],
    ["f32s", ggufArray(new Float32Array([1.5, -0]))],
    ["bools", ggufArray([true, false, true])],
    ["strings", ggufArray(["", "x"])],
    ["empty", ggufArray(new Int32Array(0))],
    ["nested", ggufArray([[new Uint16Array([3])], ["a", "b"], [true]])],
  ]);
  const file = parseGgufBytes(serializeGguf(entries, []));
  assert.deepEqual(file.metadata.keys(), [...entries.keys()]);
  for (const [key, entry] of entries) {
    const read = file.metadata.entry(key)!;
    assert.equal(read.type, entry.type, key);
    if (key === "f32") {
      assert.equal(read.value, Math.fround(0.1)); // stored as f32
    } else if (key === "u64small") {
      assert.equal(read.value, 7); // safe 64-bit integers read as numbers
    } else {
      assert.deepEqual(read.value, entry.value, key);
    }
  }
  assert.equal(file.metadata.number("u64small"), 7);
  assert.deepEqual(Array.from(file.metadata.numberArray("i64s")), [-1, 2 ** 40]);
});

Deno.test("the alignment option records general.alignment and aligns every tensor", () => {
  const tensors = [
    { name: "a", type: GgmlType.F32, dims: [3], data: new Uint8Array(12) },
    { name: "b", type: GgmlType.Q8_0, dims: [32], data: new Uint8Array(34).fill(7) },
  ];
  const bytes = serializeGguf([["general.name", ggufString("x")]], tensors, { alignment: 64, version: 2 });
  const file = parseGgufBytes(bytes);
  assert.equal(file.version, 2);
  assert.equal(file.alignment, 64);
  assert.equal(file.metadata.number("general.alignment"), 64);
  assert.equal(file.dataOffset % 64, 0);
  assert.deepEqual(file.tensors.map((t) => t.offset), [0, 64]);
  assert.equal(bytes.length, file.dataOffset + 128);
  assert.deepEqual(bytes.subarray(file.dataOffset + 64, file.dataOffset + 98), tensors[1].data);
  assert.throws(
    () => serializeGguf([["general.alignment", ggufU32(32)]], [], { alignment: 64 }),
    /disagrees/,
  );
});

Deno.test("invalid entries and tensors are refused with the key or tensor named", () => {
  const refuses = (
    entries: [string, GgufEntry][],
    tensors: GgufWriteTensor[],
    context: Record<string, string>,
  ) =>
    assert.throws(
      () => serializeGguf(entries, tensors),
      (e) => e instanceof GgufError && Object.entries(context).every(([k, v]) => e.context[k] === v),
    );
  refuses([["k", ggufU8(256)]], [], { key: "k" });
  refuses([["k", ggufI32(1.5)]], [], { key: "k" });
  refuses([["k", ggufU64(-1)]], [], { key: "k" });
  refuses([["k", ggufI64(1n << 63n)]], [], { key: "k" });
  refuses([["k", ggufArray(new Float32Array(1), GgufValueType.FLOAT64)]], [], { key: "k" });
  refuses([["k", ggufArray(["a", 1] as unknown as string[])]], [], { key: "k" });
  refuses([["k", ggufU8(1)], ["k", ggufU8(2)]], [], { key: "k" });
  const f32 = (name: string, n: number): GgufWriteTensor => ({
    name,
    type: GgmlType.F32,
    dims: [n],
    data: new Uint8Array(4 * n),
  });
  refuses([], [f32("t", 2), f32("t", 2)], { tensor: "t" });
  refuses([], [f32("x".repeat(64), 1)], { tensor: "x".repeat(64) });
  refuses([], [{ ...f32("t", 2), data: new Uint8Array(7) }], { tensor: "t" });
  refuses([], [{ name: "q", type: GgmlType.Q4_K, dims: [128], data: new Uint8Array(72) }], { tensor: "q" });
  refuses([], [{ name: "u", type: 77 as GgmlType, dims: [1], data: new Uint8Array(1) }], { tensor: "u" });
});
