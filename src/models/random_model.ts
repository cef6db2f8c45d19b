/**
 * Random-weight llama models of any shape, written straight to a GGUF file: what `deno task make-model` and the
 * benchmarks use when no real model of the wanted size is at hand.
 *
 * The file is one llama.cpp loads: llama hyper-parameters, an SPM vocabulary (`<unk>`, `<s>`, `</s>`, the 256
 * byte tokens, then filler pieces) and every tensor llama.cpp's llama graph needs. Weights are seeded normal
 * numbers scaled like the shared fixtures (linear layers `z / sqrt(in)`, norms `1 + 0.1 z`), so activations keep
 * their size through the layers and the logits are far from uniform. Tensors are generated and quantized a row
 * chunk at a time and streamed to disk, so a 1.1B-parameter F16 file never sits in memory.
 *
 * @module
 */

import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { SeededRandom } from "../engine/rng.ts";
import {
  GgmlType,
  ggmlTypeInfo,
  ggmlTypeName,
  ggufArray,
  ggufBool,
  type GgufEntry,
  ggufF32,
  GgufFileWriter,
  ggufString,
  type GgufTensorInfo,
  ggufU32,
  GgufValueType,
} from "../gguf/mod.ts";
import { blockFormat, rowBytes, supportedTypeNames } from "../quant/mod.ts";
import { chooseTensorType, FILE_TYPE_NAMES, fileTypeId } from "../quant/model_quantizer.ts";
import { TokenType } from "../tokenizer/vocab.ts";
import { parseFrozen } from "../validate.ts";

/** Hyper-parameters of a random llama model. */
export interface RandomModelShape {
  /** Vocabulary size: 3 special tokens + 256 byte tokens + filler pieces. */
  readonly nVocab: number;
  /** Embedding width. */
  readonly nEmbd: number;
  /** Transformer blocks. */
  readonly nLayer: number;
  /** Query heads. */
  readonly nHead: number;
  /** Key/value heads (grouped-query attention when fewer than `nHead`). */
  readonly nHeadKv: number;
  /** Feed-forward width. */
  readonly nFf: number;
  /** Training context length written to the file. */
  readonly nCtx: number;
}

/** Bounds keep a typo from asking for terabytes; the refinements are what llama's graph needs. */
const SHAPE_SCHEMA: z.ZodType<RandomModelShape> = z.strictObject({
  nVocab: z.number().int().min(259).max(1 << 20),
  nEmbd: z.number().int().positive().max(1 << 16),
  nLayer: z.number().int().positive().max(1024),
  nHead: z.number().int().positive().max(1024),
  nHeadKv: z.number().int().positive().max(1024),
  nFf: z.number().int().positive().max(1 << 18),
  nCtx: z.number().int().positive().max(1 << 20),
}).refine((s) => s.nEmbd % s.nHead === 0, "nEmbd must be a multiple of nHead")
  .refine((s) => s.nHead % s.nHeadKv === 0, "nHead must be a multiple of nHeadKv")
  .refine((s) => (s.nEmbd / s.nHead) % 2 === 0, "the head dimension must be even (RoPE rotates pairs)");

/**
 * Named shapes: the shared fixtures' tiny llama and TinyLlama-1.1B. A map, so that a name from the command line
 * like `constructor` finds nothing instead of an object's prototype property.
 */
export const RANDOM_MODEL_SHAPES: ReadonlyMap<string, RandomModelShape> = new Map<string, RandomModelShape>([
  ["tiny", Object.freeze({ nVocab: 512, nEmbd: 256, nLayer: 2, nHead: 8, nHeadKv: 2, nFf: 768, nCtx: 256 })],
  [
    "tinyllama-1.1b",
    Object.freeze({
      nVocab: 32000,
      nEmbd: 2048,
      nLayer: 22,
      nHead: 32,
      nHeadKv: 4,
      nFf: 5632,
      nCtx: 2048,
    }),
  ],
]);

/** Validates a shape once and freezes it; a `ConfigError` lists every problem. */
export function parseRandomModelShape(input: unknown): RandomModelShape {
  return parseFrozen(SHAPE_SCHEMA, input, "model shape", ConfigError);
}

/** One tensor of the model and how its random values are scaled: `mean + scale * z`. */
export interface RandomTensorSpec {
  /** GGUF tensor name. */
  readonly name: string;
  /** ggml dimensions, innermost first (a linear layer mapping `in -> out` is `[in, out]`). */
  readonly dims: readonly number[];
  /** Standard deviation of the values. */
  readonly scale: number;
  /** Mean of the values (1 for norm gains, 0 otherwise). */
  readonly mean: number;
}

