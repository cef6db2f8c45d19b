/**
 * Reading the engine's own asset files (WASM kernels, WGSL shaders) next to the module that needs them,
 * whether the module was loaded from disk (`file:`) or from a registry such as JSR (`https:`).
 *
 * @module
 */

import { BackendError } from "./errors.ts";

/** The bytes of `url`: read from disk for `file:` URLs, fetched otherwise. */
export async function readAsset(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  try {
    if (url.protocol === "file:") return await Deno.readFile(url);
    const response = await fetch(url);
    if (!response.ok) throw new BackendError(`HTTP ${response.status}`, { context: { url: url.href } });
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new BackendError("cannot read an engine asset", { context: { url: url.href }, cause });
  }
}

/** The text of `url` (UTF-8), as {@link readAsset}. */
export async function readTextAsset(url: URL): Promise<string> {
  return new TextDecoder().decode(await readAsset(url));
}
