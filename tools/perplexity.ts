/**
 * `deno task perplexity --model M --file TEXT --ctx N`: perplexity as llama.cpp's `llama-perplexity`
 * computes it. Prints the running estimate per chunk and `PPL = <number>` on the last line.
 *
 * @module
 */

import { loadModel } from "../src/engine/model.ts";
import { perplexity } from "../src/engine/perplexity.ts";
import type { BackendName } from "../src/engine/backends.ts";
import { ConfigError } from "../src/errors.ts";
import { numberFlag, parseFlags, progressBar, resolveModelPath, runCli } from "./cli.ts";

const HELP =
  `Usage: deno task perplexity --model FILE.gguf --file TEXT.txt [--ctx N] [--backend NAME] [--threads N]`;

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, {
      model: { type: "string" },
      file: { type: "string" },
      ctx: { type: "string" },
      backend: { type: "string" },
      threads: { type: "string" },
      help: { type: "boolean" },
    });
    if (values.help) return console.log(HELP);
    if (!values.file) throw new ConfigError(`--file is required\n${HELP}`);
    const nCtx = numberFlag(values.ctx, "ctx") ?? 512;
    const model = await loadModel(await resolveModelPath(values.model), {
      backend: values.backend as BackendName | undefined,
      threads: numberFlag(values.threads, "threads"),
      contextLength: nCtx,
      batchSize: nCtx,
      allLogits: true,
      onProgress: progressBar("loading"),
    });
    const text = await Deno.readTextFile(values.file);
    const result = await perplexity(
      model,
      text,
      nCtx,
      (chunk, estimate) => console.log(`[${chunk}] ${estimate.toFixed(4)}`),
    );
    console.log(`PPL = ${result.ppl.toFixed(4)}`);
    model.dispose();
  });
}
