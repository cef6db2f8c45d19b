/**
 * Chat templates: every case of shared/templates/chat-template-goldens.json renders exactly (Jinja2 as
 * transformers runs it, date pinned to 2026-12-04) or fails with a TemplateError where the template raises.
 */

import assert from "node:assert/strict";
import { TemplateError } from "../src/errors.ts";
import { type ChatMessage, renderChatTemplate, strftime } from "../src/tokenizer/mod.ts";
import { sharedFile } from "./shared.ts";

interface TemplateCase {
  template: string;
  conversation: string;
  messages: ChatMessage[];
  add_generation_prompt: boolean;
  bos_token: string;
  eos_token: string;
  expected?: string;
  error?: string | null;
}

/** The date the goldens were rendered with. */
const GOLDEN_DATE = () => new Date(2026, 11, 4);

Deno.test("chat templates render every golden case", () => {
  const path = sharedFile("templates/chat-template-goldens.json");
  if (!path) return;
  const { cases } = JSON.parse(Deno.readTextFileSync(path)) as { cases: TemplateCase[] };
  assert.equal(cases.length, 66);
  for (const c of cases) {
    const source = Deno.readTextFileSync(sharedFile(`templates/${c.template}`)!);
    const label = `${c.template} ${c.conversation} add_generation_prompt=${c.add_generation_prompt}`;
    const render = () =>
      renderChatTemplate(source, c.messages, {
        addGenerationPrompt: c.add_generation_prompt,
        bosToken: c.bos_token,
        eosToken: c.eos_token,
        now: GOLDEN_DATE,
      });
    if (c.error) {
      const reason = c.error.replace(/^TemplateError: /, "");
      assert.throws(render, (e: unknown) => e instanceof TemplateError && e.message.includes(reason), label);
    } else {
      assert.equal(render(), c.expected, label);
    }
  }
});

Deno.test("chat templates: syntax errors and failures are TemplateErrors", () => {
  const options = { addGenerationPrompt: false, bosToken: "", eosToken: "" };
  assert.throws(() => renderChatTemplate("{% if %}", [], options), TemplateError);
  assert.throws(
    () => renderChatTemplate("{{ raise_exception('no') }}", [], options),
    /chat template raised: no/,
  );
  assert.throws(
    () => renderChatTemplate("{{ messages[0].content.nope() }}", [{ role: "u", content: "x" }], options),
    TemplateError,
  );
});

Deno.test("chat templates: globals, extra variables and the injectable clock", () => {
  const out = renderChatTemplate(
    "{{ strftime_now('%d %b %Y') }}|{{ range(3) | join(',') }}|{{ tools }}|{{ messages | tojson }}",
    [{ role: "user", content: "é" }],
    { addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>", now: GOLDEN_DATE, tools: "T" },
  );
  assert.equal(out, '04 Dec 2026|0,1,2|T|[{"role": "user", "content": "é"}]');
  assert.equal(
    strftime(new Date(2026, 0, 2, 15, 4, 5), "%A %B %-d %Y-%m-%d %H:%M:%S %j %%"),
    "Friday January 2 2026-01-02 15:04:05 002 %",
  );
});
