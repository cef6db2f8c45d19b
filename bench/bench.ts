/**
 * `deno task bench [--backend cpu] [--types Q4_0,Q8_0,Q4_K,F16] [--threads 1,2] [--prompt 128] [--gen 64]
 * [--shape tinyllama-1.1b] [--no-llama-cpp] [--out docs/benchmarks.md]`: prompt-processing and generation speed,
 * load time and peak memory of this engine, side by side with llama.cpp (through `node-llama-cpp`, when it is
 * installed in `bench/.llama-cpp`, see `bench/README.md`) on the same random-weight file.
 *
 * Models are made once with `make-model` into `.cache/bench/`. Every configuration (type x threads x engine)
 * runs in its own subprocess (`run_ours.ts`, `llama_cpp.ts`) so that its peak RSS is its own. The results go to
 * stdout and to a markdown table with the date, the machine and its load.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BACKEND_NAMES } from "../src/engine/backends.ts";
import { ConfigError } from "../src/errors.ts";
import { RANDOM_MODEL_SHAPES, type RandomModelShape, writeRandomModel } from "../src/models/random_model.ts";
import { numberFlag, parseFlags, progressBar, runCli } from "../tools/cli.ts";
import { LLAMA_CPP_DIR, llamaCppInstalled, llamaCppRunArgs } from "./llama_cpp.ts";
import type { RunResult } from "./run_result.ts";

const HELP = `Usage: deno task bench [--backend ${BACKEND_NAMES.join("|")}] [--types Q4_0,Q8_0,Q4_K,F16]
         [--threads 1,2] [--prompt 128] [--gen 64] [--shape ${[...RANDOM_MODEL_SHAPES.keys()].join("|")}]
         [--no-llama-cpp] [--out docs/benchmarks.md]`;

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const benchDir = join(repoRoot, "bench");
const MIB = 2 ** 20;

/** The load-memory budget: the file, 15% for everything else, and 64 MiB for the runtime. */
function loadRssBudget(fileBytes: number): number {
  return fileBytes * 1.15 + 64 * MIB;
}

/** One benchmark row: a configuration and its result, or why it failed. */
interface Row {
  readonly type: string;
  readonly fileBytes: number;
  readonly threads: number;
  readonly engine: string;
  readonly result?: RunResult;
  readonly error?: string;
}

/** The model file for `shape` and `type`, made on first use (written aside, then renamed into place). */
async function benchModel(
  cacheDir: string,
  shapeName: string,
  shape: RandomModelShape,
  type: string,
): Promise<string> {
  const path = join(cacheDir, `${shapeName}-${type.toLowerCase()}.gguf`);
  try {
    Deno.statSync(path);
    return path;
  } catch {
    // Not made yet.
  }
  await Deno.mkdir(cacheDir, { recursive: true });
  const partial = path.replace(/\.gguf$/, ".tmp.gguf");
  console.error(`making ${path}`);
  await writeRandomModel(partial, {
    shape,
    type,
    name: `random-llama-${shapeName}-${type.toLowerCase()}`,
    onProgress: progressBar(`  ${type}`),
  });
  await Deno.rename(partial, path);
  return path;
}

/** Runs one configuration in a subprocess and parses the JSON line it prints. */
async function runOnce(args: string[], cwd: string): Promise<RunResult> {
  const command = new Deno.Command(Deno.execPath(), { args, cwd, stdout: "piped", stderr: "piped" });
  const { code, stdout, stderr } = await command.output();
  const out = new TextDecoder().decode(stdout).trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !out.startsWith("{")) {
    const message = new TextDecoder().decode(stderr).trim().split("\n").slice(-3).join(" | ");
    throw new ConfigError(`run failed (exit ${code}): ${message}`);
  }
  return JSON.parse(out) as RunResult;
}

/** The 1-, 5- and 15-minute load averages. */
function loadAverage(): string {
  return Deno.loadavg().map((v) => v.toFixed(2)).join(" ");
}

