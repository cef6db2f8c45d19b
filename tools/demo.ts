/**
 * `deno task demo`: streams a story from the default model (stories260K) with no arguments needed.
 * Takes the same flags as `deno task generate`.
 *
 * @module
 */

import { runCli } from "./cli.ts";
import { generateMain } from "./generate.ts";

if (import.meta.main) {
  await runCli(() => generateMain(Deno.args));
}
