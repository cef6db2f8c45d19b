/**
 * The GGUF writer: encodes metadata and tensor infos, lays the tensors out at aligned offsets, and writes
 * either a whole file in memory (`serializeGguf`) or a file on disk tensor by tensor (`GgufFileWriter`), for
 * models larger than memory.
 *
 * The layout is the one gguf-py and llama.cpp write, so a file read and written back is byte-identical: header,
 * zero padding to the alignment, then each tensor's data followed by zero padding to the alignment (a file
 * without tensors ends right after its header). Everything written is checked first: value types and ranges,
 * tensor types and dimensions, names, and the data length of every tensor.
 *
 * @module
 */

import { GgufError } from "../errors.ts";
import type { GgmlType } from "./ggml_type.ts";
import {
  alignUp,
  GGUF_ALIGNMENT_KEY,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_MAX_ARRAY_DEPTH,
  GGUF_MAX_TENSOR_NAME_BYTES,
  isValidAlignment,
  tensorSize,
} from "./layout.ts";
import { GgufMetadata } from "./metadata.ts";
import { type GgufArray, type GgufEntry, type GgufValue, GgufValueType } from "./types.ts";
import { ggufValueTypeName, inferItemType, NUMERIC_ARRAY_CLASS } from "./value_types.ts";

/** A tensor to write, described by name, ggml type and ggml dimensions (innermost first). */
export interface GgufTensorDesc {
  /** Tensor name, at most {@link GGUF_MAX_TENSOR_NAME_BYTES} bytes of UTF-8. */
  readonly name: string;
  /** ggml type of the data. */
  readonly type: GgmlType;
  /** ggml dimensions, innermost first. */
  readonly dims: readonly number[];
}

/** A tensor to write with all of its data (exactly the tensor's byte size). */
export interface GgufWriteTensor extends GgufTensorDesc {
  /** The encoded tensor data. */
  readonly data: Uint8Array;
}

/** Options of {@link serializeGguf} and {@link GgufFileWriter.create}. */
export interface GgufWriteOptions {
  /** GGUF version to write (the two are identical on little-endian hosts). Default 3. */
  readonly version?: 2 | 3;
  /**
   * Alignment of the data. Default: the `general.alignment` entry, else 32. When given and the entries have no
   * `general.alignment`, a non-default alignment is recorded by appending that entry; when both are given they
   * must agree.
   */
  readonly alignment?: number;
}

/** Metadata entries as a map, an iterable of pairs, or a file's {@link GgufMetadata}. */
export type GgufWriteEntries = ReadonlyMap<string, GgufEntry> | Iterable<[string, GgufEntry]>;

const utf8Encoder = new TextEncoder();

/** A growable little-endian byte buffer. */
class ByteWriter {
  #bytes = new Uint8Array(4096);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #claim(n: number): number {
    if (this.length + n > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.length + n));
      grown.set(this.#bytes.subarray(0, this.length));
      this.#bytes = grown;
      this.#view = new DataView(grown.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  u8(v: number): void {
    const at = this.#claim(1);
    this.#view.setUint8(at, v);
  }
  i8(v: number): void {
    const at = this.#claim(1);
    this.#view.setInt8(at, v);
  }
  u16(v: number): void {
    const at = this.#claim(2);
    this.#view.setUint16(at, v, true);
  }
  i16(v: number): void {
    const at = this.#claim(2);
    this.#view.setInt16(at, v, true);
  }
  u32(v: number): void {
    const at = this.#claim(4);
    this.#view.setUint32(at, v, true);
  }
  i32(v: number): void {
    const at = this.#claim(4);
    this.#view.setInt32(at, v, true);
  }
  u64(v: bigint): void {
    const at = this.#claim(8);
    this.#view.setBigUint64(at, v, true);
  }
  i64(v: bigint): void {
    const at = this.#claim(8);
    this.#view.setBigInt64(at, v, true);
  }
  f32(v: number): void {
    const at = this.#claim(4);
    this.#view.setFloat32(at, v, true);
  }
  f64(v: number): void {
    const at = this.#claim(8);
    this.#view.setFloat64(at, v, true);
  }
  bytes(b: Uint8Array): void {
    const at = this.#claim(b.length); // claim first: it may replace #bytes
    this.#bytes.set(b, at);
  }
  /** A GGUF string: u64 byte length, then the UTF-8 bytes. */
  string(s: string): void {
    const utf8 = utf8Encoder.encode(s);
    this.u64(BigInt(utf8.length));
    this.bytes(utf8);
  }
  /** Zero bytes up to the next multiple of `alignment` (the buffer starts zeroed and only grows). */
  padTo(alignment: number): void {
    this.#claim(alignUp(this.length, alignment) - this.length);
  }
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

