/**
 * The GGUF reader: parses and validates the header (metadata and tensor infos), then copies tensor data into
 * buffers the caller owns.
 *
 * A GGUF file may be tens of gigabytes, so `readGguf` parses the header from a prefix of the file (1 MiB, then
 * doubled until the header fits) and `readTensorInto` reads each tensor in bounded chunks straight into its
 * destination. Every count, length, dimension and offset is checked before it is used: see `cursor.ts` for how
 * reads are bounded and `layout.ts` for the documented limits. Any problem is a `GgufError` naming the key or
 * tensor and the byte offset.
 *
 * @module
 */

import { GgufError } from "../errors.ts";
import { GgufCursor, PrefixTooShort } from "./cursor.ts";
import { ggmlTypeName } from "./ggml_type.ts";
import {
  alignUp,
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
  isValidAlignment,
  tensorSize,
} from "./layout.ts";
import { GgufMetadata } from "./metadata.ts";
import type { GgufSource } from "./source.ts";
import {
  type GgufArray,
  type GgufEntry,
  type GgufFile,
  type GgufTensorInfo,
  type GgufValue,
  GgufValueType,
} from "./types.ts";
import {
  ggufValueTypeName,
  isGgufValueType,
  minimumElementBytes,
  NUMERIC_ARRAY_CLASS,
} from "./value_types.ts";

/** Size of the first prefix `readGguf` reads; most headers fit, large vocabularies need a few doublings. */
export const GGUF_INITIAL_PREFIX_BYTES = 1 << 20;

/** Largest single read `readTensorInto` issues, so progress can be reported and reads stay bounded. */
export const GGUF_READ_CHUNK_BYTES = 16 << 20;

/** Fewest bytes a metadata entry takes: u64 key length, u32 type, a 1-byte value. */
const MIN_ENTRY_BYTES = 8 + 4 + 1;

/** Fewest bytes a tensor info takes: u64 name length, u32 dimension count, u32 type, u64 offset. */
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;

/** The parsed header. */
class ParsedGgufFile implements GgufFile {
  readonly version: number;
  readonly alignment: number;
  readonly dataOffset: number;
  readonly fileSize: number;
  readonly metadata: GgufMetadata;
  readonly tensors: readonly GgufTensorInfo[];
  readonly #byName: ReadonlyMap<string, GgufTensorInfo>;

  constructor(
    fields: Omit<GgufFile, "tensor">,
    byName: ReadonlyMap<string, GgufTensorInfo>,
  ) {
    this.version = fields.version;
    this.alignment = fields.alignment;
    this.dataOffset = fields.dataOffset;
    this.fileSize = fields.fileSize;
    this.metadata = fields.metadata;
    this.tensors = fields.tensors;
    this.#byName = byName;
    Object.freeze(this);
  }

  tensor(name: string): GgufTensorInfo | undefined {
    return this.#byName.get(name);
  }

  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options: unknown) => string,
    options: unknown,
  ): string {
    const shown = this.tensors.slice(0, 4).map((t) =>
      `    ${t.name} ${ggmlTypeName(t.type)} [${t.dims.join(", ")}]`
    );
    const more = this.tensors.length > 4 ? [`    ... ${this.tensors.length - 4} more`] : [];
    return [
      `GgufFile v${this.version} (${this.fileSize} bytes, alignment ${this.alignment}, data at ${this.dataOffset}) {`,
      `  metadata: ${inspect(this.metadata, options).replaceAll("\n", "\n  ")}`,
      `  tensors (${this.tensors.length}):`,
      ...shown,
      ...more,
      "}",
    ].join("\n");
  }
}

/** Reads one value of `type`; arrays recurse up to {@link GGUF_MAX_ARRAY_DEPTH}. */
function readValue(cursor: GgufCursor, type: number, depth: number): GgufEntry {
  switch (type) {
    case GgufValueType.UINT8:
      return { type, value: cursor.u8("u8 value") };
    case GgufValueType.INT8:
      return { type, value: cursor.i8("i8 value") };
    case GgufValueType.UINT16:
      return { type, value: cursor.u16("u16 value") };
    case GgufValueType.INT16:
      return { type, value: cursor.i16("i16 value") };
    case GgufValueType.UINT32:
      return { type, value: cursor.u32("u32 value") };
    case GgufValueType.INT32:
      return { type, value: cursor.i32("i32 value") };
    case GgufValueType.FLOAT32:
      return { type, value: cursor.f32("f32 value") };
    case GgufValueType.FLOAT64:
      return { type, value: cursor.f64("f64 value") };
    case GgufValueType.BOOL:
      return { type, value: cursor.u8("bool value") !== 0 };
    case GgufValueType.UINT64:
      return { type, value: narrowBigint(cursor.u64("u64 value")) };
    case GgufValueType.INT64:
      return { type, value: narrowBigint(cursor.i64("i64 value")) };
    case GgufValueType.STRING:
      return { type, value: cursor.string("string value", GGUF_MAX_STRING_BYTES) };
    case GgufValueType.ARRAY:
      return readArray(cursor, depth);
    default:
      return cursor.fail(`unknown metadata value type id ${type}`);
  }
}

