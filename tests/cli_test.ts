/**
 * The command-line tools, run as a user would run them.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { readGoldenF32, readGoldenJson, sharedFile } from "./shared.ts";
import { compareLogits } from "./golden.ts";

async function run(tool: string, args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", "--allow-write", tool, ...args],
    cwd: new URL("..", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

Deno.test("generate --help lists the flags", async () => {
  const { code, stdout } = await run("tools/generate.ts", ["--help"]);
  assert.equal(code, 0);
  for (const flag of ["--model", "--prompt", "--max-tokens", "--temp", "--seed", "--backend", "--chat"]) {
    assert.ok(stdout.includes(flag), flag);
  }
});

Deno.test("generate streams greedy text and reports tokens/s; bad flags are clear errors", async () => {
  const model = sharedFile("models/stories260K.gguf");
  if (!model) return;
  const ok = await run("tools/generate.ts", [
    "--model",
    model,
    "--prompt",
    "Once upon a time",
    "--max-tokens",
    "20",
    "--temp",
    "0",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^Once upon a time, there was a little/);
  assert.match(ok.stderr, /generated 20 tokens [\d.]+ tok\/s/);
  const bad = await run("tools/generate.ts", ["--model", model, "--temp", "hot"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: --temp expects a number/);
  const unknown = await run("tools/generate.ts", ["--modle", model]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /error: .*modle/);
});

Deno.test("logits writes llama.cpp's golden layout", async () => {
  const golden = readGoldenJson<{ tokens: number[]; n_vocab: number }>("stories260K");
  const goldenLogits = readGoldenF32("stories260K.logits.f32");
  const model = sharedFile("models/stories260K.gguf");
  if (!golden || !goldenLogits || !model) return;
  const out = join(await Deno.makeTempDir(), "logits.f32");
  const result = await run("tools/logits.ts", [
    "--model",
    model,
    "--tokens",
    golden.tokens.join(","),
    "--out",
    out,
  ]);
  assert.equal(result.code, 0, result.stderr);
  const bytes = await Deno.readFile(out);
  const cmp = compareLogits(new Float32Array(bytes.buffer), goldenLogits, golden.n_vocab, 1e-4);
  assert.ok(cmp.maxAbs < 1e-4, `max diff ${cmp.maxAbs}`);
});

Deno.test("perplexity prints PPL = <number> on its last line, matching llama-perplexity", async () => {
  const model = sharedFile("models/stories260K.gguf");
  const text = sharedFile("golden/tinystory.txt");
  if (!model || !text) return;
  const result = await run("tools/perplexity.ts", ["--model", model, "--file", text, "--ctx", "128"]);
  assert.equal(result.code, 0, result.stderr);
  const last = result.stdout.trimEnd().split("\n").at(-1)!;
  assert.equal(last, "PPL = 4.6518");
});
