/**
 * Model configs are validated when the model loads: a config that could divide by zero or index past a
 * buffer never reaches the forward pass.
 */

import assert from "node:assert/strict";
import { loadModel } from "../src/engine/model.ts";
import { ModelError } from "../src/errors.ts";
import { ggufString, ggufU32 } from "../src/gguf/mod.ts";
import { parseModelConfig } from "../src/models/config.ts";
import { withMetadata } from "./fixture_edit.ts";
import { sharedFile } from "./shared.ts";

async function assertRejected(bytes: Uint8Array, pattern: RegExp) {
  await assert.rejects(() => loadModel(bytes, { backend: "reference" }), (e: unknown) => {
    assert.ok(e instanceof ModelError, `expected ModelError, got ${e}`);
    assert.match(e.message, pattern);
    return true;
  });
}

Deno.test("GQA with n_head_kv = 0 is rejected at load time", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  await assertRejected(withMetadata(path, { "llama.attention.head_count_kv": ggufU32(0) }), /nHeadKv/);
});

Deno.test("n_head not a multiple of n_head_kv is rejected at load time", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  await assertRejected(
    withMetadata(path, { "llama.attention.head_count_kv": ggufU32(3) }),
    /n_head 8 is not a multiple of n_head_kv 3/,
  );
});

Deno.test("an unsupported architecture names itself and lists the supported ones", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  await assertRejected(
    withMetadata(path, { "general.architecture": ggufString("mamba") }),
    /"mamba" is not supported; supported: llama, qwen2, phi3, gemma2/,
  );
});

Deno.test("a tensor whose shape disagrees with the config names the tensor", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  await assertRejected(
    withMetadata(path, { "llama.feed_forward_length": ggufU32(512) }),
    /blk\.0\.ffn_gate\.weight/,
  );
});

Deno.test("parseModelConfig freezes the config and rejects unknown keys", () => {
  const valid = {
    architecture: "llama",
    nVocab: 10,
    nEmbd: 8,
    nLayer: 1,
    nHead: 2,
    nHeadKv: 1,
    headDim: 4,
    nFf: 16,
    contextLength: 32,
    rmsEps: 1e-5,
    rope: { dims: 4, style: "norm", base: 10000, freqScale: 1, attnFactor: 1 },
    attnScale: 0.5,
    attnSoftcap: 0,
    finalSoftcap: 0,
    slidingWindow: 0,
    slidingLayers: "all",
    embedScale: 1,
    activation: "swiglu",
  };
  const config = parseModelConfig(valid);
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.rope));
  assert.throws(() => parseModelConfig({ ...valid, extra: 1 }), ModelError);
  assert.throws(() => parseModelConfig({ ...valid, rope: { ...valid.rope, dims: 6 } }), /rope dimension 6/);
});

Deno.test("an unsupported RoPE scaling type is refused by name instead of computed wrongly", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  await assertRejected(
    withMetadata(path, { "llama.rope.scaling.type": ggufString("yarn") }),
    /rope scaling type "yarn" is not supported; supported: none, linear, longrope/,
  );
});
