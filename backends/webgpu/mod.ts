/**
 * The WebGPU backend: the engine's operations as WGSL compute kernels (see `README.md` in this folder).
 *
 * ```ts
 * import { createWebGpuBackend } from "./backends/webgpu/mod.ts";
 * const backend = await createWebGpuBackend({ powerPreference: "high-performance" });
 * ```
 *
 * @module
 */

import type { Backend } from "../../src/backend.ts";
import { WebGpuBackend } from "./backend.ts";
import { openGpuDevice } from "./device.ts";
import { parseWebGpuOptions, type WebGpuOptionsInput } from "./options.ts";
import { ShaderLibrary } from "./shaders.ts";

export type { WebGpuOptions, WebGpuOptionsInput } from "./options.ts";
export type * from "../../src/backend.ts";
export type { GgmlType } from "../../src/gguf/ggml_type.ts";

/**
 * Opens a WebGPU device and compiles the kernels. Throws a `ConfigError` for invalid options, and a
 * `BackendError` when there is no WebGPU adapter, a requested `matmulTile` exceeds the device's limits, or a
 * kernel does not compile.
 */
export async function createWebGpuBackend(options?: WebGpuOptionsInput): Promise<Backend> {
  const parsed = parseWebGpuOptions(options);
  const library = new ShaderLibrary();
  const gpu = await openGpuDevice(
    navigator.gpu,
    parsed.powerPreference,
    parsed.shaderF16,
    parsed.packedDot,
  );
  try {
    return await WebGpuBackend.create(gpu, library, parsed);
  } catch (error) {
    gpu.device.destroy();
    throw error;
  }
}
