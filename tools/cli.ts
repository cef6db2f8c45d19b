/**
 * What the command-line tools share: flag parsing with typed errors, finding the default model, and a
 * progress bar for loading large files.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, RuvError } from "../src/errors.ts";

/** Parses `args` with node's `parseArgs` (strict: unknown flags are errors), as a `ConfigError` on failure. */
export function parseFlags<T extends ParseArgsConfig["options"]>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (cause) {
    throw new ConfigError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Parses a decimal flag value, or throws a `ConfigError` naming the flag. */
export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) {
    throw new ConfigError(`--${flag} expects a number, got ${JSON.stringify(value)}`, { context: { flag } });
  }
  return n;
}

/** Runs a CLI entry point: a `RuvError` prints its message (no stack) and exits with status 1. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof RuvError) {
      console.error(`error: ${error.message}`);
      if (error.cause instanceof Error && !(error.cause instanceof RuvError)) {
        console.error(`  caused by: ${error.cause.message}`);
      }
      Deno.exit(1);
    }
    throw error;
  }
}

/** The demo's default model: the real TinyStories 260K-parameter llama. */
export const DEFAULT_MODEL = {
  url: "https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf",
  sha256: "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d",
  sharedPath: join(
    dirname(fileURLToPath(import.meta.url)),
    "..",
    "..",
    "shared",
    "models",
    "stories260K.gguf",
  ),
} as const;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function cacheDir(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? ".", ".cache");
  return join(base, "ruvllm-ts");
}

/**
 * Finds the model to run: `--model`, then `RUVLLM_MODEL`, then `../shared/models/stories260K.gguf`, then a
 * cached download of stories260K checked against its sha256.
 */
export async function resolveModelPath(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const fromEnv = Deno.env.get("RUVLLM_MODEL");
  if (fromEnv) return fromEnv;
  if (exists(DEFAULT_MODEL.sharedPath)) return DEFAULT_MODEL.sharedPath;
  const cached = join(cacheDir(), "stories260K.gguf");
  if (exists(cached) && (await sha256Hex(await Deno.readFile(cached))) === DEFAULT_MODEL.sha256) {
    return cached;
  }
  console.error(`downloading ${DEFAULT_MODEL.url}`);
  const response = await fetch(DEFAULT_MODEL.url);
  if (!response.ok) {
    throw new ConfigError(`cannot download the default model: HTTP ${response.status}`, {
      context: { url: DEFAULT_MODEL.url },
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const hash = await sha256Hex(bytes);
  if (hash !== DEFAULT_MODEL.sha256) {
    throw new ConfigError("the downloaded model does not match its sha256", {
      context: { expected: DEFAULT_MODEL.sha256, got: hash },
    });
  }
  await Deno.mkdir(cacheDir(), { recursive: true });
  await Deno.writeFile(cached, bytes);
  return cached;
}

/** A one-line progress bar on stderr, drawn only for large loads and only on a terminal. */
export function progressBar(label: string, minBytes = 64 << 20): (done: number, total: number) => void {
  const enabled = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let lastPercent = -1;
  return (done, total) => {
    if (!enabled || total < minBytes) return;
    const percent = Math.floor((100 * done) / total);
    if (percent === lastPercent) return;
    lastPercent = percent;
    const width = 30;
    const filled = Math.round((width * done) / total);
    const line = `\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${percent}% ` +
      `${(done / 2 ** 20).toFixed(0)}/${(total / 2 ** 20).toFixed(0)} MiB`;
    Deno.stderr.writeSync(encoder.encode(done >= total ? line + "\n" : line));
  };
}
