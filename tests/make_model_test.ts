/**
 * Tests of the random-model writer (`src/models/random_model.ts`, `deno task make-model`): the files load in our
 * engine and, when `node-llama-cpp` is installed in `bench/.llama-cpp`, give llama.cpp's probabilities.
 */

import assert from "node:assert/strict";
import { ConfigError } from "../src/errors.ts";
import { GgmlType, openGgufSource, readGguf, readTensorInto } from "../src/gguf/mod.ts";
import { loadModel } from "../src/engine/model.ts";
import {
  NormalSampler,
  parseRandomModelShape,
  planModelTypes,
  RANDOM_MODEL_SHAPES,
  type RandomModelShape,
  spmVocabulary,
  writeRandomModel,
} from "../src/models/random_model.ts";
import { LLAMA_CPP_DIR, llamaCppInstalled, llamaCppRunArgs } from "../bench/llama_cpp.ts";

/** A shape small enough for the reference backend, with 256-wide rows so that K-quants fit. */
const SMALL: RandomModelShape = {
  nVocab: 300,
  nEmbd: 256,
  nLayer: 2,
  nHead: 4,
  nHeadKv: 2,
  nFf: 512,
  nCtx: 64,
};

async function withModel(type: string, seed: number, body: (path: string) => Promise<void>): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".gguf" });
  try {
    await writeRandomModel(path, { shape: SMALL, type, seed });
    await body(path);
  } finally {
    await Deno.remove(path);
  }
}

function softmax(logits: Float32Array): Float64Array {
  const max = Math.max(...logits);
  const p = Float64Array.from(logits, (x) => Math.exp(x - max));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / sum);
}

Deno.test("make-model: an SPM vocabulary llama.cpp accepts: specials, 256 bytes, unique filler pieces", () => {
  const vocab = spmVocabulary(32000);
  assert.equal(vocab.tokens.length, 32000);
  assert.deepEqual(vocab.tokens.slice(0, 4), ["<unk>", "<s>", "</s>", "<0x00>"]);
  assert.equal(vocab.tokens[258], "<0xFF>");
  assert.deepEqual([...vocab.types.subarray(0, 4)], [2, 3, 3, 6]);
  assert.equal(new Set(vocab.tokens).size, vocab.tokens.length);
  assert.equal(vocab.scores[259], 0);
  assert.equal(vocab.scores[260], -1);
});

Deno.test("make-model: normal numbers have the requested mean and deviation", () => {
  const values = new Float32Array(1 << 16);
  new NormalSampler(3).fill(values, 0.1, 1);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  // 65536 samples: the standard errors are 0.1/256 for the mean and ~0.1/362 for the deviation.
  assert.ok(Math.abs(mean - 1) < 0.002, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.1) < 0.002, `sd ${sd}`);
});

Deno.test("make-model: invalid shapes and types are ConfigErrors", () => {
  assert.throws(() => parseRandomModelShape({ ...SMALL, nHead: 3 }), ConfigError);
  assert.throws(() => parseRandomModelShape({ ...SMALL, nVocab: 100 }), ConfigError);
  assert.throws(() => parseRandomModelShape({ ...SMALL, extra: 1 }), ConfigError);
  assert.throws(() => planModelTypes(SMALL, "Q9_9"), ConfigError);
  assert.throws(() => planModelTypes({ ...SMALL, nEmbd: 96, nHead: 4 }, "Q4_K"), ConfigError);
});

Deno.test("make-model: the TinyLlama shape and a mixture follow llama.cpp's rules", () => {
  const shape = RANDOM_MODEL_SHAPES.get("tinyllama-1.1b")!;
  const pure = planModelTypes(shape, "Q4_K");
  assert.equal(pure.fileType, 15);
  assert.equal(pure.types.length, 2 + 9 * 22 + 1);
  const mixture = planModelTypes(shape, "Q4_K_M");
  assert.equal(mixture.fileType, 15);
  assert.equal(mixture.types.at(-1), GgmlType.Q6_K); // output.weight gets more bits
  assert.ok(mixture.types.includes(GgmlType.Q4_K));
});

