/**
 * Choosing a backend by name when a model loads. Model code never imports a backend; this is the one place
 * that knows them all.
 *
 * @module
 */

import type { Backend } from "../backend.ts";
import { ConfigError } from "../errors.ts";
import { createReferenceBackend } from "../ops/reference_backend.ts";
import { createCpuBackend } from "../../backends/cpu/mod.ts";
import { createWebGpuBackend } from "../../backends/webgpu/mod.ts";

/** Names accepted by `loadModel(..., { backend })`; the first is the default. */
export const BACKEND_NAMES = ["cpu", "webgpu", "reference"] as const;

/** A backend name. */
export type BackendName = typeof BACKEND_NAMES[number];

/** Options passed on to the backend being created. */
export interface BackendOptions {
  /** Worker threads for the CPU backend (default: the core count). */
  readonly threads?: number;
}

/** Creates the named backend. */
export function createBackend(name: BackendName, options: BackendOptions = {}): Promise<Backend> {
  switch (name) {
    case "reference":
      return Promise.resolve(createReferenceBackend());
    case "cpu":
      return createCpuBackend({ threads: options.threads });
    case "webgpu":
      return createWebGpuBackend();
    default:
      throw new ConfigError(
        `unknown backend ${JSON.stringify(name)}; available: ${BACKEND_NAMES.join(", ")}`,
      );
  }
}
