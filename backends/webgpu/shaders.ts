/**
 * Where the WGSL lives and how a kernel's module source is put together.
 *
 * Every kernel is its own `.wgsl` file under `wgsl/`. WGSL has no `#include`, so shared helpers live in
 * `wgsl/common/`, the per-format block readers in `wgsl/formats/` and the integer block products in
 * `wgsl/dot/`; a module is the concatenation of the files a kernel names, format first (so that a format's
 * `enable f16;` directive comes before any declaration). Each source is read once, when a kernel first needs it.
 *
 * @module
 */

import { readTextAsset } from "../../src/assets.ts";
import { BackendError } from "../../src/errors.ts";
import { GgmlType } from "../../src/gguf/ggml_type.ts";
import { IQ3S_GRID } from "../../src/quant/iq3_s_grid.ts";

const WGSL_ROOT = new URL("../../wgsl/", import.meta.url);

/** How a weight format is read on the GPU: its WGSL files and the activation rounding its products need. */
export interface GpuFormat {
  /** Files defining `weights`, `BLOCK_ELEMS`, `BLOCK_BYTES` and `dequant_elem` (with their helpers). */
  readonly reader: readonly string[];
  /** `"float"`: products in f32 (matvec_float / matmul_tiled); otherwise the Q8 type activations become. */
  readonly activations: "float" | "q8_0" | "q8_1" | "q8_k";
  /** The file defining `TERMS` and `block_terms` of quantized formats (see wgsl/matvec_quant.wgsl). */
  readonly dot?: string;
  /** A lookup table the reader reads as `format_table` (IQ3_S's grid), uploaded once. */
  readonly table?: Uint32Array;
}

const BYTES = ["common/f16.wgsl", "common/bytes.wgsl"];
const K_BYTES = [...BYTES, "common/k_scales.wgsl"];
const LEVEL_2BIT = [...BYTES, "common/level_2bit.wgsl"];
const IQ4 = [...BYTES, "common/iq4_levels.wgsl"];

/** The formats with WGSL kernels: every type the engine computes with as weights. */
export const GPU_FORMATS: ReadonlyMap<GgmlType, GpuFormat> = new Map<GgmlType, GpuFormat>([
  [GgmlType.F32, { reader: ["formats/f32.wgsl"], activations: "float" }],
  [GgmlType.F16, { reader: ["formats/f16.wgsl", ...BYTES], activations: "float" }],
  [GgmlType.BF16, { reader: ["formats/bf16.wgsl", ...BYTES], activations: "float" }],
  [GgmlType.Q8_0, { reader: ["formats/q8_0.wgsl", ...BYTES], activations: "q8_0", dot: "dot/q8_0.wgsl" }],
  [GgmlType.Q4_0, { reader: ["formats/q4_0.wgsl", ...BYTES], activations: "q8_0", dot: "dot/q4_0.wgsl" }],
  [GgmlType.Q4_1, { reader: ["formats/q4_1.wgsl", ...BYTES], activations: "q8_1", dot: "dot/q4_1.wgsl" }],
  [GgmlType.Q5_0, { reader: ["formats/q5_0.wgsl", ...BYTES], activations: "q8_0", dot: "dot/q5_0.wgsl" }],
  [GgmlType.Q5_1, { reader: ["formats/q5_1.wgsl", ...BYTES], activations: "q8_1", dot: "dot/q5_1.wgsl" }],
  [GgmlType.Q4_K, {
    reader: ["formats/q4_k.wgsl", ...K_BYTES],
    activations: "q8_k",
    dot: "dot/q4_k_q5_k.wgsl",
  }],
  [GgmlType.Q5_K, {
    reader: ["formats/q5_k.wgsl", ...K_BYTES],
    activations: "q8_k",
    dot: "dot/q4_k_q5_k.wgsl",
  }],
  [GgmlType.Q6_K, { reader: ["formats/q6_k.wgsl", ...BYTES], activations: "q8_k", dot: "dot/q6_k.wgsl" }],
  [GgmlType.Q2_K, {
    reader: ["formats/q2_k.wgsl", ...LEVEL_2BIT],
    activations: "q8_k",
    dot: "dot/q2_k.wgsl",
  }],
  [GgmlType.Q3_K, {
    reader: ["formats/q3_k.wgsl", ...LEVEL_2BIT],
    activations: "q8_k",
    dot: "dot/q3_k.wgsl",
  }],
  [GgmlType.IQ4_NL, { reader: ["formats/iq4_nl.wgsl", ...IQ4], activations: "q8_0", dot: "dot/iq4_nl.wgsl" }],
  [GgmlType.IQ4_XS, { reader: ["formats/iq4_xs.wgsl", ...IQ4], activations: "q8_k", dot: "dot/iq4_xs.wgsl" }],
  [GgmlType.TQ1_0, { reader: ["formats/tq1_0.wgsl", ...BYTES], activations: "q8_k", dot: "dot/tq1_0.wgsl" }],
  [GgmlType.TQ2_0, {
    reader: ["formats/tq2_0.wgsl", ...LEVEL_2BIT],
    activations: "q8_k",
    dot: "dot/tq2_0.wgsl",
  }],
  [GgmlType.MXFP4, { reader: ["formats/mxfp4.wgsl", ...BYTES], activations: "q8_0", dot: "dot/mxfp4.wgsl" }],
  [GgmlType.Q1_0, { reader: ["formats/q1_0.wgsl", ...BYTES], activations: "q8_0", dot: "dot/q1_0.wgsl" }],
  [GgmlType.Q2_0, { reader: ["formats/q2_0.wgsl", ...BYTES], activations: "q8_0", dot: "dot/q2_0.wgsl" }],
  [GgmlType.IQ3_S, {
    reader: ["formats/iq3_s.wgsl", ...BYTES],
    activations: "q8_k",
    dot: "dot/iq3_s.wgsl",
    table: IQ3S_GRID,
  }],
]);

/** F16 read as native `f16` on devices with the `shader-f16` feature. */
export const F16_NATIVE_FORMAT: GpuFormat = {
  reader: ["formats/f16_native.wgsl", "common/f16.wgsl"],
  activations: "float",
};

/**
 * Reads WGSL files relative to `wgsl/`, each once, when a kernel first names them: from disk, or fetched
 * when the engine was imported from a registry (no directory listing needed).
 */
export class ShaderLibrary {
  readonly #sources = new Map<string, Promise<string>>();

  /** The module source made of `files` in order. */
  async compose(files: readonly string[]): Promise<string> {
    const sources = files.map((file) => {
      let source = this.#sources.get(file);
      if (!source) {
        source = readTextAsset(new URL(file, WGSL_ROOT));
        this.#sources.set(file, source);
      }
      return source;
    });
    try {
      return (await Promise.all(sources)).join("\n");
    } catch (cause) {
      throw new BackendError("cannot read the WGSL kernels", { context: { dir: WGSL_ROOT.href }, cause });
    }
  }
}
