/** The committed `backends/cpu/kernels.wasm` is exactly what the committed `kernels.wat` assembles to. */

import assert from "node:assert/strict";
import { assembleKernels, KERNELS_WASM, KERNELS_WAT } from "../backends/cpu/build.ts";

Deno.test("kernels.wasm is the build of kernels.wat (run `deno task build-wasm` after editing the source)", async () => {
  const built = await assembleKernels(await Deno.readTextFile(KERNELS_WAT));
  const committed = await Deno.readFile(KERNELS_WASM);
  assert.equal(committed.byteLength, built.byteLength, "size differs");
  assert.ok(committed.every((byte, i) => byte === built[i]), "bytes differ");
});

Deno.test("assembling twice gives the same bytes (the build is reproducible)", async () => {
  const source = await Deno.readTextFile(KERNELS_WAT);
  assert.deepEqual(await assembleKernels(source), await assembleKernels(source));
});
