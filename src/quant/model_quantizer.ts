/**
 * Quantizing a whole GGUF model the way `llama-quantize` does without an importance matrix.
 *
 * A "file type" (ftype, e.g. `Q4_K_M`) is a recipe, not a single tensor type: llama.cpp's
 * `llama_tensor_get_type` (`src/llama-quant.cpp`) gives sensitive tensors more bits (the output projection,
 * `attn_v`, some `ffn_down` layers) and the rest the ftype's base type. This module reproduces that policy
 * ({@link chooseTensorType}) and the streaming conversion ({@link quantizeModel}); `tools/quantize.ts` is the CLI.
 *
 * Scope: the ftypes whose formats this engine implements (legacy, K-quants, IQ4, MXFP4, Q1_0/Q2_0, floats). The
 * importance-matrix-only ftypes (IQ1/IQ2/IQ3) are refused, and the 70B-specific `attn_v` bump is not modelled.
 *
 * @module
 */

import { ConfigError, QuantError } from "../errors.ts";
import {
  GgmlType,
  ggmlTypeInfo,
  ggmlTypeName,
  type GgufEntry,
  type GgufFile,
  GgufFileWriter,
  type GgufTensorInfo,
  ggufU32,
  openGgufSource,
  readGguf,
  readTensorInto,
} from "../gguf/mod.ts";
import { blockFormat } from "./mod.ts";

/** An ftype llama-quantize accepts: its `general.file_type` number and the base tensor type. */
interface FileTypeInfo {
  readonly id: number;
  readonly base: GgmlType;
}

/**
 * The ftypes this tool writes, by llama-quantize's name, with `general.file_type` (`llama_ftype`). A map, so
 * that a name like `constructor` finds nothing instead of an object's prototype property.
 */
const FILE_TYPES: ReadonlyMap<string, FileTypeInfo> = new Map([
  ["F32", { id: 0, base: GgmlType.F32 }],
  ["F16", { id: 1, base: GgmlType.F16 }],
  ["Q4_0", { id: 2, base: GgmlType.Q4_0 }],
  ["Q4_1", { id: 3, base: GgmlType.Q4_1 }],
  ["Q8_0", { id: 7, base: GgmlType.Q8_0 }],
  ["Q5_0", { id: 8, base: GgmlType.Q5_0 }],
  ["Q5_1", { id: 9, base: GgmlType.Q5_1 }],
  ["Q2_K", { id: 10, base: GgmlType.Q2_K }],
  ["Q3_K_S", { id: 11, base: GgmlType.Q3_K }],
  ["Q3_K_M", { id: 12, base: GgmlType.Q3_K }],
  ["Q3_K_L", { id: 13, base: GgmlType.Q3_K }],
  ["Q4_K_S", { id: 14, base: GgmlType.Q4_K }],
  ["Q4_K_M", { id: 15, base: GgmlType.Q4_K }],
  ["Q5_K_S", { id: 16, base: GgmlType.Q5_K }],
  ["Q5_K_M", { id: 17, base: GgmlType.Q5_K }],
  ["Q6_K", { id: 18, base: GgmlType.Q6_K }],
  ["Q2_K_S", { id: 21, base: GgmlType.Q2_K }],
  ["IQ4_NL", { id: 25, base: GgmlType.IQ4_NL }],
  ["IQ4_XS", { id: 30, base: GgmlType.IQ4_XS }],
  ["BF16", { id: 32, base: GgmlType.BF16 }],
  ["MXFP4_MOE", { id: 38, base: GgmlType.MXFP4 }],
  ["Q1_0", { id: 40, base: GgmlType.Q1_0 }],
  ["Q2_0", { id: 41, base: GgmlType.Q2_0 }],
]);

/** Names of the ftypes {@link quantizeModel} accepts. */
export const FILE_TYPE_NAMES: readonly string[] = [...FILE_TYPES.keys()];

/** The `general.file_type` number (`llama_ftype`) of an ftype name, or `undefined` when it is not one. */
export function fileTypeId(ftype: string): number | undefined {
  return FILE_TYPES.get(ftype)?.id;
}