/** A 64-bit integer as a `number` when that is exact, else as the `bigint`. */
function narrowBigint(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** Reads an array: u32 element type, u64 count, then the elements. */
function readArray(cursor: GgufCursor, depth: number): GgufEntry {
  if (depth >= GGUF_MAX_ARRAY_DEPTH) cursor.fail(`arrays nested deeper than ${GGUF_MAX_ARRAY_DEPTH} levels`);
  const typeAt = cursor.pos;
  const itemType = cursor.u32("array element type");
  if (!isGgufValueType(itemType)) cursor.fail(`unknown array element type id ${itemType}`, typeAt);
  const length = cursor.count("array length", GGUF_MAX_ARRAY_LENGTH, minimumElementBytes(itemType));
  return { type: GgufValueType.ARRAY, itemType, value: readArrayItems(cursor, itemType, length, depth) };
}

function readArrayItems(
  cursor: GgufCursor,
  itemType: GgufValueType,
  length: number,
  depth: number,
): GgufArray {
  const numericClass = NUMERIC_ARRAY_CLASS.get(itemType);
  if (numericClass) {
    // slice() copies into a fresh, aligned buffer that the typed array can view.
    const bytes = cursor.bytes(
      length * numericClass.BYTES_PER_ELEMENT,
      `${ggufValueTypeName(itemType)} array`,
    );
    return new numericClass(bytes.slice().buffer);
  }
  if (itemType === GgufValueType.BOOL) return Array.from(cursor.bytes(length, "bool array"), (b) => b !== 0);
  const items: GgufValue[] = [];
  for (let i = 0; i < length; i++) items.push(readValue(cursor, itemType, depth + 1).value);
  return items as GgufArray;
}

/** Reads the metadata entries, refusing duplicate keys. */
function readMetadata(cursor: GgufCursor, count: number): GgufMetadata {
  const entries = new Map<string, GgufEntry>();
  for (let i = 0; i < count; i++) {
    cursor.subject = {};
    const keyAt = cursor.pos;
    const key = cursor.string(`metadata key #${i}`, GGUF_MAX_STRING_BYTES);
    cursor.subject = { key };
    if (entries.has(key)) cursor.fail("duplicate metadata key", keyAt);
    const typeAt = cursor.pos;
    const type = cursor.u32("value type");
    if (!isGgufValueType(type)) cursor.fail(`unknown metadata value type id ${type}`, typeAt);
    entries.set(key, readValue(cursor, type, 0));
  }
  cursor.subject = {};
  return new GgufMetadata(entries);
}

/** The alignment from `general.alignment` (a u32 power of two), or the default. */
function alignmentOf(metadata: GgufMetadata): number {
  const entry = metadata.entry(GGUF_ALIGNMENT_KEY);
  if (!entry) return GGUF_DEFAULT_ALIGNMENT;
  const context = { key: GGUF_ALIGNMENT_KEY };
  if (entry.type !== GgufValueType.UINT32) {
    throw new GgufError(`alignment must be a u32, got ${ggufValueTypeName(entry.type)}`, { context });
  }
  const alignment = entry.value as number;
  if (!isValidAlignment(alignment)) {
    throw new GgufError(`alignment must be a power of two, got ${alignment}`, { context });
  }
  return alignment;
}

/** Reads one tensor info and checks its type and dimensions. */
function readTensorInfo(
  cursor: GgufCursor,
  index: number,
  seen: ReadonlyMap<string, GgufTensorInfo>,
): GgufTensorInfo {
  cursor.subject = {};
  const nameAt = cursor.pos;
  const name = cursor.string(`tensor name #${index}`, GGUF_MAX_TENSOR_NAME_BYTES);
  cursor.subject = { tensor: name };
  if (seen.has(name)) cursor.fail("duplicate tensor name", nameAt);
  const nDimsAt = cursor.pos;
  const nDims = cursor.u32("dimension count");
  if (nDims > GGUF_MAX_DIMS) {
    cursor.fail(`${nDims} dimensions, at most ${GGUF_MAX_DIMS} are allowed`, nDimsAt);
  }
  const dims: number[] = [];
  for (let d = 0; d < nDims; d++) dims.push(cursor.safeU64(`dimension ${d}`));
  const typeAt = cursor.pos;
  const type = cursor.u32("ggml type");
  const offset = cursor.safeU64("data offset");
  const { nElements, byteLength } = tensorSize(name, type, dims, typeAt);
  return Object.freeze({
    name,
    dims: Object.freeze(dims),
    type,
    nElements,
    offset,
    byteLength,
  }) as GgufTensorInfo;
}

/** Checks that every tensor's data is aligned, inside the data section, and overlaps no other tensor's. */
function checkPlacement(tensors: readonly GgufTensorInfo[], alignment: number, dataBytes: number): void {
  const fail = (message: string, t: GgufTensorInfo): never => {
    throw new GgufError(message, { context: { tensor: t.name, offset: t.offset } });
  };
  for (const t of tensors) {
    if (t.offset % alignment !== 0) fail(`data offset is not a multiple of the alignment ${alignment}`, t);
    if (t.byteLength > dataBytes - t.offset) {
      fail(
        `data (${t.byteLength} bytes) runs past the end of the file (data section is ${dataBytes} bytes)`,
        t,
      );
    }
  }
  const byOffset = [...tensors].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1];
    if (previous.offset + previous.byteLength > byOffset[i].offset) {
      fail(`data overlaps tensor ${JSON.stringify(previous.name)}`, byOffset[i]);
    }
  }
}

