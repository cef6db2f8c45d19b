/**
 * Chat templates: render a GGUF's `tokenizer.chat_template` (Jinja) the way Hugging Face transformers does.
 *
 * transformers renders with a sandboxed Jinja2 environment (`trim_blocks`, `lstrip_blocks`, loop controls), a
 * `tojson` filter that does not escape non-ASCII, and two globals: `raise_exception(msg)` and
 * `strftime_now(fmt)`. `@huggingface/jinja` parses with `trim_blocks`/`lstrip_blocks` on and implements the
 * filters; this module supplies the globals itself so that the clock can be injected (tests pin the date) and
 * every failure surfaces as a {@link TemplateError}.
 *
 * @module
 */

import { Environment, Interpreter, Template } from "@huggingface/jinja";
import { TemplateError } from "../errors.ts";

/** One chat message. */
export interface ChatMessage {
  /** `system`, `user`, `assistant`, ... */
  role: string;
  /** The message text. */
  content: string;
}

/** Options of {@link renderChatTemplate}. Extra keys become template variables (e.g. `tools`). */
export interface ChatTemplateOptions {
  /** Append the header that opens the assistant's turn. */
  addGenerationPrompt: boolean;
  /** Text of the BOS token (templates print it themselves). */
  bosToken: string;
  /** Text of the EOS token. */
  eosToken: string;
  /** Clock used by `strftime_now`; defaults to the real date. */
  now?: () => Date;
  /** Further template variables. */
  [variable: string]: unknown;
}

/** Thrown by the template's `raise_exception(msg)`; kept apart so its message is reported verbatim. */
class RaisedByTemplate extends Error {}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Python's `time.strftime` in the C locale (English names), local time, for the directives chat templates
 * use; `%-d` (glibc's "no padding" flag) works for the numeric ones. Other directives are kept as written.
 */
export function strftime(date: Date, format: string): string {
  return format.replace(/%(-?)([aAbBdHIjmMpSyY%])/g, (_, noPadding: string, letter: string) => {
    const text = expand(date, letter);
    return noPadding ? text.replace(/^0+(?=\d)/, "") : text;
  });
}

/** The text of directive `%<letter>`. */
function expand(date: Date, letter: string): string {
  switch (letter) {
    case "a":
      return WEEKDAYS[date.getDay()].slice(0, 3);
    case "A":
      return WEEKDAYS[date.getDay()];
    case "b":
      return MONTHS[date.getMonth()].slice(0, 3);
    case "B":
      return MONTHS[date.getMonth()];
    case "d":
      return pad2(date.getDate());
    case "H":
      return pad2(date.getHours());
    case "I":
      return pad2(date.getHours() % 12 || 12);
    case "j": {
      const dayMs = 86_400_000;
      const start = new Date(date.getFullYear(), 0, 1);
      return String(Math.floor((date.getTime() - start.getTime()) / dayMs) + 1).padStart(3, "0");
    }
    case "m":
      return pad2(date.getMonth() + 1);
    case "M":
      return pad2(date.getMinutes());
    case "p":
      return date.getHours() < 12 ? "AM" : "PM";
    case "S":
      return pad2(date.getSeconds());
    case "y":
      return pad2(date.getFullYear() % 100);
    case "Y":
      return String(date.getFullYear());
    default:
      return "%";
  }
}

/** Python's `range(stop)` / `range(start, stop[, step])`. */
function range(...args: number[]): number[] {
  const [start, stop, step] = args.length === 1 ? [0, args[0], 1] : [args[0], args[1], args[2] ?? 1];
  if (step === 0) throw new RaisedByTemplate("range() arg 3 must not be zero");
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** The globals transformers puts in every chat-template environment. */
function createGlobals(now: () => Date): Environment {
  const env = new Environment();
  for (const [name, value] of [["true", true], ["false", false], ["none", null]] as const) {
    env.set(name, value);
    env.set(name[0].toUpperCase() + name.slice(1), value);
  }
  env.set("range", range);
  env.set("raise_exception", (message: unknown) => {
    throw new RaisedByTemplate(String(message));
  });
  env.set("strftime_now", (format: unknown) => strftime(now(), String(format)));
  return env;
}

/**
 * Renders a Jinja chat template for `messages`.
 *
 * Throws a {@link TemplateError} when the template does not parse, fails while rendering, or rejects the
 * conversation itself with `raise_exception` (e.g. Gemma 2 and a system message).
 */
export function renderChatTemplate(
  template: string,
  messages: readonly ChatMessage[],
  options: ChatTemplateOptions,
): string {
  const { addGenerationPrompt, bosToken, eosToken, now = () => new Date(), ...extra } = options;
  let parsed: Template;
  try {
    parsed = new Template(template);
  } catch (cause) {
    throw new TemplateError("chat template does not parse", { context: { reason: String(cause) }, cause });
  }
  const env = new Environment(createGlobals(now));
  const variables: Record<string, unknown> = {
    ...extra,
    messages: messages.map((m) => ({ ...m })),
    add_generation_prompt: addGenerationPrompt,
    bos_token: bosToken,
    eos_token: eosToken,
  };
  try {
    for (const [name, value] of Object.entries(variables)) env.set(name, value);
    return new Interpreter(env).run(parsed.parsed).value as string;
  } catch (cause) {
    const raised = cause instanceof RaisedByTemplate;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TemplateError(raised ? `chat template raised: ${reason}` : "chat template failed to render", {
      context: { reason },
      cause,
    });
  }
}