/** The ftype named `ftype`, or a `ConfigError` listing the supported ones. */
function requireFileType(ftype: string): FileTypeInfo {
  const info = FILE_TYPES.get(ftype);
  if (!info) {
    throw new ConfigError(`unknown or unsupported file type ${JSON.stringify(ftype)}`, {
      context: { supported: FILE_TYPE_NAMES.join(", ") },
    });
  }
  return info;
}

/** Which role a tensor plays, from its name (`tensor_get_category` in llama.cpp). */
type Category =
  | "token_embd"
  | "output"
  | "attn_v"
  | "attn_k"
  | "attn_q"
  | "attn_output"
  | "attn_qkv"
  | "ffn_up"
  | "ffn_gate"
  | "ffn_down"
  | "other";

function categoryOf(name: string): Category {
  if (name === "output.weight") return "output";
  if (name === "token_embd.weight" || name === "per_layer_token_embd.weight") return "token_embd";
  // attn_qkv and attn_kv_b are as sensitive as attn_v, and llama.cpp treats them alike.
  if (name.includes("attn_qkv.weight") || name.includes("attn_kv_b.weight")) return "attn_qkv";
  if (name.includes("attn_v.weight")) return "attn_v";
  if (name.includes("attn_k.weight")) return "attn_k";
  if (name.includes("attn_q.weight")) return "attn_q";
  if (name.includes("attn_output.weight")) return "attn_output";
  if (name.includes("ffn_up")) return "ffn_up";
  if (name.includes("ffn_gate")) return "ffn_gate";
  if (name.includes("ffn_down")) return "ffn_down";
  return "other";
}

/** Substrings of 2-D tensors llama.cpp never quantizes (small or precision-critical ones). */
const KEPT_AS_IS = [
  "_norm.weight",
  "ffn_gate_inp.weight",
  "altup",
  "laurel",
  "per_layer_model_proj",
  "ssm_conv1d",
  "shortconv.conv.weight",
  "attn_rel_b.weight",
  "position_embd.weight",
  "token_types.weight",
  ...[
    "first",
    "w0",
    "w1",
    "w2",
    "v0",
    "v1",
    "v2",
    "a0",
    "a1",
    "a2",
    "g1",
    "g2",
    "decay_w1",
    "decay_w2",
    "lerp_fused",
  ]
    .map((part) => `time_mix_${part}.weight`),
];

/** `tensor_allows_quantization`: 2-D or more, a `weight`, and not one of {@link KEPT_AS_IS}. */
function allowsQuantization(tensor: GgufTensorInfo): boolean {
  return tensor.dims.length >= 2 && tensor.name.endsWith("weight") &&
    !KEPT_AS_IS.some((part) => tensor.name.includes(part));
}

/** Model facts the policy reads: architecture, GQA ratio, expert count, and per-role tensor counts. */
export interface QuantizePolicyState {
  /** `general.architecture`. */
  readonly arch: string;
  /** Query heads per KV head (`n_gqa`). */
  readonly nGqa: number;
  /** Experts per MoE layer (0 for dense models). */
  readonly nExpert: number;
  /** True when there is no `output.weight`: the token embedding doubles as the output projection. */
  readonly tiedEmbeddings: boolean;
  /** How many tensors of each counted role the model has (`n_attention_wv`, `n_ffn_down`, ...). */
  readonly counts: Readonly<Record<"attn_v" | "ffn_down" | "ffn_gate" | "ffn_up", number>>;
  /** How many tensors of each counted role were already assigned (`i_attention_wv`, ...). */
  readonly seen: Record<"attn_v" | "ffn_down" | "ffn_gate" | "ffn_up", number>;
}

/** Reads the facts {@link chooseTensorType} needs from a parsed file. */
export function policyState(file: GgufFile): QuantizePolicyState {
  const arch = String(file.metadata.get("general.architecture") ?? "");
  const heads = Number(file.metadata.get(`${arch}.attention.head_count`) ?? 0);
  const headsKv = Number(file.metadata.get(`${arch}.attention.head_count_kv`) ?? heads);
  const counts = { attn_v: 0, ffn_down: 0, ffn_gate: 0, ffn_up: 0 };
  for (const tensor of file.tensors) {
    const category = categoryOf(tensor.name);
    if (category === "attn_v" || category === "attn_qkv") counts.attn_v++;
    else if (category === "ffn_down" || category === "ffn_gate" || category === "ffn_up") counts[category]++;
  }
  return {
    arch,
    nGqa: headsKv > 0 ? heads / headsKv : 1,
    nExpert: Number(file.metadata.get(`${arch}.expert_count`) ?? 0),
    tiedEmbeddings: file.tensor("output.weight") === undefined,
    counts,
    seen: { attn_v: 0, ffn_down: 0, ffn_gate: 0, ffn_up: 0 },
  };
}

