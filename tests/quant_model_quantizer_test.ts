import assert from "node:assert/strict";
import { parseGgufBytes } from "../src/gguf/mod.ts";
import { ConfigError } from "../src/errors.ts";
import { fileTypeId, quantizeModel } from "../src/quant/model_quantizer.ts";
import { sharedFile } from "./shared.ts";

Deno.test("quantizeModel --pure Q4_0: same tensor types and data as llama-quantize, file_type set", async () => {
  const input = sharedFile("fixtures/llama-f32.gguf");
  const reference = sharedFile("fixtures/llama-q4_0.gguf");
  if (input === undefined || reference === undefined) return;
  const out = await Deno.makeTempFile({ suffix: ".gguf" });
  try {
    await quantizeModel(input, out, "Q4_0", { pure: true });
    const oursBytes = Deno.readFileSync(out);
    const theirsBytes = Deno.readFileSync(reference);
    const ours = parseGgufBytes(oursBytes);
    const theirs = parseGgufBytes(theirsBytes);
    assert.equal(ours.metadata.get("general.file_type"), 2);
    assert.deepEqual(ours.tensors.map((t) => [t.name, t.type]), theirs.tensors.map((t) => [t.name, t.type]));
    for (const t of ours.tensors) {
      const r = theirs.tensor(t.name)!;
      const a = oursBytes.subarray(ours.dataOffset + t.offset, ours.dataOffset + t.offset + t.byteLength);
      const b = theirsBytes.subarray(
        theirs.dataOffset + r.offset,
        theirs.dataOffset + r.offset + r.byteLength,
      );
      assert.ok(a.every((v, i) => v === b[i]), t.name);
    }
  } finally {
    await Deno.remove(out);
  }
});

Deno.test("quantizeModel: an unknown file type is a ConfigError before any file is opened", async () => {
  // "constructor" and "toString" are properties of every object: the ftype table must not find them.
  for (const ftype of ["Q9_9", "constructor", "toString", "q4_0"]) {
    await assert.rejects(quantizeModel("/nonexistent/in.gguf", "/nonexistent/out.gguf", ftype), ConfigError);
  }
  assert.equal(fileTypeId("constructor"), undefined);
  assert.equal(fileTypeId("Q4_K_M"), 15);
});
