/**
 * GGUF: reading and writing the file format llama.cpp models come in.
 *
 * ```ts
 * const source = await openGgufSource("model.gguf");
 * const file = await readGguf(source); // header only
 * const info = file.tensor("token_embd.weight")!;
 * const bytes = new Uint8Array(info.byteLength);
 * await readTensorInto(source, file, info, bytes);
 * source.close();
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./ggml_type.ts";
export {
  GGUF_ALIGNMENT_KEY,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_MAX_ARRAY_DEPTH,
  GGUF_MAX_ARRAY_LENGTH,
  GGUF_MAX_DIMS,
  GGUF_MAX_KV,
  GGUF_MAX_STRING_BYTES,
  GGUF_MAX_TENSOR_NAME_BYTES,
  GGUF_MAX_TENSORS,
  GGUF_SUPPORTED_VERSIONS,
} from "./layout.ts";
export { ggufValueTypeName } from "./value_types.ts";
export { GgufMetadata } from "./metadata.ts";
export { type GgufSource, openGgufSource } from "./source.ts";
export {
  GGUF_INITIAL_PREFIX_BYTES,
  GGUF_READ_CHUNK_BYTES,
  parseGgufBytes,
  readGguf,
  readTensorInto,
} from "./reader.ts";
export * from "./entries.ts";
export * from "./writer.ts";
