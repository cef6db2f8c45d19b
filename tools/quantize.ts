/**
 * `deno task quantize IN.gguf OUT.gguf TYPE [--pure]`: converts a GGUF model to a quantization file type the way
 * `llama-quantize` does without an importance matrix (`Q4_K_M`, `Q8_0`, `IQ4_XS`, ...). `--pure` gives every
 * quantizable tensor the base type instead of llama.cpp's mixture. The policy lives in
 * `src/quant/model_quantizer.ts`; this file parses arguments and draws progress on stderr.
 *
 * @module
 */

import { ConfigError } from "../src/errors.ts";
import { ggmlTypeName } from "../src/gguf/mod.ts";
import { FILE_TYPE_NAMES, quantizeModel } from "../src/quant/model_quantizer.ts";
import { parseFlags, runCli } from "./cli.ts";

const USAGE = `usage: deno task quantize IN.gguf OUT.gguf TYPE [--pure]\n  TYPE: ${
  FILE_TYPE_NAMES.join(", ")
}`;

await runCli(async () => {
  const { values, positionals } = parseFlags(Deno.args, {
    pure: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 3) {
    throw new ConfigError(`expected 3 arguments, got ${positionals.length}\n${USAGE}`);
  }
  const [inPath, outPath, ftype] = positionals;
  if (!FILE_TYPE_NAMES.includes(ftype.toUpperCase())) {
    throw new ConfigError(`unknown file type ${JSON.stringify(ftype)}\n${USAGE}`);
  }
  const encoder = new TextEncoder();
  const width = 24;
  await quantizeModel(inPath, outPath, ftype.toUpperCase(), {
    pure: values.pure ?? false,
    onProgress(tensor, index, count, newType, rowsDone, rows) {
      const filled = Math.round((width * rowsDone) / rows);
      const line =
        `\r[${String(index + 1).padStart(String(count).length)}/${count}] ${tensor.name.padEnd(32)} ` +
        `${ggmlTypeName(tensor.type).padStart(6)} -> ${ggmlTypeName(newType).padEnd(6)} ` +
        `[${"#".repeat(filled)}${" ".repeat(width - filled)}]`;
      Deno.stderr.writeSync(encoder.encode(rowsDone === rows ? line + "\n" : line));
    },
  });
  console.error(`wrote ${outPath}`);
});
