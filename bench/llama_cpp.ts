/**
 * One benchmark run of llama.cpp through `node-llama-cpp` (CPU build, no GPU), measured exactly like
 * `bench/run_ours.ts`: same file, prompt, token counts and threads. It runs from `bench/.llama-cpp/`, where
 * `node-llama-cpp` is installed (see `bench/README.md`):
 *
 * ```sh
 * cd bench/.llama-cpp && deno run -A --node-modules-dir=manual ../llama_cpp.ts --model F --threads 2
 * ```
 *
 * prints a {@link RunResult} as one JSON line. With `--probs 1,5,77` it prints instead the next-token
 * probabilities after those tokens (a JSON array indexed by token id), which tests compare with ours.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberFlag, parseFlags, runCli } from "../tools/cli.ts";
import { benchPromptTokens, peakRssBytes, printResult, RUN_FLAGS, runSettings } from "./run_result.ts";

/** The installed version; a variable, so that `deno check` of the repository does not fetch the package. */
const NODE_LLAMA_CPP: string = "npm:node-llama-cpp@3.21.1";

/** Where `node-llama-cpp` is installed; this file runs from there (see `bench/README.md`). */
export const LLAMA_CPP_DIR: string = fileURLToPath(new URL("./.llama-cpp/", import.meta.url));

/** Whether `node-llama-cpp` is installed in {@link LLAMA_CPP_DIR}. */
export function llamaCppInstalled(): boolean {
  try {
    Deno.statSync(join(LLAMA_CPP_DIR, "node_modules", "node-llama-cpp"));
    return true;
  } catch {
    return false;
  }
}

/** The `deno` arguments that run this file with `flags`, from {@link LLAMA_CPP_DIR} and its `node_modules`. */
export function llamaCppRunArgs(flags: readonly string[]): string[] {
  return ["run", "-A", "--node-modules-dir=manual", "--config", "package.json", "../llama_cpp.ts", ...flags];
}

/** The part of node-llama-cpp's API this file uses. */
interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: "never" }): Promise<{
    loadModel(options: { modelPath: string }): Promise<{
      tokenizer: { readonly length?: number };
      readonly fileInsights: { readonly tokens?: unknown };
      createContext(options: {
        contextSize: number;
        batchSize: number;
        threads: number;
        flashAttention: boolean;
        experimentalKvCacheKeyType?: "F32";
        experimentalKvCacheValueType?: "F32";
      }): Promise<{
        getSequence(): LlamaSequence;
        dispose(): Promise<void>;
      }>;
      dispose(): Promise<void>;
    }>;
  }>;
}

/** A context sequence: greedy generation and single-step probabilities. */
interface LlamaSequence {
  evaluate(tokens: number[], options: { temperature: number }): AsyncGenerator<number>;
  controlledEvaluate(
    input: (number | [number, { generateNext: { probabilities: true } }])[],
  ): Promise<({ next: { probabilities?: Map<number, number> } } | undefined)[]>;
}

/** Reads the vocabulary size from the file header without loading anything else. */
async function vocabularySize(path: string): Promise<number> {
  const { openGgufSource, readGguf } = await import("../src/gguf/mod.ts");
  const source = await openGgufSource(path);
  try {
    const file = await readGguf(source);
    return file.metadata.stringArray("tokenizer.ggml.tokens").length;
  } finally {
    source.close();
  }
}

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, { ...RUN_FLAGS, probs: { type: "string" } });
    const { model: path, threads, promptLength, genLength } = runSettings(values);
    const probeTokens = values.probs?.split(",").map((t) => numberFlag(t, "probs")!);
    const nVocab = await vocabularySize(path);

    const { getLlama } = (await import(NODE_LLAMA_CPP)) as NodeLlamaCpp;
    const llama = await getLlama({ gpu: false, build: "never" });
    const loadStart = performance.now();
    const model = await llama.loadModel({ modelPath: path });
    const context = await model.createContext({
      contextSize: Math.max(promptLength + genLength, probeTokens?.length ?? 0) + 1,
      batchSize: Math.max(promptLength, probeTokens?.length ?? 0),
      threads,
      flashAttention: false,
      // Our KV cache is f32; llama.cpp's default f16 cache would move probabilities by ~1e-3 relative.
      ...(probeTokens ? { experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32" } : {}),
    });
    const sequence = context.getSequence();
    const loadMs = performance.now() - loadStart;
    const loadPeakRssBytes = peakRssBytes();

    if (probeTokens) {
      const last = probeTokens.length - 1;
      const input = probeTokens.map((t, i) =>
        i === last
          ? [t, { generateNext: { probabilities: true } }] as [
            number,
            { generateNext: { probabilities: true } },
          ]
          : t
      );
      const results = await sequence.controlledEvaluate(input);
      const probabilities = new Array<number>(nVocab).fill(0);
      for (const [token, p] of results[last]?.next.probabilities ?? []) probabilities[token] = p;
      console.log(JSON.stringify(probabilities));
    } else {
      const prompt = benchPromptTokens(nVocab, promptLength);
      const promptStart = performance.now();
      const tokens = sequence.evaluate(prompt, { temperature: 0 });
      await tokens.next(); // the prompt in one batch, then the first greedy token
      const promptMs = performance.now() - promptStart;
      const genStart = performance.now();
      for (let i = 0; i < genLength; i++) await tokens.next();
      const genMs = performance.now() - genStart;
      await tokens.return(undefined);
      printResult({
        engine: "llama.cpp",
        threads,
        loadMs,
        loadPeakRssBytes,
        peakRssBytes: peakRssBytes(),
        promptTokens: promptLength,
        promptMs,
        genTokens: genLength,
        genMs,
      });
    }
    await context.dispose();
    await model.dispose();
  });
}
