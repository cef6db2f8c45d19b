/**
 * `deno task logits --model M --tokens 1,5,77 [--backend NAME] --out FILE`: writes the logits of every
 * position as raw little-endian f32 rows (positions x vocabulary), the layout of `shared/golden`.
 *
 * @module
 */

import { loadModel } from "../src/engine/model.ts";
import type { BackendName } from "../src/engine/backends.ts";
import { ConfigError } from "../src/errors.ts";
import { numberFlag, parseFlags, resolveModelPath, runCli } from "./cli.ts";

const HELP =
  `Usage: deno task logits --model FILE.gguf --tokens 1,5,77 --out FILE [--backend NAME] [--threads N]`;

if (import.meta.main) {
  await runCli(async () => {
    const { values } = parseFlags(Deno.args, {
      model: { type: "string" },
      tokens: { type: "string" },
      out: { type: "string" },
      backend: { type: "string" },
      threads: { type: "string" },
      help: { type: "boolean" },
    });
    if (values.help) return console.log(HELP);
    if (!values.tokens || !values.out) throw new ConfigError(`--tokens and --out are required\n${HELP}`);
    const tokens = values.tokens.split(",").map((t) => numberFlag(t, "tokens")!);
    const model = await loadModel(await resolveModelPath(values.model), {
      backend: values.backend as BackendName | undefined,
      threads: numberFlag(values.threads, "threads"),
      batchSize: tokens.length,
      allLogits: true,
    });
    const logits = await model.createSession(Math.max(tokens.length, 1)).evaluateAll(tokens);
    // Float32Array bytes are little-endian on every platform Deno runs on.
    await Deno.writeFile(values.out, new Uint8Array(logits.buffer, logits.byteOffset, logits.byteLength));
    console.error(`wrote ${tokens.length} x ${model.config.nVocab} logits to ${values.out}`);
    model.dispose();
  });
}