/** The tensors of a llama model in the order the file stores them (the order the fixtures were drawn in). */
export function randomModelTensors(shape: RandomModelShape): RandomTensorSpec[] {
  const { nVocab, nEmbd, nFf } = shape;
  const kvWidth = (nEmbd / shape.nHead) * shape.nHeadKv;
  const norm = (name: string): RandomTensorSpec => ({ name, dims: [nEmbd], scale: 0.1, mean: 1 });
  // Scaling by 1/sqrt(in) keeps each output's variance near its input's: logits neither vanish nor explode.
  const linear = (name: string, inputs: number, outputs: number, gain = 1): RandomTensorSpec => ({
    name,
    dims: [inputs, outputs],
    scale: gain / Math.sqrt(inputs),
    mean: 0,
  });
  const tensors: RandomTensorSpec[] = [{
    name: "token_embd.weight",
    dims: [nEmbd, nVocab],
    scale: 1,
    mean: 0,
  }];
  for (let layer = 0; layer < shape.nLayer; layer++) {
    const blk = `blk.${layer}.`;
    tensors.push(
      norm(`${blk}attn_norm.weight`),
      linear(`${blk}attn_q.weight`, nEmbd, nEmbd),
      linear(`${blk}attn_k.weight`, nEmbd, kvWidth),
      linear(`${blk}attn_v.weight`, nEmbd, kvWidth),
      linear(`${blk}attn_output.weight`, nEmbd, nEmbd),
      norm(`${blk}ffn_norm.weight`),
      linear(`${blk}ffn_gate.weight`, nEmbd, nFf),
      linear(`${blk}ffn_up.weight`, nEmbd, nFf),
      linear(`${blk}ffn_down.weight`, nFf, nEmbd),
    );
  }
  // The fixtures' output gain 2 spreads the logits so that sampling is not near uniform.
  tensors.push(norm("output_norm.weight"), linear("output.weight", nEmbd, nVocab, 2));
  return tensors;
}

/** The filler pieces after the byte tokens: `▁`, then `a`..`z` and `▁a`..`▁z`, then two letters, and so on. */
function* fillerPieces(): Generator<string> {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  yield "\u2581";
  for (let length = 1;; length++) {
    const count = letters.length ** length;
    for (let i = 0; i < count; i++) {
      let word = "";
      for (let rest = i, k = 0; k < length; k++, rest = Math.floor(rest / letters.length)) {
        word = letters[rest % letters.length] + word;
      }
      yield word;
      yield "\u2581" + word;
    }
  }
}

/** An SPM vocabulary as llama.cpp reads it from `tokenizer.ggml.{tokens,scores,token_type}`. */
export interface SpmVocabulary {
  /** Token texts: `<unk>`, `<s>`, `</s>`, `<0x00>`..`<0xFF>`, then filler pieces. */
  readonly tokens: string[];
  /** SentencePiece scores: 0 for special and byte tokens, then `-rank` (shorter pieces merge first). */
  readonly scores: Float32Array;
  /** `llama_token_type` of each token. */
  readonly types: Int32Array;
}

