/**
 * What one benchmark run measures and how: the result every run prints (one JSON line on stdout), the prompt
 * both engines evaluate, and the peak resident memory of the process.
 *
 * @module
 */

import { SeededRandom } from "../src/engine/rng.ts";
import { ConfigError } from "../src/errors.ts";
import { numberFlag } from "../tools/cli.ts";

/** One configuration's measurements, printed by a run subprocess as one JSON line. */
export interface RunResult {
  /** `"ruvllm-ts"` or `"llama.cpp"`. */
  readonly engine: string;
  /** Threads computing. */
  readonly threads: number;
  /** Milliseconds from the call that loads the model to a usable model. */
  readonly loadMs: number;
  /** Peak resident memory of the process right after loading, in bytes. */
  readonly loadPeakRssBytes: number;
  /** Peak resident memory of the whole run, in bytes. */
  readonly peakRssBytes: number;
  /** Prompt tokens evaluated in one batch, and the milliseconds it took (up to the first sampled token). */
  readonly promptTokens: number;
  /** See {@link RunResult.promptTokens}. */
  readonly promptMs: number;
  /** Tokens generated one at a time (greedy), and the milliseconds they took. */
  readonly genTokens: number;
  /** See {@link RunResult.genTokens}. */
  readonly genMs: number;
}

/** The flags both run scripts take (`parseFlags` options); {@link runSettings} reads them. */
export const RUN_FLAGS = {
  model: { type: "string" },
  threads: { type: "string" },
  prompt: { type: "string" },
  gen: { type: "string" },
} as const;

/** What one run measures: the model file, threads, and prompt and generation lengths in tokens. */
export interface RunSettings {
  /** The GGUF file. */
  readonly model: string;
  /** Threads computing (default 1). */
  readonly threads: number;
  /** Prompt tokens evaluated in one batch (default 128). */
  readonly promptLength: number;
  /** Tokens generated one at a time (default 64). */
  readonly genLength: number;
}

/** The {@link RUN_FLAGS} values as settings with their defaults; `--model` is required. */
export function runSettings(
  values: { model?: string; threads?: string; prompt?: string; gen?: string },
): RunSettings {
  if (!values.model) throw new ConfigError("--model is required", { context: { flag: "model" } });
  return Object.freeze({
    model: values.model,
    threads: numberFlag(values.threads, "threads") ?? 1,
    promptLength: numberFlag(values.prompt, "prompt") ?? 128,
    genLength: numberFlag(values.gen, "gen") ?? 64,
  });
}

/** The first token id after the SPM specials and byte tokens: the prompt uses only ordinary pieces. */
const FIRST_PIECE_ID = 259;

/** The benchmark prompt: BOS, then seeded random ordinary tokens, the same for every engine and run. */
export function benchPromptTokens(nVocab: number, length: number): number[] {
  const random = new SeededRandom(1234);
  const tokens = [1];
  while (tokens.length < length) {
    tokens.push(FIRST_PIECE_ID + (random.nextUint32() % (nVocab - FIRST_PIECE_ID)));
  }
  return tokens;
}

/**
 * The peak resident set size of this process so far (`VmHWM` in `/proc/self/status`, Linux); elsewhere the
 * current RSS, which is a lower bound.
 */
export function peakRssBytes(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through to the current RSS.
  }
  return Deno.memoryUsage().rss;
}

/** Prints the result as the single JSON line the orchestrator reads. */
export function printResult(result: RunResult): void {
  console.log(JSON.stringify(result));
}
