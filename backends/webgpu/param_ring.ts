/**
 * Kernel parameters without per-token allocation: a ring of fixed 256-byte slots in one uniform buffer.
 *
 * Every dispatch takes the next slot, fills it through the shared host views and writes it with
 * `queue.writeBuffer`; the kernel sees it through one bind-group entry with a dynamic offset. Queue writes run
 * before the command buffer they precede is submitted, so a slot is reused only after the work that read it
 * was submitted: when the ring is full the backend submits what it has queued ({@link ParamRing.take}'s
 * `flush`) and starts over.
 *
 * @module
 */

/** Bytes per slot: the largest `minUniformBufferOffsetAlignment` WebGPU allows. */
export const PARAM_SLOT_BYTES = 256;

/** A ring of uniform parameter slots. */
export class ParamRing {
  /** The uniform buffer holding every slot. */
  readonly buffer: GPUBuffer;
  /** Host view of the slot being filled, as u32. */
  readonly u32: Uint32Array<ArrayBuffer>;
  /** The same bytes as f32. */
  readonly f32: Float32Array<ArrayBuffer>;
  readonly #device: GPUDevice;
  readonly #slots: number;
  #next = 0;

  /** Allocates `slots` slots. */
  constructor(device: GPUDevice, slots: number) {
    this.#device = device;
    this.#slots = slots;
    this.buffer = device.createBuffer({
      label: "param ring",
      size: slots * PARAM_SLOT_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const bytes = new ArrayBuffer(PARAM_SLOT_BYTES);
    this.u32 = new Uint32Array(bytes);
    this.f32 = new Float32Array(bytes);
  }

  /**
   * Writes the host views into the next slot and returns its byte offset. When the ring is full, `flush`
   * (which must submit all queued work) is called first.
   */
  take(flush: () => void): number {
    if (this.#next === this.#slots) {
      flush();
      this.#next = 0;
    }
    const offset = this.#next++ * PARAM_SLOT_BYTES;
    this.#device.queue.writeBuffer(this.buffer, offset, this.u32);
    this.u32.fill(0);
    return offset;
  }

  /** Marks every slot free; call right after submitting. */
  reset(): void {
    this.#next = 0;
  }

  /** Frees the buffer. */
  destroy(): void {
    this.buffer.destroy();
  }
}
