/**
 * Test helper: rewrites a fixture GGUF with edited metadata, to make files that are valid GGUF but describe
 * a bad model (zero KV heads, ...).
 *
 * @module
 */

import { type GgufEntry, parseGgufBytes, serializeGguf } from "../src/gguf/mod.ts";

/** Returns the bytes of `path` re-encoded with `edits` applied to its metadata (`undefined` removes a key). */
export function withMetadata(path: string, edits: Record<string, GgufEntry | undefined>): Uint8Array {
  const bytes = Deno.readFileSync(path);
  const file = parseGgufBytes(bytes);
  const entries = new Map<string, GgufEntry>();
  for (const key of file.metadata.keys()) entries.set(key, file.metadata.entry(key)!);
  for (const [key, entry] of Object.entries(edits)) {
    if (entry === undefined) entries.delete(key);
    else entries.set(key, entry);
  }
  const tensors = file.tensors.map((t) => ({
    name: t.name,
    type: t.type,
    dims: t.dims,
    data: bytes.subarray(file.dataOffset + t.offset, file.dataOffset + t.offset + t.byteLength),
  }));
  return serializeGguf(entries, tensors, { alignment: file.alignment });
}
