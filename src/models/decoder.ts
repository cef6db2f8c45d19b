/**
 * The decoder-only transformer forward pass shared by every architecture, written against `Backend`.
 *
 * Read it like llama2.c's `forward()`: embed the tokens, then for each block
 * `x += attn(norm(x))` and `x += ffn(norm(x))`, then `logits = output(norm(x))`. Architectures switch on
 * fused tensors, post-norms, the gate activation and soft-capping; everything else is the same code.
 *
 * @module
 */

import type {
  ActivationBuffer,
  AttentionParams,
  Backend,
  KvStorage,
  LinearOptions,
  RopeParams,
  Weight,
} from "../backend.ts";
import type { Architecture } from "./architecture.ts";
import type { ModelConfig } from "./config.ts";

/** One block's weights. Biases and fused/unfused alternatives are present as the file has them. */
export interface LayerWeights {
  /** Pre-attention RMSNorm gain. */
  readonly attnNorm: Weight;
  /** Separate projections (absent when fused). */
  readonly q?: Weight;
  /** Key projection. */
  readonly k?: Weight;
  /** Value projection. */
  readonly v?: Weight;
  /** Fused [q | k | v] projection (phi3). */
  readonly qkv?: Weight;
  /** Optional biases (qwen2). */
  readonly qBias?: Weight;
  /** Key bias. */
  readonly kBias?: Weight;
  /** Value bias. */
  readonly vBias?: Weight;
  /** Attention output projection. */
  readonly attnOut: Weight;
  /** Optional attention output bias. */
  readonly attnOutBias?: Weight;
  /** Post-attention RMSNorm gain (gemma2). */
  readonly postAttnNorm?: Weight;
  /** Pre-FFN RMSNorm gain. */
  readonly ffnNorm: Weight;
  /** Gate projection (absent when fused into `up`). */
  readonly gate?: Weight;
  /** Up projection, or fused [gate | up] (phi3). */
  readonly up: Weight;
  /** Down projection. */
  readonly down: Weight;
  /** Post-FFN RMSNorm gain (gemma2). */
  readonly postFfnNorm?: Weight;
}

/** All weights of a model. */
export interface ModelWeights {
  /** Token embeddings `[nVocab, nEmbd]`. */
  readonly tokenEmbd: Weight;
  /** The blocks. */
  readonly layers: readonly LayerWeights[];
  /** Final RMSNorm gain. */
  readonly outputNorm: Weight;
  /** Output projection (the embeddings when tied). */
  readonly output: Weight;
  /** Per-frequency RoPE divisors, when the file has them. */
  readonly ropeFactors?: Weight;
}

/** The activations of one forward pass, allocated once for up to `maxBatch` tokens. */
interface Scratch {
  readonly x: ActivationBuffer;
  readonly xb: ActivationBuffer;
  readonly q: ActivationBuffer;
  readonly k: ActivationBuffer;
  readonly v: ActivationBuffer;
  readonly att: ActivationBuffer;
  readonly gate: ActivationBuffer;
  readonly up: ActivationBuffer;
  readonly hidden: ActivationBuffer;
  readonly last: ActivationBuffer;
  readonly logits: ActivationBuffer;
}

/** The `linear` options of one block's projections, built once so the forward pass allocates nothing. */
interface LayerLinearOptions {
  readonly q: LinearOptions;
  readonly k: LinearOptions;
  readonly v: LinearOptions;
  readonly attnOut: LinearOptions;
  readonly gate: LinearOptions;
  readonly up: LinearOptions;
}

/**
 * Row ranges of fused tensors (phi3's [q | k | v] and [gate | up]) and the optional biases of each
 * projection of a block.
 */
function layerLinearOptions(lw: LayerWeights, c: ModelConfig): LayerLinearOptions {
  const qDim = c.nHead * c.headDim;
  const kvDim = c.nHeadKv * c.headDim;
  const fusedGateUp = lw.gate === undefined;
  return {
    q: lw.qkv ? { rowOffset: 0, rows: qDim } : { bias: lw.qBias },
    k: lw.qkv ? { rowOffset: qDim, rows: kvDim } : { bias: lw.kBias },
    v: lw.qkv ? { rowOffset: qDim + kvDim, rows: kvDim } : { bias: lw.vBias },
    attnOut: { bias: lw.attnOutBias },
    gate: fusedGateUp ? { rowOffset: 0, rows: c.nFf } : {},
    up: fusedGateUp ? { rowOffset: c.nFf, rows: c.nFf } : {},
  };
}

/** A model's forward pass bound to its backend, weights and preallocated activations. */
export class Decoder {
  /** Most tokens one {@link Decoder.forward} call takes. */
  readonly maxBatch: number;
  readonly #backend: Backend;
  readonly #arch: Architecture;
  readonly #config: ModelConfig;
  readonly #weights: ModelWeights;
  readonly #scratch: Scratch;
  readonly #rope: RopeParams;
  readonly #attention: readonly AttentionParams[];
  readonly #linearOptions: readonly LayerLinearOptions[];

