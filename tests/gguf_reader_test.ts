/** The GGUF reader on real files: headers, typed metadata accessors, tensor reads, the growing prefix. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { GgufError } from "../src/errors.ts";
import {
  GgmlType,
  ggmlTypeName,
  GGUF_INITIAL_PREFIX_BYTES,
  type GgufSource,
  openGgufSource,
  parseGgufBytes,
  readGguf,
  readTensorInto,
} from "../src/gguf/mod.ts";
import { sharedFile } from "./shared.ts";

Deno.test("stories260K: header, metadata accessors, u32 -1 token ids", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const source = await openGgufSource(path);
  try {
    const file = await readGguf(source);
    assert.equal(file.version, 3);
    assert.equal(file.alignment, 32);
    assert.equal(file.fileSize, 1185376);
    assert.equal(file.tensors.length, 48);
    const meta = file.metadata;
    assert.equal(meta.string("general.architecture"), "llama");
    assert.equal(meta.number("tokenizer.ggml.seperator_token_id"), 4294967295);
    assert.equal(meta.number("llama.context_length"), 2048);
    assert.equal(meta.numberOr("llama.rope.freq_base", 10000), 10000);
    assert.equal(meta.stringOr("tokenizer.ggml.pre", "default"), "default");
    assert.equal(meta.boolOr("tokenizer.ggml.add_bos_token", true), true);
    assert.equal(meta.stringArray("tokenizer.ggml.tokens").length, 512);
    assert.equal(meta.stringArray("tokenizer.ggml.tokens")[1], "<s>");
    assert.equal(meta.numberArray("tokenizer.ggml.scores").length, 512);
    assert.equal(meta.numberArray("tokenizer.ggml.token_type")[0], 2);
    assert.throws(
      () => meta.string("llama.block_count"),
      /has type UINT32, expected a string \(key="llama\.block_count"\)/,
    );
    assert.throws(() => meta.number("no.such.key"), /missing \(key="no\.such\.key"\)/);
    assert.throws(
      () => meta.stringArray("tokenizer.ggml.scores"),
      /ARRAY<FLOAT32>, expected an array of strings/,
    );
    assert.throws(() => meta.bool("general.architecture"), GgufError);
    const embd = file.tensor("token_embd.weight")!;
    assert.deepEqual(embd.dims, [64, 512]);
    assert.equal(embd.type, GgmlType.F32);
    assert.equal(embd.nElements, 64 * 512);
    assert.equal(embd.byteLength, 64 * 512 * 4);
    assert.equal(file.tensor("missing"), undefined);
  } finally {
    source.close();
  }
});

Deno.test("GgufFile and GgufMetadata inspect as summaries, never whole arrays", async () => {
  const path = sharedFile("models/stories260K.gguf");
  if (!path) return;
  const file = parseGgufBytes(await Deno.readFile(path));
  const shown = Deno.inspect(file);
  assert.match(shown, /^GgufFile v3 \(1185376 bytes, alignment 32, data at \d+\)/);
  assert.match(shown, /tokenizer\.ggml\.tokens: \[STRING x 512\]/);
  assert.match(shown, /token_embd\.weight F32 \[64, 512\]/);
  assert.ok(shown.length < 2000, `inspect output is ${shown.length} characters`);
  assert.match(Deno.inspect(file.metadata), /^GgufMetadata \(19 entries\)/);
});

/** Fixture name -> expected tensor type counts, from fixtures/README.md. */
const FIXTURE_TYPES: Record<string, Record<string, number>> = {
  "llama-f32": { F32: 21 },
  "llama-f16": { F16: 16, F32: 5 },
  "llama-bf16": { BF16: 16, F32: 5 },
  "llama-q4_k": { Q4_K: 16, F32: 5 },
  "llama-iq3_s": { IQ3_S: 16, F32: 5 },
  "llama-mxfp4": { MXFP4: 16, F32: 5 },
  "llama-q1_0": { Q1_0: 16, F32: 5 },
  "llama-q2_0": { Q2_0: 16, F32: 5 },
  "llama-tq1_0": { TQ1_0: 16, F32: 5 },
  "qwen2-q8_0": { Q8_0: 16, F32: 11 },
  "phi3-q4_k": { Q4_K: 10, F32: 5 },
  "gemma2-q4_k": { Q4_K: 15, F32: 9 },
};

