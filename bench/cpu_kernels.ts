/**
 * Micro-benchmark of the CPU backend's `linear`: one TinyLlama-1.1B feed-forward matrix (2048 inputs, 5632
 * outputs) per weight type, for 1 token (decode) and 128 tokens (prompt), on 1 and 2 threads.
 *
 * `deno run --allow-read --allow-sys=loadavg bench/cpu_kernels.ts --types Q4_0,Q8_0 --threads 1,2 --repeat 5`
 * prints one line per case: the median and best milliseconds of `repeat` runs, and the load average, since
 * the machine may be shared.
 *
 * @module
 */

import type { Weight } from "../src/backend.ts";
import { GgmlType } from "../src/gguf/ggml_type.ts";
import { blockFormat, rowBytes } from "../src/quant/mod.ts";
import { ConfigError } from "../src/errors.ts";
import { createCpuBackend } from "../backends/cpu/mod.ts";
import { numberFlag, parseFlags, runCli } from "../tools/cli.ts";

const COLS = 2048, ROWS = 5632;
/** Distinct rows quantized in TypeScript; the weight repeats them (speed does not depend on the values). */
const SAMPLE_ROWS = 64;

/** Deterministic values in [-1, 1) (a linear congruential generator is enough for timing). */
function randomValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Milliseconds of each of `repeat` calls of `body`, after one warm-up call. */
function time(body: () => void, repeat: number): number[] {
  body();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function benchmark(typeName: string, threads: number, tokens: number[], repeat: number): Promise<void> {
  const type = (GgmlType as Record<string, GgmlType>)[typeName];
  const format = type === undefined ? undefined : blockFormat(type);
  if (!format) throw new ConfigError(`unknown weight type ${typeName}`, { context: { typeName } });
  const backend = await createCpuBackend({ threads });
  try {
    const bytesPerRow = rowBytes(type, COLS);
    const weight: Weight = backend.allocWeight({
      name: "ffn_up",
      type,
      dims: [COLS, ROWS],
      byteLength: bytesPerRow * ROWS,
    });
    const sample = new Uint8Array(bytesPerRow * SAMPLE_ROWS);
    const values = randomValues(COLS * SAMPLE_ROWS, type + 1);
    if (format.quantize) {
      for (let r = 0; r < SAMPLE_ROWS; r++) format.quantize(values, r * COLS, sample, r * bytesPerRow, COLS);
    } else {
      // no quantizer (IQ3_S): the value bytes themselves, which the timing does not depend on
      sample.set(new Uint8Array(values.buffer, 0, sample.length));
    }
    const view = backend.weightHostView(weight)!;
    for (let r = 0; r < ROWS; r += SAMPLE_ROWS) view.set(sample, r * bytesPerRow);
    const maxTokens = Math.max(...tokens);
    const x = backend.allocActivations(maxTokens * COLS);
    const out = backend.allocActivations(maxTokens * ROWS);
    // fill x through a one-row F32 "embedding", the Backend interface's only way in
    const table = backend.allocWeight({
      name: "x",
      type: GgmlType.F32,
      dims: [maxTokens * COLS, 1],
      byteLength: maxTokens * COLS * 4,
    });
    const xValues = randomValues(maxTokens * COLS, 7).map((v) => 3 * v);
    backend.weightHostView(table)!.set(new Uint8Array(xValues.buffer));
    backend.embed(x, table, Int32Array.of(0), 1);
    for (const n of tokens) {
      const times = time(() => backend.linear(out, x, weight, n), repeat);
      const median = times[Math.floor(times.length / 2)];
      console.log(
        `${typeName.padEnd(6)} threads ${threads} tokens ${String(n).padStart(3)}: median ${
          median.toFixed(2).padStart(8)
        } ms, best ${times[0].toFixed(2).padStart(8)} ms (load ${Deno.loadavg()[0].toFixed(2)})`,
      );
    }
  } finally {
    backend.dispose();
  }
}

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, {
      types: { type: "string" },
      threads: { type: "string" },
      tokens: { type: "string" },
      repeat: { type: "string" },
    });
    const types = (values.types ?? "Q4_0,Q8_0,Q4_K,F16").split(",");
    const threads = (values.threads ?? "1,2").split(",").map((t) => numberFlag(t, "threads")!);
    const tokens = (values.tokens ?? "1,128").split(",").map((t) => numberFlag(t, "tokens")!);
    const repeat = numberFlag(values.repeat, "repeat") ?? 5;
    for (const t of threads) {
      for (const name of types) await benchmark(name, t, tokens, repeat);
    }
  });
}
