/**
 * Checking a model path against llama.cpp's goldens (`shared/golden`): logits at every prompt position and
 * greedy continuations, with the tolerances of `shared/golden/README.md`.
 *
 * Why these tolerances (measured by the golden authors against an independent float64 forward pass):
 * - F32 1e-4: a correct float32 implementation lands within ~1e-5; summation order adds ~1e-6.
 * - gemma2 F32 2e-2: llama.cpp's GELU is an f16 table; one input on the other side of an f16 rounding
 *   boundary moves a logit by ~3e-3, amplified by the post-norm gains.
 * - F16 1e-2 (median 5e-3) and BF16 5e-2 (median 1e-4): activations are rounded to the weight type, and flips
 *   at rounding boundaries move llama.cpp against itself by 2.4e-3 (F16) and 1.7e-2 (BF16).
 * - Quantized 0.25 (median 1e-4): one Q8 rounding flip of an activation moves logits by up to ~0.1; with
 *   llama.cpp's activation rounding emulated most positions agree to ~1e-5.
 * - Greedy tokens must agree up to the first step whose recorded top-1/top-2 margin is below the tolerance;
 *   from such a near-tie on, a divergence is legitimate.
 *
 * @module
 */

import assert from "node:assert/strict";
import { loadModel, type LoadOptions } from "../src/engine/model.ts";
import { argmax } from "../src/engine/sampling.ts";
import { readGoldenF32, readGoldenJson, sharedFile } from "./shared.ts";

/** The fields of `shared/golden/<stem>.json` the tests use (see `shared/golden/README.md`). */
export interface GoldenJson {
  /** The model file, relative to `shared/`. */
  model: string;
  /** The prompt token ids. */
  tokens: number[];
  /** Vocabulary size: the width of a logits row. */
  n_vocab: number;
  /** The tokens llama.cpp's greedy sampler produced after the prompt. */
  greedy: number[];
  /** Per greedy step, llama.cpp's top-1 minus top-2 logit. */
  greedy_margins: number[];
  /** The `[tokens.length, n_vocab]` f32 logits of the prompt, relative to `shared/golden/`. */
  logits_file: string;
}

/** Tolerances for one golden. */
export interface Tolerance {
  /** Max |ours - llama.cpp| over every logit. */
  readonly maxAbs: number;
  /** Bound on the median over positions of the per-position max difference. */
  readonly median: number;
}

/** The tolerance table of `shared/golden/README.md` for a fixture stem, on the CPU reference numerics. */
function toleranceFor(stem: string): Tolerance {
  if (stem === "gemma2-f32") return { maxAbs: 2e-2, median: 2e-2 };
  if (stem.endsWith("-f32") || stem.startsWith("stories260K")) return { maxAbs: 1e-4, median: 1e-4 };
  if (stem.endsWith("-f16")) return { maxAbs: 1e-2, median: 5e-3 };
  if (stem.endsWith("-bf16")) return { maxAbs: 5e-2, median: 1e-4 };
  return { maxAbs: 0.25, median: 1e-4 };
}

/** How our logits compare with the golden ones. */
export interface LogitsComparison {
  /** Max absolute difference. */
  maxAbs: number;
  /** Median over positions of the per-position max difference. */
  median: number;
  /** Positions whose argmax differs although llama.cpp's top-1/top-2 margin exceeds the tolerance. */
  argmaxMismatches: number[];
}

function topMargin(row: Float32Array): number {
  let a = -Infinity, b = -Infinity;
  for (const v of row) {
    if (v > a) [a, b] = [v, a];
    else if (v > b) b = v;
  }
  return a - b;
}