const perSecond = (tokens: number, ms: number) => (tokens * 1000) / ms;
const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The markdown table: one line per type x threads x engine, with ratios on our lines. */
function markdownTable(rows: readonly Row[]): string {
  const lines = [
    "| type | file MiB | threads | engine | load s | load peak RSS MiB (budget) | peak RSS MiB | " +
    "prompt tok/s | gen tok/s | prompt ratio | gen ratio |",
    "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const row of rows) {
    const head = `| ${row.type} | ${fixed(row.fileBytes / MIB, 0)} | ${row.threads} | ${row.engine} |`;
    const r = row.result;
    if (!r) {
      lines.push(`${head} failed: ${row.error?.replaceAll("|", "/")} | | | | | | |`);
      continue;
    }
    const budget = loadRssBudget(row.fileBytes);
    const verdict = r.loadPeakRssBytes <= budget ? "ok" : "over";
    const theirs = rows.find((o) =>
      o.engine === "llama.cpp" && o.type === row.type && o.threads === row.threads && o.result
    )?.result;
    const ratio = (ours: number, other: number | undefined) =>
      row.engine !== "llama.cpp" && other ? fixed(ours / other, 2) : "";
    const pp = perSecond(r.promptTokens, r.promptMs);
    const tg = perSecond(r.genTokens, r.genMs);
    lines.push(
      `${head} ${fixed(r.loadMs / 1000, 2)} | ${fixed(r.loadPeakRssBytes / MIB, 0)} (${
        fixed(budget / MIB, 0)
      }, ${verdict}) | ${fixed(r.peakRssBytes / MIB, 0)} | ${fixed(pp)} | ${fixed(tg)} | ${
        ratio(pp, theirs && perSecond(theirs.promptTokens, theirs.promptMs))
      } | ${ratio(tg, theirs && perSecond(theirs.genTokens, theirs.genMs))} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, {
      backend: { type: "string" },
      types: { type: "string" },
      threads: { type: "string" },
      prompt: { type: "string" },
      gen: { type: "string" },
      shape: { type: "string" },
      out: { type: "string" },
      "no-llama-cpp": { type: "boolean" },
      help: { type: "boolean" },
    });
    if (values.help) return console.log(HELP);
    const backend = values.backend ?? "cpu";
    if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
      throw new ConfigError(
        `unknown backend ${JSON.stringify(backend)}; available: ${BACKEND_NAMES.join(", ")}`,
      );
    }
    const shapeName = values.shape ?? "tinyllama-1.1b";
    const shape = RANDOM_MODEL_SHAPES.get(shapeName);
    if (!shape) throw new ConfigError(`unknown shape ${JSON.stringify(shapeName)}\n${HELP}`);
    const types = (values.types ?? "Q4_0,Q8_0,Q4_K,F16").split(",").map((t) => t.trim().toUpperCase());
    const threadCounts = (values.threads ?? "1,2").split(",").map((t) => numberFlag(t, "threads")!);
    const prompt = String(numberFlag(values.prompt, "prompt") ?? 128);
    const gen = String(numberFlag(values.gen, "gen") ?? 64);
    const outPath = values.out ?? join(repoRoot, "docs", "benchmarks.md");
    let withLlamaCpp = !values["no-llama-cpp"];
    if (withLlamaCpp && !llamaCppInstalled()) {
      console.error("node-llama-cpp is not installed in bench/.llama-cpp (see bench/README.md): ours only");
      withLlamaCpp = false;
    }

    const loadBefore = loadAverage();
    const started = new Date();
    const rows: Row[] = [];
    for (const type of types) {
      const model = await benchModel(join(repoRoot, ".cache", "bench"), shapeName, shape, type);
      const fileBytes = Deno.statSync(model).size;
      for (const threads of threadCounts) {
        const common = ["--model", model, "--threads", String(threads), "--prompt", prompt, "--gen", gen];
        const runs: [string, string[], string][] = [[
          `ruvllm-ts ${backend}`,
          // -A: Deno reads /proc/self/status (the peak RSS) only with every permission.
          ["run", "-A", join(benchDir, "run_ours.ts"), "--backend", backend, ...common],
          repoRoot,
        ]];
        if (withLlamaCpp) {
          runs.push(["llama.cpp", llamaCppRunArgs(common), LLAMA_CPP_DIR]);
        }
        for (const [engine, args, cwd] of runs) {
          console.error(`${type} x${threads} ${engine} ...`);
          try {
            rows.push({ type, fileBytes, threads, engine, result: await runOnce(args, cwd) });
          } catch (error) {
            rows.push({ type, fileBytes, threads, engine, error: (error as Error).message });
          }
        }
      }
    }
    const loadAfter = loadAverage();

    const table = markdownTable(rows);
    console.log(table);
    const report = [
      "# Benchmarks",
      "",
      "Made by `deno task bench` (`bench/README.md` says how to reproduce). Random-weight llama, shape " +
      `\`${shapeName}\` (${JSON.stringify(shape)}); prompt ${prompt} tokens in one ` +
      `batch, then ${gen} greedy tokens one at a time; each line is its own process. Ratios are ours / ` +
      "llama.cpp (higher is better for us). The load budget is file size + 15% + 64 MiB.",
      "",
      `- date: ${started.toISOString()}`,
      `- machine: ${navigator.hardwareConcurrency} cores, ${Deno.build.os} ${Deno.build.arch}, Deno ${Deno.version.deno}`,
      `- load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter} (other work shares the machine)`,
      `- llama.cpp: ${withLlamaCpp ? "node-llama-cpp 3.21.1, CPU build, f16 KV cache" : "not run"}`,
      "",
      table,
      "",
    ].join("\n");
    await Deno.mkdir(dirname(outPath), { recursive: true });
    await Deno.writeTextFile(outPath, report);
    console.error(`wrote ${outPath}`);
  });
}
