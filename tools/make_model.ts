/**
 * `deno task make-model --out FILE.gguf --type Q4_0 [--shape tinyllama-1.1b | --vocab N --embd N --layers N
 * --heads N --kv-heads N --ff N --ctx N] [--seed N]`: writes a random-weight llama GGUF that llama.cpp and this
 * engine load. The shape flags override the named shape (default `tiny`, the fixtures' shape). The work is done
 * by `src/models/random_model.ts`; this file parses flags and draws progress.
 *
 * @module
 */

import { ConfigError } from "../src/errors.ts";
import { ggmlTypeName } from "../src/gguf/mod.ts";
import { RANDOM_MODEL_SHAPES, type RandomModelShape, writeRandomModel } from "../src/models/random_model.ts";
import { numberFlag, parseFlags, progressBar, runCli } from "./cli.ts";

const HELP = `Usage: deno task make-model --out FILE.gguf --type TYPE [--shape NAME] [--seed N]
         [--vocab N --embd N --layers N --heads N --kv-heads N --ff N --ctx N]
  TYPE: a tensor type for every weight (Q4_0, Q8_0, Q4_K, F16, ...) or a llama-quantize mixture (Q4_K_M, ...)
  NAME: ${[...RANDOM_MODEL_SHAPES.keys()].join(", ")} (default tiny)`;

/** Shape flags and the shape field each one sets. */
const SHAPE_FLAGS = {
  vocab: "nVocab",
  embd: "nEmbd",
  layers: "nLayer",
  heads: "nHead",
  "kv-heads": "nHeadKv",
  ff: "nFf",
  ctx: "nCtx",
} as const;

if (import.meta.main) {
  await runCli(async () => {
    const { values, positionals } = parseFlags(Deno.args, {
      out: { type: "string" },
      type: { type: "string" },
      shape: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean" },
      ...Object.fromEntries(Object.keys(SHAPE_FLAGS).map((flag) => [flag, { type: "string" as const }])),
    });
    if (values.help) return console.log(HELP);
    if (positionals.length > 0) throw new ConfigError(`unexpected argument ${positionals[0]}\n${HELP}`);
    if (!values.out || !values.type) throw new ConfigError(`--out and --type are required\n${HELP}`);
    const shapeName = values.shape ?? "tiny";
    const base = RANDOM_MODEL_SHAPES.get(shapeName);
    if (!base) throw new ConfigError(`unknown shape ${JSON.stringify(shapeName)}\n${HELP}`);
    const shape: { -readonly [K in keyof RandomModelShape]: number } = { ...base };
    for (const [flag, field] of Object.entries(SHAPE_FLAGS)) {
      const value = numberFlag(values[flag as keyof typeof values] as string | undefined, flag);
      if (value !== undefined) shape[field] = value;
    }
    const seed = numberFlag(values.seed, "seed") ?? 1;
    const started = performance.now();
    const plan = await writeRandomModel(values.out, {
      shape,
      type: values.type,
      seed,
      name: `random-llama-${shapeName}-${values.type.toLowerCase()}`,
      onProgress: progressBar(`writing ${values.out}`),
    });
    const counts = new Map<string, number>();
    for (const type of plan.types) counts.set(ggmlTypeName(type), (counts.get(ggmlTypeName(type)) ?? 0) + 1);
    const summary = [...counts].map(([name, n]) => `${name} x${n}`).join(", ");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`wrote ${values.out} (${summary}) in ${seconds} s`);
  });
}