/** Inclusive ranges of the integer types that fit a `number`. */
const INTEGER_RANGE: ReadonlyMap<number, readonly [number, number]> = new Map([
  [GgufValueType.UINT8, [0, 0xff]],
  [GgufValueType.INT8, [-0x80, 0x7f]],
  [GgufValueType.UINT16, [0, 0xffff]],
  [GgufValueType.INT16, [-0x8000, 0x7fff]],
  [GgufValueType.UINT32, [0, 0xffffffff]],
  [GgufValueType.INT32, [-0x80000000, 0x7fffffff]],
]);

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Encodes one metadata value after checking it matches its declared type. */
function encodeValue(
  out: ByteWriter,
  key: string,
  type: GgufValueType,
  itemType: GgufValueType | undefined,
  value: GgufValue,
  depth: number,
): void {
  const fail = (expected: string): never => {
    const got = Array.isArray(value)
      ? "array"
      : ArrayBuffer.isView(value)
      ? value.constructor.name
      : typeof value;
    throw new GgufError(`cannot write ${got} as ${ggufValueTypeName(type)}: expected ${expected}`, {
      context: { key },
    });
  };
  const range = INTEGER_RANGE.get(type);
  if (range) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      fail(`an integer in [${range[0]}, ${range[1]}]`);
    }
    const n = value as number;
    if (type === GgufValueType.UINT8) out.u8(n);
    else if (type === GgufValueType.INT8) out.i8(n);
    else if (type === GgufValueType.UINT16) out.u16(n);
    else if (type === GgufValueType.INT16) out.i16(n);
    else if (type === GgufValueType.UINT32) out.u32(n);
    else out.i32(n);
    return;
  }
  switch (type) {
    case GgufValueType.UINT64:
    case GgufValueType.INT64: {
      const unsigned = type === GgufValueType.UINT64;
      if (typeof value !== "bigint" && !Number.isSafeInteger(value)) fail("a safe integer or a bigint");
      const big = BigInt(value as number | bigint);
      if (unsigned ? big < 0n || big > U64_MAX : big < I64_MIN || big > I64_MAX) fail("a value in range");
      return unsigned ? out.u64(big) : out.i64(big);
    }
    case GgufValueType.FLOAT32:
    case GgufValueType.FLOAT64:
      if (typeof value !== "number") fail("a number");
      return type === GgufValueType.FLOAT32 ? out.f32(value as number) : out.f64(value as number);
    case GgufValueType.BOOL:
      if (typeof value !== "boolean") fail("a boolean");
      return out.u8(value ? 1 : 0);
    case GgufValueType.STRING:
      if (typeof value !== "string") fail("a string");
      return out.string(value as string);
    case GgufValueType.ARRAY:
      return encodeArray(out, key, itemType, value, depth, fail);
    default:
      return fail("a known value type");
  }
}

/** Encodes an array: element type, count, elements. Numeric arrays must be typed arrays of their type. */
function encodeArray(
  out: ByteWriter,
  key: string,
  itemType: GgufValueType | undefined,
  value: GgufValue,
  depth: number,
  fail: (expected: string) => never,
): void {
  if (depth >= GGUF_MAX_ARRAY_DEPTH) fail(`arrays nested at most ${GGUF_MAX_ARRAY_DEPTH} levels deep`);
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) fail("an array");
  const array = value as GgufArray;
  const elementType = itemType ?? inferItemType(array);
  out.u32(elementType);
  out.u64(BigInt(array.length));
  const numericClass = NUMERIC_ARRAY_CLASS.get(elementType);
  if (numericClass) {
    if (!(array instanceof numericClass)) fail(`a ${numericClass.name}`);
    const typed = array as Exclude<GgufArray, readonly unknown[]>;
    return out.bytes(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
  }
  if (!Array.isArray(array)) fail(`a plain array of ${ggufValueTypeName(elementType)}`);
  for (const item of array as readonly GgufValue[]) {
    const inner = elementType === GgufValueType.ARRAY ? inferItemType(item as GgufArray) : undefined;
    encodeValue(out, key, elementType, inner, item, depth + 1);
  }
}