  /**
   * Allocates the activations for batches of up to `maxBatch` tokens; logits for every row of a batch need
   * `maxBatch * nVocab` floats, so `allLogits` says whether to size for that.
   */
  constructor(
    backend: Backend,
    arch: Architecture,
    config: ModelConfig,
    weights: ModelWeights,
    maxBatch: number,
    allLogits: boolean,
  ) {
    this.#backend = backend;
    this.#arch = arch;
    this.#config = config;
    this.#weights = weights;
    this.maxBatch = maxBatch;
    const { nEmbd, nHead, nHeadKv, headDim, nFf, nVocab } = config;
    const alloc = (width: number) => backend.allocActivations(maxBatch * width);
    this.#scratch = {
      x: alloc(nEmbd),
      xb: alloc(nEmbd),
      q: alloc(nHead * headDim),
      k: alloc(nHeadKv * headDim),
      v: alloc(nHeadKv * headDim),
      att: alloc(nHead * headDim),
      gate: alloc(nFf),
      up: alloc(nFf),
      hidden: alloc(nFf),
      last: backend.allocActivations(nEmbd),
      logits: backend.allocActivations((allLogits ? maxBatch : 1) * nVocab),
    };
    this.#rope = { ...config.rope, freqFactors: weights.ropeFactors };
    this.#linearOptions = weights.layers.map((lw) => layerLinearOptions(lw, config));
    this.#attention = Array.from({ length: config.nLayer }, (_, layer) => ({
      nHead,
      nHeadKv,
      headDim,
      // ggml keeps these as f32 operator parameters.
      scale: Math.fround(config.attnScale),
      softcap: Math.fround(config.attnSoftcap),
      window: config.slidingLayers === "all" || layer % 2 === 0 ? config.slidingWindow : 0,
    }));
  }

  /** Waits for the last {@link Decoder.forward} and copies its first `dst.length` logits into `dst`. */
  readLogits(dst: Float32Array): Promise<void> {
    return this.#backend.read(this.#scratch.logits, 0, dst);
  }

  /**
   * Runs `n <= maxBatch` tokens at positions `pos0..pos0+n-1` through the model, appending their keys and
   * values to `kv`. Computes logits for every row when `allRows` (requires `allLogits` at construction),
   * otherwise for the last row only. Returns the number of logit rows written.
   */
  forward(tokens: Int32Array, n: number, pos0: number, kv: KvStorage, allRows: boolean): number {
    const b = this.#backend;
    const c = this.#config;
    const s = this.#scratch;
    const w = this.#weights;

    b.embed(s.x, w.tokenEmbd, tokens, n);
    if (c.embedScale !== 1) b.scale(s.x, c.embedScale, n * c.nEmbd);

    for (let layer = 0; layer < c.nLayer; layer++) {
      const lw = w.layers[layer];
      const o = this.#linearOptions[layer];
      // Attention: x += out(attention(rope(q), rope(k), v)) of norm(x).
      b.rmsNorm(s.xb, s.x, lw.attnNorm, n, c.rmsEps);
      b.linear(s.q, s.xb, lw.qkv ?? lw.q!, n, o.q);
      b.linear(s.k, s.xb, lw.qkv ?? lw.k!, n, o.k);
      b.linear(s.v, s.xb, lw.qkv ?? lw.v!, n, o.v);
      b.rope(s.q, n, c.nHead, c.headDim, pos0, this.#rope);
      b.rope(s.k, n, c.nHeadKv, c.headDim, pos0, this.#rope);
      b.attention(s.att, s.q, s.k, s.v, kv, layer, pos0, n, this.#attention[layer]);
      b.linear(s.xb, s.att, lw.attnOut, n, o.attnOut);
      if (lw.postAttnNorm) b.rmsNorm(s.xb, s.xb, lw.postAttnNorm, n, c.rmsEps);
      b.add(s.x, s.x, s.xb, n * c.nEmbd);

      // Feed-forward: x += down(act(gate(h)) * up(h)) of h = norm(x).
      b.rmsNorm(s.xb, s.x, lw.ffnNorm, n, c.rmsEps);
      b.linear(s.gate, s.xb, lw.gate ?? lw.up, n, o.gate);
      b.linear(s.up, s.xb, lw.up, n, o.up);
      if (c.activation === "geglu") b.geglu(s.hidden, s.gate, s.up, n * c.nFf);
      else b.swiglu(s.hidden, s.gate, s.up, n * c.nFf);
      b.linear(s.xb, s.hidden, lw.down, n);
      if (lw.postFfnNorm) b.rmsNorm(s.xb, s.xb, lw.postFfnNorm, n, c.rmsEps);
      b.add(s.x, s.x, s.xb, n * c.nEmbd);
    }

    const rows = allRows ? n : 1;
    if (allRows) {
      b.rmsNorm(s.xb, s.x, w.outputNorm, n, c.rmsEps);
      b.linear(s.logits, s.xb, w.output, n);
    } else {
      b.copy(s.last, 0, s.x, (n - 1) * c.nEmbd, c.nEmbd);
      b.rmsNorm(s.last, s.last, w.outputNorm, 1, c.rmsEps);
      b.linear(s.logits, s.last, w.output, 1);
    }
    if (c.finalSoftcap > 0) b.softcap(s.logits, c.finalSoftcap, rows * c.nVocab);
    return rows;
  }

  /** Shapes, never data. */
  [Symbol.for("Deno.customInspect")](): string {
    const c = this.#config;
    return `Decoder(${this.#arch.name}: ${c.nLayer} layers, ${c.nEmbd} wide, ${c.nHead}/${c.nHeadKv} heads, ` +
      `vocab ${c.nVocab}, maxBatch ${this.maxBatch}, backend ${this.#backend.info.name})`;
  }
}
