/**
 * The thread pool: `threads - 1` workers plus the main thread, all running the same kernels over one shared
 * memory and sharing each job's chunks (`tasks.ts`) through three words of the control block.
 *
 * Protocol for one job (`dispatch`), with E the new epoch:
 *
 * 1. Main writes the job words (`Job.OP`, `Job.PAGES`, arguments) with plain stores. No thread reads them:
 *    the previous job has no chunk left to claim, and threads read job words only after a successful claim.
 * 2. Main closes the ticket, `Atomics.store(TICKET, ticket(E, CLOSED))`, so that a worker still holding an
 *    older epoch cannot pair the next word with its old ticket; then `Atomics.store(CHUNKS, n)`,
 *    `Atomics.store(FINISHED, 0)`, opens the job with `Atomics.store(TICKET, ticket(E, 0))`, and publishes it:
 *    `Atomics.store(EPOCH, E)`, `Atomics.notify(EPOCH)`. Atomics are sequentially consistent, so every job word
 *    written before happens-before any thread's `Atomics.load` that sees EPOCH = E.
 * 3. Every thread, main included, reads CHUNKS, then claims chunks with `Atomics.compareExchange(TICKET, t,
 *    t + 1)` while the ticket's epoch is E and its next chunk is below the chunk count, runs the chunk, then
 *    `Atomics.add(FINISHED, 1)` (the thread completing the last chunk also `Atomics.notify(FINISHED)`). A claim
 *    can only succeed while the job is open, so the job words it reads afterwards are E's. Workers spin briefly
 *    on EPOCH before sleeping in `Atomics.wait`.
 * 4. When no chunk is left to claim, main waits until FINISHED equals the chunk count (spin, then
 *    `Atomics.wait`). Each chunk's output stores happen-before its `Atomics.add`, so once main has read the final
 *    count every output byte is visible to it, and no chunk is running: the next job may begin.
 *
 * Because the chunks are claimed rather than assigned, a worker the operating system has not scheduled (the
 * machine is busy) costs nothing but its share of the speed-up: main computes the chunks it does not take, and
 * never waits for a worker that has claimed nothing. The ticket keeps 16 bits of the epoch, so a worker would
 * have to stall for 65536 jobs between reading EPOCH and claiming to mistake an old job for a new one.
 *
 * The pool never runs more spinning threads than `threads`, and the default is one per core.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";
import { instantiateKernels, type KernelExports } from "./kernels.ts";
import { CONTROL_BYTES, Job, Op, TaskRunner } from "./tasks.ts";

/** Ticket index meaning "closed": above any chunk count (chunk counts stay below 2^16, see `tasks.ts`). */
const CLOSED = 0xffff;

/** A ticket word: the low 16 bits of the epoch, then the next chunk to claim. */
function ticket(epoch: number, chunk: number): number {
  return ((epoch & 0xffff) << 16) | chunk;
}

/**
 * Claims and runs chunks of the job of `epoch` until none is left (step 3 of the protocol); `chunks` is that
 * job's chunk count, read after its EPOCH.
 */
function serve(
  control: Int32Array,
  runner: TaskRunner,
  epoch: number,
  chunks: number,
  thread: number,
  threads: number,
): void {
  const tag = ticket(epoch, 0);
  for (;;) {
    const t = Atomics.load(control, Job.TICKET);
    if ((t & ~0xffff) !== tag || (t & 0xffff) >= chunks) return;
    if (Atomics.compareExchange(control, Job.TICKET, t, t + 1) !== t) continue;
    runner.runChunk(t & 0xffff, thread, threads);
    if (Atomics.add(control, Job.FINISHED, 1) + 1 === chunks) Atomics.notify(control, Job.FINISHED);
  }
}

/** Spins before sleeping: a wake-up from `Atomics.wait` costs tens of microseconds, a decode step's job ~50. */
export const SPIN_ITERATIONS = 20000;

/** What a worker receives to start. */
export interface WorkerInit {
  /** The compiled kernels (structured-cloned, not recompiled). */
  readonly module: WebAssembly.Module;
  /** The shared memory. */
  readonly memory: WebAssembly.Memory;
  /** This worker's share index (1..threads-1; 0 is the main thread). */
  readonly thread: number;
  /** Total threads, main included. */
  readonly threads: number;
}