/** Where one tensor's data goes. */
interface PlannedTensor {
  readonly name: string;
  /** Offset from the start of the data section. */
  readonly offset: number;
  readonly byteLength: number;
}

/** The encoded header and where every tensor's data goes. */
interface GgufPlan {
  readonly header: Uint8Array;
  readonly alignment: number;
  readonly tensors: readonly PlannedTensor[];
  /** Size of the data section, padding included. */
  readonly dataBytes: number;
}

/** Resolves the alignment from the entries and the options, appending `general.alignment` when needed. */
function resolveAlignment(metadata: GgufMetadata, requested: number | undefined): [number, GgufMetadata] {
  const context = { key: GGUF_ALIGNMENT_KEY };
  const entry = metadata.entry(GGUF_ALIGNMENT_KEY);
  if (entry) {
    const stored = metadata.number(GGUF_ALIGNMENT_KEY);
    if (entry.type !== GgufValueType.UINT32 || !isValidAlignment(stored)) {
      throw new GgufError("alignment must be a u32 power of two", { context });
    }
    if (requested !== undefined && requested !== stored) {
      throw new GgufError(`option alignment ${requested} disagrees with the entry's ${stored}`, { context });
    }
    return [stored, metadata];
  }
  const alignment = requested ?? GGUF_DEFAULT_ALIGNMENT;
  if (!isValidAlignment(alignment)) {
    throw new GgufError(`alignment ${alignment} is not a power of two`, { context });
  }
  if (alignment === GGUF_DEFAULT_ALIGNMENT) return [alignment, metadata];
  const entries: [string, GgufEntry][] = [...metadata, [GGUF_ALIGNMENT_KEY, {
    type: GgufValueType.UINT32,
    value: alignment,
  }]];
  return [alignment, new GgufMetadata(entries)];
}

/** Validates everything and encodes the header (padded to the alignment when tensors follow). */
function planGguf(
  entries: GgufWriteEntries,
  descs: readonly GgufTensorDesc[],
  options: GgufWriteOptions,
): GgufPlan {
  const version = options.version ?? 3;
  if (version !== 2 && version !== 3) {
    throw new GgufError(`cannot write GGUF version ${version}`, { context: { version } });
  }
  const [alignment, metadata] = resolveAlignment(new GgufMetadata(entries), options.alignment);

  const tensors: PlannedTensor[] = [];
  const names = new Set<string>();
  let dataBytes = 0;
  for (const desc of descs) {
    const { name, type, dims } = desc;
    const context = { tensor: name };
    if (utf8Encoder.encode(name).length > GGUF_MAX_TENSOR_NAME_BYTES) {
      throw new GgufError(`tensor name longer than ${GGUF_MAX_TENSOR_NAME_BYTES} bytes`, { context });
    }
    if (names.has(name)) throw new GgufError("duplicate tensor name", { context });
    names.add(name);
    const { byteLength } = tensorSize(name, type, dims);
    tensors.push({ name, offset: dataBytes, byteLength });
    dataBytes += alignUp(byteLength, alignment);
  }

  const out = new ByteWriter();
  out.bytes(GGUF_MAGIC);
  out.u32(version);
  out.u64(BigInt(descs.length));
  out.u64(BigInt(metadata.size));
  for (const [key, entry] of metadata) {
    out.string(key);
    out.u32(entry.type);
    encodeValue(out, key, entry.type, entry.itemType, entry.value, 0);
  }
  descs.forEach((desc, i) => {
    out.string(desc.name);
    out.u32(desc.dims.length);
    for (const d of desc.dims) out.i64(BigInt(d));
    out.u32(desc.type);
    out.u64(BigInt(tensors[i].offset));
  });
  if (descs.length > 0) out.padTo(alignment);
  return { header: out.finish(), alignment, tensors, dataBytes };
}