/** llama.cpp's "more bits" layer pattern: the first and last eighth, and every third layer in between. */
function useMoreBits(i: number, n: number): boolean {
  return i < Math.floor(n / 8) || i >= Math.floor((7 * n) / 8) || (i - Math.floor(n / 8)) % 3 === 2;
}

/** `tensor_type_fallback`: a replacement when the row length is not a multiple of the block size. */
function fallbackType(type: GgmlType, rowLength: number): GgmlType {
  const fits = (t: GgmlType) => rowLength % ggmlTypeInfo(t)!.blockSize === 0;
  if (fits(type)) return type;
  const replacement: Partial<Record<GgmlType, GgmlType>> = {
    [GgmlType.IQ4_XS]: GgmlType.IQ4_NL,
    [GgmlType.Q2_0]: GgmlType.Q4_0,
    [GgmlType.Q2_K]: GgmlType.Q4_0,
    [GgmlType.Q3_K]: GgmlType.Q4_0,
    [GgmlType.Q4_K]: GgmlType.Q5_0,
    [GgmlType.Q5_K]: GgmlType.Q5_1,
    [GgmlType.Q6_K]: GgmlType.Q8_0,
  };
  const next = replacement[type];
  if (next === undefined) {
    throw new QuantError(`no fallback for ${ggmlTypeName(type)} rows of ${rowLength} elements`, {
      context: { type: ggmlTypeName(type), rowLength },
    });
  }
  return fits(next) ? next : GgmlType.F16; // rows not a multiple of 32: llama.cpp stores F16
}

/** The layer index of a per-layer tensor for the layer-dependent rules (by name for MoE models, as llama.cpp). */
function layerIndex(state: QuantizePolicyState, name: string, counter: number): number {
  if (state.nExpert <= 1) return counter;
  const match = /^blk\.(\d+)\./.exec(name);
  if (!match) throw new QuantError("cannot tell the layer of a MoE tensor", { context: { tensor: name } });
  return Number(match[1]);
}