Deno.test("make-model: the same seed writes the same file, another seed another file", async () => {
  const read = async (seed: number) => {
    let bytes = new Uint8Array();
    await withModel("Q4_0", seed, async (path) => void (bytes = await Deno.readFile(path)));
    return bytes;
  };
  const [a, b, c] = [await read(5), await read(5), await read(6)];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("make-model: weights are scaled like the fixtures (linear 1/sqrt(in), norms 1 + 0.1 z)", async () => {
  await withModel("F32", 9, async (path) => {
    const source = await openGgufSource(path);
    try {
      const file = await readGguf(source);
      const stats = async (name: string) => {
        const info = file.tensor(name)!;
        const bytes = new Uint8Array(info.byteLength);
        await readTensorInto(source, file, info, bytes);
        const v = new Float32Array(bytes.buffer);
        const mean = v.reduce((a, b) => a + b, 0) / v.length;
        return [mean, Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length)];
      };
      const [qMean, qSd] = await stats("blk.0.attn_q.weight");
      // 65536 values: 3% is more than ten standard errors of the deviation.
      assert.ok(Math.abs(qMean) < 0.003 && Math.abs(qSd * 16 - 1) < 0.03, `attn_q ${qMean} ${qSd}`);
      const [nMean, nSd] = await stats("blk.1.ffn_norm.weight");
      // 256 values: the standard error of the mean is 0.006.
      assert.ok(Math.abs(nMean - 1) < 0.03 && Math.abs(nSd - 0.1) < 0.02, `ffn_norm ${nMean} ${nSd}`);
      assert.equal(file.metadata.get("general.architecture"), "llama");
      assert.equal(file.metadata.get("llama.rope.dimension_count"), 64);
    } finally {
      source.close();
    }
  });
});

Deno.test("make-model: K-quant, legacy and float files load in our engine with spread-out logits", async () => {
  for (const type of ["Q4_K", "Q8_0", "F16"]) {
    await withModel(type, 11, async (path) => {
      const model = await loadModel(path, { backend: "reference" });
      const logits = await model.createSession(8).evaluate([1, 270, 280, 290]);
      assert.ok(logits.every(Number.isFinite), type);
      const top = Math.max(...softmax(logits));
      // Uniform would be 1/300; random weights scaled like the fixtures give a clear favourite.
      assert.ok(top > 10 / SMALL.nVocab, `${type}: top probability ${top}`);
      model.dispose();
    });
  }
});

Deno.test("make-model: llama.cpp (node-llama-cpp) gives the probabilities we compute", async () => {
  if (!llamaCppInstalled()) {
    console.warn("%cSKIPPED: node-llama-cpp is not installed (see bench/README.md)", "color: yellow");
    return;
  }
  await withModel("F32", 13, async (path) => {
    const tokens = [1, SMALL.nVocab - 1, 260, 275, 290];
    const command = new Deno.Command(Deno.execPath(), {
      args: llamaCppRunArgs(["--model", path, "--probs", tokens.join(",")]),
      cwd: LLAMA_CPP_DIR,
      stdout: "piped",
      stderr: "piped",
    });
    const { code, stdout, stderr } = await command.output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const theirs: number[] = JSON.parse(new TextDecoder().decode(stdout));
    const model = await loadModel(path, { backend: "reference" });
    const ours = softmax(await model.createSession(8).evaluate(tokens));
    model.dispose();
    assert.equal(theirs.length, ours.length);
    // f32 weights and KV cache on both sides: only summation order differs (seen: ~1e-8 absolute).
    for (let i = 0; i < ours.length; i++) {
      assert.ok(Math.abs(ours[i] - theirs[i]) < 1e-5, `token ${i}: ours ${ours[i]}, llama.cpp ${theirs[i]}`);
    }
  });
});
