/**
 * Loading a model's weights from a GGUF file into a backend, streaming each tensor to its final home.
 *
 * Tensors are read in file order, straight into the backend's storage when it offers a host view (CPU,
 * reference), or through one bounded staging buffer otherwise (GPU). Every tensor's type, shape and size is
 * checked against the model config first, so a malformed file fails with a `ModelError` naming the tensor
 * before any large allocation.
 *
 * @module
 */

import type { Backend, Weight, WeightDesc } from "../backend.ts";
import { ModelError } from "../errors.ts";
import type { GgufFile, GgufSource, GgufTensorInfo } from "../gguf/mod.ts";
import { ggmlTypeName } from "../gguf/ggml_type.ts";
import type { Architecture } from "./architecture.ts";
import type { ModelConfig } from "./config.ts";
import type { LayerWeights, ModelWeights } from "./decoder.ts";

/** Progress of a load: bytes of tensor data read so far and in total. */
export type LoadProgress = (done: number, total: number) => void;

/** Bytes moved per staging chunk when a backend has no host view of its weights. */
export const STAGING_CHUNK_BYTES = 4 << 20;

/** Looks up tensors by name and checks their shapes, collecting what must be read. */
class TensorPlan {
  readonly #file: GgufFile;
  readonly wanted: { info: GgufTensorInfo; weight: Weight }[] = [];
  readonly #backend: Backend;

  constructor(file: GgufFile, backend: Backend) {
    this.#file = file;
    this.#backend = backend;
  }

  /** The tensor `name` with ggml dims `dims` (innermost first), or a `ModelError`. */
  require(name: string, dims: readonly number[]): Weight {
    const weight = this.optional(name, dims);
    if (!weight) throw new ModelError("tensor missing from the model file", { context: { tensor: name } });
    return weight;
  }

  /** Like {@link TensorPlan.require}, but `undefined` when the file has no such tensor. */
  optional(name: string, dims: readonly number[]): Weight | undefined {
    const info = this.#file.tensor(name);
    if (!info) return undefined;
    const same = info.dims.length >= dims.length && info.dims.every((d, i) => d === (dims[i] ?? 1));
    if (!same) {
      throw new ModelError(`tensor has shape [${info.dims.join(", ")}], expected [${dims.join(", ")}]`, {
        context: { tensor: name, type: ggmlTypeName(info.type) },
      });
    }
    const desc: WeightDesc = { name, type: info.type, dims: info.dims, byteLength: info.byteLength };
    try {
      this.#backend.checkWeightType(desc);
    } catch (cause) {
      throw new ModelError(`cannot compute with tensor type ${ggmlTypeName(info.type)}`, {
        context: { tensor: name, type: ggmlTypeName(info.type) },
        cause,
      });
    }
    const weight = this.#backend.allocWeight(desc);
    this.wanted.push({ info, weight });
    return weight;
  }
}

/** Builds the weight handles the architecture needs, validating every shape against `config`. */
function planWeights(
  plan: TensorPlan,
  arch: Architecture,
  config: ModelConfig,
  ropeFactors?: string,
): ModelWeights {
  const { nEmbd, nVocab, nFf, nLayer } = config;
  const qDim = config.nHead * config.headDim;
  const kvDim = config.nHeadKv * config.headDim;
  const tokenEmbd = plan.require("token_embd.weight", [nEmbd, nVocab]);
  const layers: LayerWeights[] = [];
  for (let i = 0; i < nLayer; i++) {
    const t = (name: string) => `blk.${i}.${name}`;
    const fusedQkv = arch.fusedQkv
      ? plan.require(t("attn_qkv.weight"), [nEmbd, qDim + 2 * kvDim])
      : undefined;
    layers.push({
      attnNorm: plan.require(t("attn_norm.weight"), [nEmbd]),
      qkv: fusedQkv,
      q: fusedQkv ? undefined : plan.require(t("attn_q.weight"), [nEmbd, qDim]),
      k: fusedQkv ? undefined : plan.require(t("attn_k.weight"), [nEmbd, kvDim]),
      v: fusedQkv ? undefined : plan.require(t("attn_v.weight"), [nEmbd, kvDim]),
      qBias: plan.optional(t("attn_q.bias"), [qDim]),
      kBias: plan.optional(t("attn_k.bias"), [kvDim]),
      vBias: plan.optional(t("attn_v.bias"), [kvDim]),
      attnOut: plan.require(t("attn_output.weight"), [qDim, nEmbd]),
      attnOutBias: plan.optional(t("attn_output.bias"), [nEmbd]),
      postAttnNorm: arch.postNorms ? plan.require(t("post_attention_norm.weight"), [nEmbd]) : undefined,
      ffnNorm: plan.require(t("ffn_norm.weight"), [nEmbd]),
      gate: arch.fusedGateUp ? undefined : plan.require(t("ffn_gate.weight"), [nEmbd, nFf]),
      up: plan.require(t("ffn_up.weight"), [nEmbd, arch.fusedGateUp ? 2 * nFf : nFf]),
      down: plan.require(t("ffn_down.weight"), [nFf, nEmbd]),
      postFfnNorm: arch.postNorms ? plan.require(t("post_ffw_norm.weight"), [nEmbd]) : undefined,
    });
  }
  return {
    tokenEmbd,
    layers,
    outputNorm: plan.require("output_norm.weight", [nEmbd]),
    // Tied embeddings: llama.cpp uses token_embd as the output projection when output.weight is absent.
    output: plan.optional("output.weight", [nEmbd, nVocab]) ?? tokenEmbd,
    ropeFactors: ropeFactors ? plan.optional(ropeFactors, [config.rope.dims / 2]) : undefined,
  };
}

/**
 * Allocates every weight of the model on `backend` and streams its bytes from `source`.
 * `nCtx` selects context-dependent tensors (phi3's LongRoPE factors).
 */
export async function loadWeights(
  source: GgufSource,
  file: GgufFile,
  arch: Architecture,
  config: ModelConfig,
  backend: Backend,
  nCtx: number,
  onProgress?: LoadProgress,
): Promise<ModelWeights> {
  // Fail before reading anything when the model cannot fit (an upper bound: every tensor of the file).
  backend.reserveWeights?.(file.tensors.reduce((sum, t) => sum + t.byteLength, 0));
  const plan = new TensorPlan(file, backend);
  const weights = planWeights(plan, arch, config, arch.ropeFactorsTensor(file.metadata, nCtx));
  const ordered = [...plan.wanted].sort((a, b) => a.info.offset - b.info.offset);
  const total = ordered.reduce((sum, t) => sum + t.info.byteLength, 0);
  let done = 0;
  let staging: Uint8Array | undefined;
  for (const { info, weight } of ordered) {
    const view = backend.weightHostView(weight);
    const start = file.dataOffset + info.offset;
    if (view) {
      // Large reads in one go; report progress per tensor.
      await source.read(view, start);
    } else {
      staging ??= new Uint8Array(STAGING_CHUNK_BYTES);
      for (let pos = 0; pos < info.byteLength; pos += staging.length) {
        const chunk = staging.subarray(0, Math.min(staging.length, info.byteLength - pos));
        await source.read(chunk, start + pos);
        backend.writeWeight(weight, pos, chunk);
      }
    }
    done += info.byteLength;
    onProgress?.(done, total);
  }
  return weights;
}