/** `llama_tensor_get_type_impl` for the supported ftypes: the mixture rules. Updates `state.seen`. */
function mixtureType(
  state: QuantizePolicyState,
  ftype: string,
  base: GgmlType,
  tensor: GgufTensorInfo,
): GgmlType {
  const category = categoryOf(tensor.name);
  const falcon = state.arch === "falcon";
  if (category === "output" || (state.tiedEmbeddings && category === "token_embd")) {
    if (ftype === "MXFP4_MOE" || falcon || tensor.dims[0] % ggmlTypeInfo(base)!.blockSize !== 0) {
      return GgmlType.Q8_0;
    }
    return base === GgmlType.Q8_0 ? base : GgmlType.Q6_K;
  }
  if (ftype === "MXFP4_MOE") return (tensor.dims[2] ?? 1) > 1 ? GgmlType.MXFP4 : GgmlType.Q8_0;
  if (category === "token_embd") {
    return ftype === "Q2_0" ? GgmlType.Q4_K : base;
  }
  if (category === "attn_v" || category === "attn_qkv") {
    const i = state.seen.attn_v++;
    const n = state.counts.attn_v;
    // Fused QKV (and MLA's kv_b) follow the attn_v rules: llama.cpp tests for them before its QKV branch.
    let type: GgmlType = base;
    if (ftype === "Q2_K") type = state.nGqa >= 4 ? GgmlType.Q4_K : GgmlType.Q3_K;
    else if (ftype === "Q2_K_S" && state.nGqa >= 4) type = GgmlType.Q4_K;
    else if (ftype === "Q3_K_M") type = i < 2 ? GgmlType.Q5_K : GgmlType.Q4_K;
    else if (ftype === "Q3_K_L") type = GgmlType.Q5_K;
    else if ((ftype === "IQ4_NL" || ftype === "IQ4_XS") && state.nGqa >= 4) type = GgmlType.Q5_K;
    else if ((ftype === "Q4_K_M" || ftype === "Q5_K_M") && useMoreBits(i, n)) type = GgmlType.Q6_K;
    else if (ftype === "Q4_K_S" && i < 4) type = GgmlType.Q5_K;
    return state.nExpert === 8 ? GgmlType.Q8_0 : type;
  }
  if (category === "attn_k") return state.nExpert === 8 ? GgmlType.Q8_0 : base;
  if (category === "ffn_down") {
    const i = layerIndex(state, tensor.name, state.seen.ffn_down++);
    const n = state.counts.ffn_down;
    if (ftype === "Q2_K") return GgmlType.Q3_K;
    if (ftype === "Q2_K_S") return i < Math.floor(n / 8) ? GgmlType.Q4_K : base;
    if (ftype === "Q3_K_M") {
      if (i < Math.floor(n / 16)) return GgmlType.Q5_K;
      return !falcon || useMoreBits(i, n) ? GgmlType.Q4_K : GgmlType.Q3_K;
    }
    if (ftype === "Q3_K_L") return falcon ? GgmlType.Q4_K : GgmlType.Q5_K;
    if (ftype === "Q4_K_M") {
      if (falcon) {
        return i < Math.floor(n / 16) ? GgmlType.Q6_K : useMoreBits(i, n) ? GgmlType.Q5_K : GgmlType.Q4_K;
      }
      return useMoreBits(i, n) ? GgmlType.Q6_K : base;
    }
    if (i < Math.floor(n / 8) && (ftype === "IQ4_NL" || ftype === "IQ4_XS")) return GgmlType.Q5_K;
    if (ftype === "Q5_K_M" && useMoreBits(i, n)) return GgmlType.Q6_K;
    if (ftype === "Q4_K_S" && !falcon && i < Math.floor(n / 8)) return GgmlType.Q5_K;
    return base;
  }
  if (category === "attn_output") {
    if (falcon) return ftype === "Q3_K_L" ? GgmlType.Q4_K : base;
    if (state.nExpert === 8) {
      const bumped = ["Q2_K", "Q3_K_S", "Q3_K_M", "IQ4_NL", "Q4_K_S", "Q4_K_M", "IQ4_XS"];
      return bumped.includes(ftype) ? GgmlType.Q5_K : base;
    }
    if (ftype === "Q2_K") return GgmlType.Q3_K;
    if (ftype === "Q3_K_M") return GgmlType.Q4_K;
    if (ftype === "Q3_K_L") return GgmlType.Q5_K;
    return base;
  }
  if (category === "ffn_gate" || category === "ffn_up") state.seen[category]++;
  return base;
}

/**
 * `llama_tensor_get_type`: the type `tensor` gets in an `ftype` file. Tensors llama.cpp never quantizes (1-D,
 * norms, ...) keep their type; with `pure` every other tensor gets the base type; otherwise the mixture rules
 * apply. Either way a row length that does not fit the block size falls back as llama.cpp does.
 * Call it once per tensor in file order: the layer-dependent rules count tensors as they go.
 */
export function chooseTensorType(
  state: QuantizePolicyState,
  ftype: string,
  tensor: GgufTensorInfo,
  pure: boolean,
): GgmlType {
  const info = requireFileType(ftype);
  if (!allowsQuantization(tensor)) return tensor.type;
  const isQuantized = ggmlTypeInfo(info.base)!.blockSize > 1;
  if (!isQuantized) return info.base;
  const type = pure ? info.base : mixtureType(state, ftype, info.base, tensor);
  return fallbackType(type, tensor.dims[0]);
}

/**
 * The order llama.cpp processes and writes tensors in: its loader keeps them sorted by name, and llama-quantize
 * stable-sorts by layer with the non-layer tensors (`output.weight`, `token_embd.weight`, ...) first.
 */
