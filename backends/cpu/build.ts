/**
 * Assembles `kernels.wat` into `kernels.wasm` with wabt (`deno task build-wasm`).
 *
 * The build is reproducible: the same source always gives the same bytes (no names section, canonical LEB128
 * encodings), and `tests/cpu_wasm_build_test.ts` checks that the committed `kernels.wasm` is exactly what the
 * committed source assembles to.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";

/** Path of the kernel source. */
export const KERNELS_WAT: URL = new URL("./kernels.wat", import.meta.url);
/** Path of the assembled kernels that the backend loads. */
export const KERNELS_WASM: URL = new URL("./kernels.wasm", import.meta.url);

/** WebAssembly features the kernels use: SIMD, relaxed SIMD (the int8 dot product) and shared memory (threads). */
const FEATURES = { simd: true, relaxed_simd: true, threads: true } as const;

/** Assembles WAT text into a wasm binary, throwing a `BackendError` with wabt's message on a syntax error. */
export async function assembleKernels(watText: string): Promise<Uint8Array> {
  // imported on first use: loading wabt's emscripten module allocates in the background, which would land in
  // whatever runs next in the same isolate (tests/cpu_alloc_test.ts measures the heap)
  const { default: wabtInit } = await import("wabt");
  const wabt = await wabtInit();
  let module;
  try {
    module = wabt.parseWat("kernels.wat", watText, FEATURES);
  } catch (cause) {
    throw new BackendError("kernels.wat does not parse", { context: { file: "kernels.wat" }, cause });
  }
  try {
    // wabt's typings omit validate's features argument; without it shared memory is rejected
    (module as unknown as { validate(features: typeof FEATURES): void }).validate(FEATURES);
    return module.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer;
  } catch (cause) {
    throw new BackendError("kernels.wat does not validate", { context: { file: "kernels.wat" }, cause });
  } finally {
    module.destroy();
  }
}

if (import.meta.main) {
  const wasm = await assembleKernels(await Deno.readTextFile(KERNELS_WAT));
  await Deno.writeFile(KERNELS_WASM, wasm);
  console.log(`wrote ${KERNELS_WASM.pathname} (${wasm.byteLength} bytes)`);
}