/** Runs jobs on the main thread and `threads - 1` workers. */
export class ThreadPool {
  /** Threads computing each job, the main thread included. */
  readonly threads: number;
  readonly #control: Int32Array;
  readonly #runner: TaskRunner;
  readonly #memory: WebAssembly.Memory;
  readonly #workers: Worker[];
  /** The epoch of the last published job (main is its only writer). */
  #epoch = 0;

  private constructor(memory: WebAssembly.Memory, runner: TaskRunner, workers: Worker[]) {
    this.threads = workers.length + 1;
    this.#memory = memory;
    this.#control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
    this.#runner = runner;
    this.#workers = workers;
  }

  /**
   * Starts `threads - 1` workers and waits until each has instantiated its kernels; `kernels` is the main
   * thread's instance.
   */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    threads: number,
    kernels: KernelExports,
  ): Promise<ThreadPool> {
    const runner = new TaskRunner(memory, kernels);
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let thread = 1; thread < threads; thread++) {
      const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
      workers.push(worker);
      ready.push(
        new Promise((resolve, reject) => {
          worker.onmessage = () => resolve();
          worker.onerror = (event) => {
            event.preventDefault();
            reject(
              new BackendError("a CPU worker failed to start", { context: { thread }, cause: event.message }),
            );
          };
        }),
      );
      const init: WorkerInit = { module, memory, thread, threads };
      worker.postMessage(init);
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      for (const worker of workers) worker.terminate();
      throw error;
    }
    return new ThreadPool(memory, runner, workers);
  }

  /** Runs the job whose argument words the caller has written; returns when it is done. */
  dispatch(op: number): void {
    const control = this.#control, runner = this.#runner, threads = this.threads;
    control[Job.OP] = op;
    control[Job.PAGES] = this.#memory.buffer.byteLength / 65536;
    const chunks = runner.chunkCount(threads);
    if (threads === 1) {
      for (let chunk = 0; chunk < chunks; chunk++) runner.runChunk(chunk, 0, 1);
      return;
    }
    const epoch = this.#epoch = (this.#epoch + 1) | 0;
    Atomics.store(control, Job.TICKET, ticket(epoch, CLOSED));
    Atomics.store(control, Job.CHUNKS, chunks);
    Atomics.store(control, Job.FINISHED, 0);
    Atomics.store(control, Job.TICKET, ticket(epoch, 0));
    Atomics.store(control, Job.EPOCH, epoch);
    Atomics.notify(control, Job.EPOCH);
    serve(control, runner, epoch, chunks, 0, threads);
    let finished = Atomics.load(control, Job.FINISHED);
    for (let spin = 0; finished < chunks && spin < SPIN_ITERATIONS; spin++) {
      finished = Atomics.load(control, Job.FINISHED);
    }
    while (finished < chunks) {
      Atomics.wait(control, Job.FINISHED, finished);
      finished = Atomics.load(control, Job.FINISHED);
    }
  }

  /** Stops the workers (they leave their loop on `Op.EXIT`) and terminates them. */
  close(): void {
    if (this.#workers.length > 0) {
      this.#control[Job.OP] = Op.EXIT;
      Atomics.store(this.#control, Job.EPOCH, ++this.#epoch);
      Atomics.notify(this.#control, Job.EPOCH);
    }
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
  }

  /** Thread counts, never memory. */
  [Symbol.for("Deno.customInspect")](): string {
    return `ThreadPool(${this.threads} threads: main + ${this.threads - 1} workers)`;
  }
}

/**
 * A worker's loop: wait for an epoch, serve its chunks (step 3 of the protocol), wait again. `ready` is called
 * once the worker has recorded the current epoch, so no job can be published unseen.
 */
export function workerLoop(init: WorkerInit, ready: () => void): void {
  const { memory, thread, threads } = init;
  const control = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  const runner = new TaskRunner(memory, instantiateKernels(init.module, memory));
  let seen = Atomics.load(control, Job.EPOCH);
  ready();
  for (;;) {
    let epoch = Atomics.load(control, Job.EPOCH);
    for (let spin = 0; epoch === seen && spin < SPIN_ITERATIONS; spin++) {
      epoch = Atomics.load(control, Job.EPOCH);
    }
    if (epoch === seen) {
      Atomics.wait(control, Job.EPOCH, seen);
      continue;
    }
    seen = epoch;
    if (runner.op === Op.EXIT) return;
    serve(control, runner, epoch, Atomics.load(control, Job.CHUNKS), thread, threads);
  }
}
