/**
 * The architectures the engine runs, looked up by `general.architecture`.
 *
 * @module
 */

import { ModelError } from "../errors.ts";
import type { GgufMetadata } from "../gguf/mod.ts";
import type { Architecture } from "./architecture.ts";
import { GEMMA2 } from "./gemma2.ts";
import { LLAMA } from "./llama.ts";
import { PHI3 } from "./phi3.ts";
import { QWEN2 } from "./qwen2.ts";

export type { Architecture } from "./architecture.ts";
export type { ModelConfig } from "./config.ts";

/** Every supported architecture by name. */
export const ARCHITECTURES: ReadonlyMap<string, Architecture> = new Map(
  [LLAMA, QWEN2, PHI3, GEMMA2].map((a) => [a.name, a]),
);

/** The architecture named by the file's `general.architecture`, or a `ModelError` listing the supported ones. */
export function architectureFor(metadata: GgufMetadata): Architecture {
  const name = metadata.string("general.architecture");
  const arch = ARCHITECTURES.get(name);
  if (!arch) {
    throw new ModelError(
      `architecture ${JSON.stringify(name)} is not supported; supported: ${
        [...ARCHITECTURES.keys()].join(", ")
      }`,
      { context: { key: "general.architecture" } },
    );
  }
  return arch;
}