Deno.test("fixtures: tensor types and sizes, data read from a path equals the bytes in memory", async () => {
  for (const [stem, expected] of Object.entries(FIXTURE_TYPES)) {
    const path = sharedFile(`fixtures/${stem}.gguf`);
    if (!path) continue;
    const bytes = await Deno.readFile(path);
    const source = await openGgufSource(path);
    try {
      const file = await readGguf(source);
      const counts: Record<string, number> = {};
      for (const t of file.tensors) counts[ggmlTypeName(t.type)] = (counts[ggmlTypeName(t.type)] ?? 0) + 1;
      assert.deepEqual(counts, expected, stem);
      assert.deepEqual(parseGgufBytes(bytes).tensors, file.tensors, stem);
      const embd = file.tensor("token_embd.weight")!;
      assert.deepEqual(embd.dims, [256, 512], stem);
      const dst = new Uint8Array(embd.byteLength);
      const progress: number[] = [];
      await readTensorInto(source, file, embd, dst, (done, total) => {
        assert.equal(total, embd.byteLength);
        progress.push(done);
      });
      assert.deepEqual(progress.at(-1), embd.byteLength, stem);
      const start = file.dataOffset + embd.offset;
      assert.deepEqual(dst, bytes.subarray(start, start + embd.byteLength), stem);
    } finally {
      source.close();
    }
  }
});

Deno.test("readTensorInto refuses a wrong destination size and a tensor of another file", async () => {
  const a = sharedFile("fixtures/llama-q8_0.gguf");
  const b = sharedFile("fixtures/llama-q4_0.gguf");
  if (!a || !b) return;
  const source = await openGgufSource(a);
  try {
    const file = await readGguf(source);
    const other = parseGgufBytes(await Deno.readFile(b));
    const norm = file.tensor("output_norm.weight")!;
    await assert.rejects(
      readTensorInto(source, file, norm, new Uint8Array(norm.byteLength + 1)),
      /destination has 1025 bytes, the tensor needs 1024 \(tensor="output_norm.weight"/,
    );
    const foreign = other.tensor("output_norm.weight")!;
    await assert.rejects(
      readTensorInto(source, file, foreign, new Uint8Array(1024)),
      /does not come from this file/,
    );
  } finally {
    source.close();
  }
});

/** A source that records every read, to watch the header prefix grow. */
function recordingSource(inner: GgufSource, reads: [number, number][]): GgufSource {
  return {
    size: inner.size,
    read: (dst, position) => (reads.push([position, dst.byteLength]), inner.read(dst, position)),
    close: () => inner.close(),
  };
}

Deno.test("a header larger than the first prefix is read by doubling, never past the file", async () => {
  const dir = sharedFile("models/vocab");
  if (!dir) return;
  const path = join(dir, "ggml-vocab-deepseek-llm.gguf"); // ~4 MB of vocabulary in the header
  const reads: [number, number][] = [];
  const source = recordingSource(await openGgufSource(path), reads);
  try {
    const file = await readGguf(source);
    assert.equal(file.tensors.length, 0);
    assert.ok(file.metadata.stringArray("tokenizer.ggml.tokens").length > 100000);
    assert.deepEqual(reads[0], [0, GGUF_INITIAL_PREFIX_BYTES]);
    let end = 0;
    for (const [position, length] of reads) {
      assert.equal(position, end, "each read continues the prefix");
      end += length;
    }
    assert.equal(end, file.fileSize, "the whole header is the whole file here, read once");
    assert.deepEqual([...file.metadata], [...parseGgufBytes(await Deno.readFile(path)).metadata]);
  } finally {
    source.close();
  }
});

Deno.test("opening a missing path is a GgufError naming it", async () => {
  await assert.rejects(
    openGgufSource("/nonexistent/model.gguf"),
    /cannot open the GGUF file \(path="\/nonexistent/,
  );
});