/**
 * Encodes a whole GGUF file in memory. `entries` keep their order; tensors are laid out in the order given,
 * each `data` exactly its tensor's byte size. Any invalid entry or tensor is a `GgufError` naming it.
 */
export function serializeGguf(
  entries: GgufWriteEntries,
  tensors: readonly GgufWriteTensor[],
  options: GgufWriteOptions = {},
): Uint8Array {
  const plan = planGguf(entries, tensors, options);
  const file = new Uint8Array(plan.header.length + plan.dataBytes);
  file.set(plan.header);
  tensors.forEach((tensor, i) => {
    const { offset, byteLength } = plan.tensors[i];
    if (tensor.data.byteLength !== byteLength) {
      throw new GgufError(`data has ${tensor.data.byteLength} bytes, the tensor needs ${byteLength}`, {
        context: { tensor: tensor.name },
      });
    }
    file.set(tensor.data, plan.header.length + offset);
  });
  return file;
}

/**
 * Writes a GGUF file to disk without holding its tensors in memory: {@link GgufFileWriter.create} writes the
 * header, then {@link GgufFileWriter.writeTensorData} takes each tensor's bytes in the declared order, in as
 * many chunks as convenient, and {@link GgufFileWriter.close} checks that every tensor was completed.
 */
export class GgufFileWriter {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #plan: GgufPlan;
  /** Index of the tensor whose data is being written. */
  #current = 0;
  /** Bytes of the current tensor written so far. */
  #written = 0;
  #closed = false;

  private constructor(path: string, file: Deno.FsFile, plan: GgufPlan) {
    this.#path = path;
    this.#file = file;
    this.#plan = plan;
  }

  /** Validates the entries and tensor descriptions, creates (or truncates) `path` and writes the header. */
  static async create(
    path: string,
    entries: GgufWriteEntries,
    tensors: readonly GgufTensorDesc[],
    options: GgufWriteOptions = {},
  ): Promise<GgufFileWriter> {
    const plan = planGguf(entries, tensors, options);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, create: true, truncate: true });
    } catch (cause) {
      throw new GgufError("cannot create the GGUF file", { context: { path }, cause });
    }
    const writer = new GgufFileWriter(path, file, plan);
    await writer.#write(plan.header);
    return writer;
  }

  /** Appends `chunk` to the data of tensor `name`, which must be the next tensor not yet complete. */
  async writeTensorData(name: string, chunk: Uint8Array): Promise<void> {
    const tensor = this.#plan.tensors[this.#current];
    const context = { tensor: name, path: this.#path };
    if (this.#closed) throw new GgufError("the writer is closed", { context });
    if (!tensor || tensor.name !== name) {
      const expected = tensor ? `tensor ${JSON.stringify(tensor.name)}` : "no more tensor data";
      throw new GgufError(`tensor data out of order: expected ${expected}`, { context });
    }
    if (this.#written + chunk.byteLength > tensor.byteLength) {
      throw new GgufError(`more data than the tensor's ${tensor.byteLength} bytes`, { context });
    }
    await this.#write(chunk);
    this.#written += chunk.byteLength;
    if (this.#written === tensor.byteLength) {
      await this.#write(new Uint8Array(alignUp(tensor.byteLength, this.#plan.alignment) - tensor.byteLength));
      this.#current++;
      this.#written = 0;
    }
  }

  /** Closes the file; a `GgufError` if some tensor's data is incomplete (the file is then unusable). */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#file.close();
    const missing = this.#plan.tensors[this.#current];
    if (missing) {
      return Promise.reject(
        new GgufError(`tensor data incomplete: ${this.#written} of ${missing.byteLength} bytes written`, {
          context: { tensor: missing.name, path: this.#path },
        }),
      );
    }
    return Promise.resolve();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    try {
      for (let done = 0; done < bytes.byteLength;) done += await this.#file.write(bytes.subarray(done));
    } catch (cause) {
      throw new GgufError("cannot write the GGUF file", { context: { path: this.#path }, cause });
    }
  }

  /** Shows the path and progress. */
  [Symbol.for("Deno.customInspect")](): string {
    return `GgufFileWriter(${
      JSON.stringify(this.#path)
    }, tensor ${this.#current} of ${this.#plan.tensors.length})`;
  }
}