/** Builds an SPM vocabulary of `nVocab` tokens (at least 259: the specials and the byte tokens). */
export function spmVocabulary(nVocab: number): SpmVocabulary {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = new Int32Array(nVocab).fill(TokenType.NORMAL);
  types.set([TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL]);
  for (let byte = 0; byte < 256; byte++) {
    types[tokens.length] = TokenType.BYTE;
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`);
  }
  const scores = new Float32Array(nVocab);
  const firstPiece = tokens.length;
  for (const piece of fillerPieces()) {
    if (tokens.length >= nVocab) break;
    scores[tokens.length] = firstPiece - tokens.length;
    tokens.push(piece);
  }
  return { tokens, scores, types };
}

/**
 * llama.cpp's guess of `general.file_type` from the most common tensor type (`llama_model_loader`), used for
 * files where every weight has one type: K-quants count as their `_M` mixture.
 */
const GUESSED_FILE_TYPE: Readonly<Partial<Record<GgmlType, number>>> = {
  [GgmlType.F32]: 0,
  [GgmlType.F16]: 1,
  [GgmlType.Q4_0]: 2,
  [GgmlType.Q4_1]: 3,
  [GgmlType.Q8_0]: 7,
  [GgmlType.Q5_0]: 8,
  [GgmlType.Q5_1]: 9,
  [GgmlType.Q2_K]: 10,
  [GgmlType.Q3_K]: 12,
  [GgmlType.Q4_K]: 15,
  [GgmlType.Q5_K]: 17,
  [GgmlType.Q6_K]: 18,
  [GgmlType.IQ4_NL]: 25,
  [GgmlType.IQ3_S]: 26,
  [GgmlType.IQ4_XS]: 30,
  [GgmlType.BF16]: 32,
  [GgmlType.TQ1_0]: 36,
  [GgmlType.TQ2_0]: 37,
  [GgmlType.MXFP4]: 38,
  [GgmlType.Q1_0]: 40,
  [GgmlType.Q2_0]: 41,
};

/** The tensor types of a model and its `general.file_type`. */
export interface ModelTypePlan {
  /** `general.file_type` (`llama_ftype`). */
  readonly fileType: number;
  /** The ggml type of each tensor, in {@link randomModelTensors} order. */
  readonly types: readonly GgmlType[];
}

/**
 * Decides every tensor's type from `typeName`: a tensor type (`Q4_0`, `Q4_K`, `F16`, ...) gives every 2-D weight
 * that type and keeps the norms F32, as `llama-quantize --pure` does; a llama-quantize mixture name that is not a
 * tensor type (`Q4_K_M`, `Q3_K_S`, ...) follows llama.cpp's mixture rules. A `ConfigError` for anything else,
 * or when a row length does not fit the type's block size.
 */
export function planModelTypes(shape: RandomModelShape, typeName: string): ModelTypePlan {
  const specs = randomModelTensors(shape);
  const name = typeName.toUpperCase();
  const pureType = Object.entries(GgmlType).find(([n]) => n === name)?.[1];
  if (pureType !== undefined && supportedTypeNames().includes(name) && blockFormat(pureType)?.quantize) {
    const blockSize = ggmlTypeInfo(pureType)!.blockSize;
    for (const spec of specs) {
      if (spec.dims.length === 2 && spec.dims[0] % blockSize !== 0) {
        throw new ConfigError(`rows of ${spec.dims[0]} elements cannot be stored as ${name}`, {
          context: { tensor: spec.name, blockSize },
        });
      }
    }
    const types = specs.map((s) => s.dims.length === 2 ? pureType : GgmlType.F32);
    return { fileType: GUESSED_FILE_TYPE[pureType] ?? 0, types };
  }
  const fileType = fileTypeId(name);
  if (fileType === undefined) {
    const writable = supportedTypeNames().filter((n) =>
      blockFormat(GgmlType[n as keyof typeof GgmlType])?.quantize
    );
    throw new ConfigError(`unknown type ${JSON.stringify(typeName)}`, {
      context: { tensorTypes: writable.join(", "), mixtures: FILE_TYPE_NAMES.join(", ") },
    });
  }
  const state = {
    arch: "llama",
    nGqa: shape.nHead / shape.nHeadKv,
    nExpert: 0,
    tiedEmbeddings: false,
    counts: { attn_v: shape.nLayer, ffn_down: shape.nLayer, ffn_gate: shape.nLayer, ffn_up: shape.nLayer },
    seen: { attn_v: 0, ffn_down: 0, ffn_gate: 0, ffn_up: 0 },
  };
  // The mixture rules read only name, dims and type; the file tensors start as F32 like a converted model.
  const types = specs.map((spec) => {
    const nElements = spec.dims.reduce((a, b) => a * b, 1);
    const info: GgufTensorInfo = {
      name: spec.name,
      dims: spec.dims,
      type: GgmlType.F32,
      nElements,
      offset: 0,
      byteLength: nElements * 4,
    };
    return chooseTensorType(state, name, info, false);
  });
  return { fileType, types };
}

/** The metadata llama.cpp needs to load the model: hyper-parameters, file type and the SPM tokenizer. */
export function randomModelEntries(
  shape: RandomModelShape,
  fileType: number,
  name: string,
  seed: number,
): Map<string, GgufEntry> {
  const vocab = spmVocabulary(shape.nVocab);
  const headDim = shape.nEmbd / shape.nHead;
  return new Map<string, GgufEntry>([
    ["general.architecture", ggufString("llama")],
    ["general.name", ggufString(name)],
    ["general.description", ggufString(`random-weight llama (ruvllm-ts make-model), seed ${seed}`)],
    ["llama.context_length", ggufU32(shape.nCtx)],
    ["llama.embedding_length", ggufU32(shape.nEmbd)],
    ["llama.block_count", ggufU32(shape.nLayer)],
    ["llama.feed_forward_length", ggufU32(shape.nFf)],
    ["llama.attention.head_count", ggufU32(shape.nHead)],
    ["llama.attention.head_count_kv", ggufU32(shape.nHeadKv)],
    ["llama.rope.freq_base", ggufF32(10000)],
    ["llama.attention.layer_norm_rms_epsilon", ggufF32(1e-5)],
    ["general.file_type", ggufU32(fileType)],
    ["llama.rope.dimension_count", ggufU32(headDim)],
    ["llama.vocab_size", ggufU32(shape.nVocab)],
    ["general.quantization_version", ggufU32(2)],
    ["tokenizer.ggml.model", ggufString("llama")],
    ["tokenizer.ggml.tokens", ggufArray(vocab.tokens, GgufValueType.STRING)],
    ["tokenizer.ggml.scores", ggufArray(vocab.scores)],
    ["tokenizer.ggml.token_type", ggufArray(vocab.types)],
    ["tokenizer.ggml.bos_token_id", ggufU32(1)],
    ["tokenizer.ggml.eos_token_id", ggufU32(2)],
    ["tokenizer.ggml.unknown_token_id", ggufU32(0)],
    ["tokenizer.ggml.add_bos_token", ggufBool(true)],
    ["tokenizer.ggml.add_eos_token", ggufBool(false)],
  ]);
}

/**
 * Standard normal numbers by the Box-Muller transform over a seeded xoshiro128** stream: two uniforms give two
 * independent normals, so a 1.1e9-weight model takes seconds, not minutes.
 */
export class NormalSampler {
  readonly #uniform: SeededRandom;

  /** A sampler whose sequence is fixed by `seed`. */
  constructor(seed: number) {
    this.#uniform = new SeededRandom(seed);
  }

  /** Writes `mean + scale * z` into every element of `out`. */
  fill(out: Float32Array, scale: number, mean: number): void {
    const uniform = this.#uniform;
    for (let i = 0; i < out.length; i += 2) {
      // +0.5 keeps u1 away from 0, where log() would give -Infinity.
      const u1 = (uniform.nextUint32() + 0.5) / 4294967296;
      const angle = (2 * Math.PI * uniform.nextUint32()) / 4294967296;
      const radius = Math.sqrt(-2 * Math.log(u1)) * scale;
      out[i] = mean + radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = mean + radius * Math.sin(angle);
    }
  }

  /** Shows only the type: the state is not interesting. */
  [Symbol.for("Deno.customInspect")](): string {
    return "NormalSampler(xoshiro128** + Box-Muller)";
  }
}

/** Options of {@link writeRandomModel}. */
export interface WriteRandomModelOptions {
  /** The model's hyper-parameters (validated here). */
  readonly shape: RandomModelShape;
  /** A tensor type (`Q4_0`, `Q4_K`, `F16`: every weight) or a llama-quantize mixture (`Q4_K_M`). */
  readonly type: string;
  /** Seed of the weights: the same seed, shape and type give the same file. Default 1. */
  readonly seed?: number;
  /** `general.name`. Default `random-llama`. */
  readonly name?: string;
  /** Called after each chunk: bytes of tensor data written so far, and in total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Elements generated and quantized per chunk: 4 MiB of f32, whatever the tensor's size. */
const CHUNK_ELEMENTS = 1 << 20;

/**
 * Writes a random-weight llama model to `path`, one row chunk at a time. Returns the tensor types written.
 * A `ConfigError` for an invalid shape or type; a `GgufError` when the file cannot be written.
 */
export async function writeRandomModel(
  path: string,
  options: WriteRandomModelOptions,
): Promise<ModelTypePlan> {
  const shape = parseRandomModelShape(options.shape);
  const seed = options.seed ?? 1;
  const plan = planModelTypes(shape, options.type);
  const specs = randomModelTensors(shape);
  const entries = randomModelEntries(shape, plan.fileType, options.name ?? "random-llama", seed);
  const descs = specs.map((s, i) => ({ name: s.name, type: plan.types[i], dims: s.dims }));
  const total = descs.reduce((sum, d) => sum + rowBytes(d.type, d.dims[0]) * (d.dims[1] ?? 1), 0);
  const writer = await GgufFileWriter.create(path, entries, descs);
  const sampler = new NormalSampler(seed);
  let written = 0;
  try {
    for (let t = 0; t < specs.length; t++) {
      const spec = specs[t];
      const type = plan.types[t];
      const format = blockFormat(type);
      if (!format?.quantize) {
        throw new ConfigError(`cannot write tensors of type ${ggmlTypeName(type)}`, {
          context: { tensor: spec.name },
        });
      }
      const rowLength = spec.dims[0];
      const rows = spec.dims[1] ?? 1;
      const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / rowLength));
      const bytesPerRow = rowBytes(type, rowLength);
      const floats = new Float32Array(rowsPerChunk * rowLength);
      const encoded = new Uint8Array(rowsPerChunk * bytesPerRow);
      for (let row = 0; row < rows; row += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, rows - row);
        const values = floats.subarray(0, n * rowLength);
        sampler.fill(values, spec.scale, spec.mean);
        // Blocks never straddle rows (rows are whole blocks), so whole chunks quantize as one run.
        format.quantize(values, 0, encoded, 0, n * rowLength);
        await writer.writeTensorData(spec.name, encoded.subarray(0, n * bytesPerRow));
        written += n * bytesPerRow;
        options.onProgress?.(written, total);
      }
    }
  } catch (error) {
    // The file is unusable either way; report what went wrong, not that the data is incomplete.
    await writer.close().catch(() => undefined);
    throw error;
  }
  await writer.close();
  return plan;
}
