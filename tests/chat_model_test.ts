/**
 * `Model.chat`: the file's chat template is rendered with the vocabulary's BOS/EOS text, special-token text
 * becomes special tokens, and BOS is not doubled when the template writes it.
 */

import assert from "node:assert/strict";
import { loadModel } from "../src/engine/model.ts";
import { TemplateError } from "../src/errors.ts";
import { ggufString } from "../src/gguf/mod.ts";
import { withMetadata } from "./fixture_edit.ts";
import { sharedFile } from "./shared.ts";

// The Mistral-Nemo template writes "{{ bos_token }}" itself, then [INST] ... [/INST].
const TEMPLATE = "mistralai-Mistral-Nemo-Instruct-2407.jinja";

Deno.test("chat renders the model's template and does not double BOS", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  const templatePath = sharedFile(`templates/${TEMPLATE}`);
  if (!path || !templatePath) return;
  const template = await Deno.readTextFile(templatePath);
  const model = await loadModel(withMetadata(path, { "tokenizer.chat_template": ggufString(template) }), {
    backend: "reference",
  });
  const messages = [{ role: "user", content: "Hello there" }];
  const rendered = model.renderChat(messages, true);
  assert.ok(rendered.startsWith("<s>[INST]"), rendered);
  const generation = model.chat(messages, { maxTokens: 3, temperature: 0 });
  await generation.text();
  const ids = model.tokenizer.encode(rendered, { addSpecial: false, parseSpecial: true });
  assert.equal(ids[0], 1, "<s> parsed as the BOS token");
  assert.notEqual(ids[1], 1);
  assert.equal(generation.stats.promptTokens, ids.length, "no second BOS added");
  model.dispose();
});

Deno.test("chat without a template in the file is a TemplateError", async () => {
  const path = sharedFile("fixtures/llama-f32.gguf");
  if (!path) return;
  const model = await loadModel(path, { backend: "reference" });
  assert.throws(() => model.chat([{ role: "user", content: "hi" }]), TemplateError);
  model.dispose();
});
