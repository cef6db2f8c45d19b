/**
 * Locates the shared conformance data (`../shared`: fixtures, goldens, vocabularies, templates).
 *
 * One setting, `RUVLLM_SHARED` (default `../shared` relative to the repository root), says where it is.
 * A test that needs a missing file skips loudly; under `CI=true` a missing file fails the test instead.
 *
 * @module
 */

import { join } from "node:path";
import { ConfigError } from "../src/errors.ts";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** Absolute path of the shared folder. */
export const SHARED_DIR: string = Deno.env.get("RUVLLM_SHARED") ?? join(repoRoot, "..", "shared");

/** True when running under CI, where missing shared data is an error. */
export const IN_CI: boolean = Deno.env.get("CI") === "true";

/**
 * Returns the absolute path of `relative` inside the shared folder, or `undefined` after printing a loud skip
 * notice when it is missing (outside CI). Under `CI=true` a missing file throws.
 */
export function sharedFile(relative: string): string | undefined {
  const path = join(SHARED_DIR, relative);
  try {
    Deno.statSync(path);
    return path;
  } catch {
    const message = `shared data missing: ${path} (set RUVLLM_SHARED to the shared folder)`;
    if (IN_CI) throw new ConfigError(message, { context: { path } });
    console.warn(`%cSKIPPED: ${message}`, "color: yellow; font-weight: bold");
    return undefined;
  }
}

/** Reads a golden JSON file from `shared/golden`, or `undefined` when skipped. */
export function readGoldenJson<T>(stem: string): T | undefined {
  const path = sharedFile(`golden/${stem}.json`);
  return path === undefined ? undefined : JSON.parse(Deno.readTextFileSync(path)) as T;
}

/** Reads a raw little-endian f32 file from `shared/golden`, or `undefined` when skipped. */
export function readGoldenF32(name: string): Float32Array | undefined {
  const path = sharedFile(`golden/${name}`);
  if (path === undefined) return undefined;
  const bytes = Deno.readFileSync(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