/** Parses a whole header from `prefix`, the first bytes of a file of `fileSize` bytes. */
function parseHeader(prefix: Uint8Array, fileSize: number): GgufFile {
  const cursor = new GgufCursor(prefix, fileSize);
  const magic = cursor.bytes(4, "magic");
  if (!magic.every((b, i) => b === GGUF_MAGIC[i])) cursor.fail("not a GGUF file (bad magic)", 0);
  const version = cursor.u32("version");
  if (version === 1) cursor.fail("GGUF version 1 is obsolete; convert the model again with current tools", 4);
  if (!GGUF_SUPPORTED_VERSIONS.includes(version)) {
    const hint = version >= 0x01000000 ? " (a big-endian file?)" : "";
    cursor.fail(`unsupported GGUF version ${version}${hint}`, 4);
  }
  const tensorCount = cursor.count("tensor count", GGUF_MAX_TENSORS, MIN_TENSOR_INFO_BYTES);
  const kvCount = cursor.count("metadata entry count", GGUF_MAX_KV, MIN_ENTRY_BYTES);
  const metadata = readMetadata(cursor, kvCount);
  const alignment = alignmentOf(metadata);

  const tensors: GgufTensorInfo[] = [];
  const byName = new Map<string, GgufTensorInfo>();
  for (let i = 0; i < tensorCount; i++) {
    const info = readTensorInfo(cursor, i, byName);
    tensors.push(info);
    byName.set(info.name, info);
  }
  const dataOffset = alignUp(cursor.pos, alignment);
  if (tensors.length > 0) {
    if (dataOffset > fileSize) {
      throw new GgufError("the data section starts past the end of the file", {
        context: { offset: dataOffset },
      });
    }
    checkPlacement(tensors, alignment, fileSize - dataOffset);
  }
  return new ParsedGgufFile(
    { version, alignment, dataOffset, fileSize, metadata, tensors: Object.freeze(tensors) },
    byName,
  );
}

/**
 * Parses a GGUF header from a source without reading the tensor data: it reads a 1 MiB prefix, doubling it
 * (never past the file size) while the header extends beyond it.
 */
export async function readGguf(source: GgufSource): Promise<GgufFile> {
  let prefix = new Uint8Array(Math.min(GGUF_INITIAL_PREFIX_BYTES, source.size));
  await source.read(prefix, 0);
  for (;;) {
    try {
      return parseHeader(prefix, source.size);
    } catch (error) {
      if (!(error instanceof PrefixTooShort)) throw error;
      // PrefixTooShort is only thrown for bytes inside the file, so the prefix always grows.
      const grown = new Uint8Array(Math.min(source.size, Math.max(prefix.length * 2, error.needed)));
      grown.set(prefix);
      await source.read(grown.subarray(prefix.length), prefix.length);
      prefix = grown;
    }
  }
}

/** Parses a GGUF header from a whole file in memory (the tensor data stays in `bytes`). */
export function parseGgufBytes(bytes: Uint8Array): GgufFile {
  return parseHeader(bytes, bytes.byteLength);
}

/**
 * Copies the data of `tensor` (a tensor info of `file`) into `dst`, which must be exactly
 * `tensor.byteLength` bytes, in chunks of at most {@link GGUF_READ_CHUNK_BYTES}, calling
 * `onProgress(bytesDone, bytesTotal)` after each chunk.
 */
export async function readTensorInto(
  source: GgufSource,
  file: GgufFile,
  tensor: GgufTensorInfo,
  dst: Uint8Array,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const context = { tensor: tensor.name, offset: file.dataOffset + tensor.offset };
  if (file.tensor(tensor.name) !== tensor) {
    throw new GgufError("the tensor info does not come from this file", { context });
  }
  if (source.size !== file.fileSize) {
    throw new GgufError(`the source has ${source.size} bytes but the file had ${file.fileSize}`, { context });
  }
  if (dst.byteLength !== tensor.byteLength) {
    throw new GgufError(`destination has ${dst.byteLength} bytes, the tensor needs ${tensor.byteLength}`, {
      context,
    });
  }
  const total = tensor.byteLength;
  for (let done = 0; done < total;) {
    const n = Math.min(GGUF_READ_CHUNK_BYTES, total - done);
    await source.read(dst.subarray(done, done + n), context.offset + done);
    done += n;
    onProgress?.(done, total);
  }
}