function llamaCppTensorOrder(tensors: readonly GgufTensorInfo[]): GgufTensorInfo[] {
  const layer = (name: string) => Number(/^blk\.(\d+)\./.exec(name)?.[1] ?? -1);
  return [...tensors].sort((a, b) =>
    layer(a.name) - layer(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** Progress of {@link quantizeModel}: called before each tensor and after each of its row chunks. */
export type QuantizeProgress = (
  tensor: GgufTensorInfo,
  index: number,
  count: number,
  newType: GgmlType,
  rowsDone: number,
  rows: number,
) => void;

/** Rows converted per chunk: bounds memory for large tensors while keeping calls few. */
const ROWS_PER_CHUNK = 256;

/**
 * Converts the GGUF file at `inPath` to `ftype` at `outPath`: metadata copied with `general.file_type` and
 * `general.quantization_version` set, tensors in llama.cpp's order with types from {@link chooseTensorType},
 * data converted row chunk by row chunk through f32 (dequantizing any quantized input first).
 */
export async function quantizeModel(
  inPath: string,
  outPath: string,
  ftype: string,
  options: { readonly pure?: boolean; readonly onProgress?: QuantizeProgress } = {},
): Promise<void> {
  const fileType = requireFileType(ftype);
  const source = await openGgufSource(inPath);
  try {
    const file = await readGguf(source);
    const state = policyState(file);
    const tensors = llamaCppTensorOrder(file.tensors);
    const types = tensors.map((t) => chooseTensorType(state, ftype, t, options.pure ?? false));
    const entries = new Map<string, GgufEntry>(file.metadata);
    // llama.cpp removes and re-appends these two keys, so they end the metadata in this order.
    entries.delete("general.quantization_version");
    entries.delete("general.file_type");
    entries.set("general.quantization_version", ggufU32(2));
    entries.set("general.file_type", ggufU32(fileType.id));
    const writer = await GgufFileWriter.create(
      outPath,
      entries,
      tensors.map((t, i) => ({ name: t.name, type: types[i], dims: t.dims })),
      { alignment: file.alignment },
    );
    try {
      for (let i = 0; i < tensors.length; i++) {
        await convertTensor(
          source,
          file,
          tensors[i],
          types[i],
          writer,
          (done, rows) => options.onProgress?.(tensors[i], i, tensors.length, types[i], done, rows),
        );
      }
    } finally {
      await writer.close();
    }
  } finally {
    source.close();
  }
}

/** Writes one tensor as `type`: copied unchanged when the type stays, else re-encoded through f32 rows. */
async function convertTensor(
  source: Awaited<ReturnType<typeof openGgufSource>>,
  file: GgufFile,
  tensor: GgufTensorInfo,
  type: GgmlType,
  writer: GgufFileWriter,
  progress: (rowsDone: number, rows: number) => void,
): Promise<void> {
  const data = new Uint8Array(tensor.byteLength);
  await readTensorInto(source, file, tensor, data);
  const rowLength = tensor.dims[0];
  const rows = tensor.nElements / rowLength;
  if (type === tensor.type) {
    progress(0, rows);
    await writer.writeTensorData(tensor.name, data);
    progress(rows, rows);
    return;
  }
  const from = blockFormat(tensor.type);
  const to = blockFormat(type);
  if (!from || !to?.quantize) {
    throw new QuantError(`cannot convert ${ggmlTypeName(tensor.type)} to ${ggmlTypeName(type)}`, {
      context: { tensor: tensor.name },
    });
  }
  const inRow = (rowLength / from.blockSize) * from.typeSize;
  const outRow = (rowLength / to.blockSize) * to.typeSize;
  const floats = new Float32Array(rowLength * ROWS_PER_CHUNK);
  const encoded = new Uint8Array(outRow * ROWS_PER_CHUNK);
  for (let row = 0; row < rows; row += ROWS_PER_CHUNK) {
    progress(row, rows);
    const n = Math.min(ROWS_PER_CHUNK, rows - row);
    from.dequantize(data, row * inRow, floats, 0, n * rowLength);
    try {
      for (let r = 0; r < n; r++) to.quantize(floats, r * rowLength, encoded, r * outRow, rowLength);
    } catch (cause) {
      throw new QuantError("cannot quantize the tensor", { context: { tensor: tensor.name, row }, cause });
    }
    await writer.writeTensorData(tensor.name, encoded.subarray(0, n * outRow));
  }
  progress(rows, rows);
}