/** Compares `[rows, nVocab]` logits with the golden ones. */
export function compareLogits(ours: Float32Array, golden: Float32Array, nVocab: number, tolerance: number) {
  assert.equal(ours.length, golden.length, "logit count");
  const rows = golden.length / nVocab;
  const perRow: number[] = [];
  const argmaxMismatches: number[] = [];
  for (let r = 0; r < rows; r++) {
    const o = ours.subarray(r * nVocab, (r + 1) * nVocab);
    const g = golden.subarray(r * nVocab, (r + 1) * nVocab);
    let max = 0;
    for (let i = 0; i < nVocab; i++) max = Math.max(max, Math.abs(o[i] - g[i]));
    perRow.push(Number.isNaN(max) ? Infinity : max);
    if (topMargin(g) > tolerance && argmax(o) !== argmax(g)) argmaxMismatches.push(r);
  }
  const sorted = [...perRow].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { maxAbs: sorted[sorted.length - 1], median, argmaxMismatches } satisfies LogitsComparison;
}

/**
 * Runs the golden `stem` on a backend: prompt logits at every position, then greedy decoding token by token,
 * asserting the tolerances. Returns the measured comparison (for reports), or `undefined` when skipped.
 */
export async function checkGolden(
  stem: string,
  options: LoadOptions,
  tolerance: Tolerance = toleranceFor(stem),
): Promise<LogitsComparison | undefined> {
  const golden = readGoldenJson<GoldenJson>(stem);
  const goldenLogits = golden && readGoldenF32(golden.logits_file);
  if (!golden || !goldenLogits) return undefined;
  const modelPath = sharedFile(golden.model);
  if (!modelPath) return undefined;
  const n = golden.tokens.length;
  const model = await loadModel(modelPath, {
    ...options,
    contextLength: n + golden.greedy.length,
    batchSize: n,
    allLogits: true,
  });
  try {
    const session = model.createSession();
    const logits = await session.evaluateAll(golden.tokens);
    const cmp = compareLogits(logits, goldenLogits, golden.n_vocab, tolerance.maxAbs);
    const where = `${stem} on ${model.backend.name}`;
    assert.ok(cmp.maxAbs <= tolerance.maxAbs, `${where}: max |diff| ${cmp.maxAbs} > ${tolerance.maxAbs}`);
    assert.ok(
      cmp.median <= tolerance.median,
      `${where}: median per-position max ${cmp.median} > ${tolerance.median}`,
    );
    assert.deepEqual(cmp.argmaxMismatches, [], `${where}: argmax differs at confident positions`);

    // Greedy: identical up to the first near-tie (a step whose recorded margin is below the tolerance).
    let row = logits.subarray((n - 1) * golden.n_vocab);
    const one = new Int32Array(1);
    for (let g = 0; g < golden.greedy.length; g++) {
      if (golden.greedy_margins[g] < tolerance.maxAbs) break;
      const token = argmax(row);
      assert.equal(token, golden.greedy[g], `${where}: greedy token ${g}`);
      if (g + 1 === golden.greedy.length) break;
      one[0] = token;
      row = await session.evaluate(one);
    }
    return cmp;
  } finally {
    model.dispose();
  }
}

/** Every fixture golden whose model the engine runs. */
export const GOLDEN_STEMS = [
  "stories260K",
  "llama-f32",
  "llama-f16",
  "llama-bf16",
  "llama-bpe-f32",
  "llama-q8_0",
  "llama-q4_0",
  "llama-q4_1",
  "llama-q5_0",
  "llama-q5_1",
  "llama-q2_k",
  "llama-q3_k",
  "llama-q4_k",
  "llama-q5_k",
  "llama-q6_k",
  "llama-iq4_nl",
  "llama-iq4_xs",
  "llama-iq3_s",
  "llama-tq1_0",
  "llama-tq2_0",
  "llama-mxfp4",
  "llama-q1_0",
  "llama-q2_0",
  "qwen2-f32",
  "qwen2-q8_0",
  "qwen2-q4_k",
  "phi3-f32",
  "phi3-q8_0",
  "phi3-q4_k",
  "gemma2-f32",
  "gemma2-q8_0",
  "gemma2-q4_k",
];
