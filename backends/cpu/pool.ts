/**
 * The thread pool: `threads - 1` workers plus the main thread, all running the same kernels over one shared
 * memory, synchronised with `Atomics` on two words of the control block.
 *
 * Protocol for one job (`dispatch`):
 *
 * 1. Main writes the job words (`Job.OP`, `Job.PAGES`, arguments) with plain stores.
 * 2. Main `Atomics.store(DONE, 0)`, then `Atomics.add(EPOCH, 1)` and `Atomics.notify(EPOCH)`. Atomics are
 *    sequentially consistent, so every store of step 1 happens-before any thread's `Atomics.load` that sees
 *    the new EPOCH.
 * 3. Each worker, spinning on `Atomics.load(EPOCH)` for a short while and then sleeping in
 *    `Atomics.wait(EPOCH, seen)`, sees the new epoch, reads the job and writes only its own share of the output
 *    (rows or heads `shareStart(i) .. shareStart(i + 1)`), then `Atomics.add(DONE, 1)` and `Atomics.notify(DONE)`.
 * 4. Main computes share 0 meanwhile, then waits until `Atomics.load(DONE) === threads - 1` (spin, then
 *    `Atomics.wait(DONE, seen)`). Each worker's output stores happen-before its `Atomics.add`, so once main has
 *    read the final count every output byte is visible to it. Only then may main write the next job: no worker
 *    reads job words after its `Atomics.add(DONE)` until the epoch moves again.
 *
 * The pool never runs more spinning threads than `threads`, and the default is one per core.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";
import { instantiateKernels, type KernelExports } from "./kernels.ts";
import { CONTROL_BYTES, Job, Op, TaskRunner } from "./tasks.ts";

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

  /** Runs the job whose argument words the caller has written; returns when every share is done. */
  dispatch(op: number): void {
    const control = this.#control;
    control[Job.OP] = op;
    control[Job.PAGES] = this.#memory.buffer.byteLength / 65536;
    if (this.threads === 1) {
      this.#runner.run(0, 1);
      return;
    }
    Atomics.store(control, Job.DONE, 0);
    Atomics.add(control, Job.EPOCH, 1);
    Atomics.notify(control, Job.EPOCH);
    this.#runner.run(0, this.threads);
    const workers = this.threads - 1;
    let done = Atomics.load(control, Job.DONE);
    for (let spin = 0; done < workers && spin < SPIN_ITERATIONS; spin++) {
      done = Atomics.load(control, Job.DONE);
    }
    while (done < workers) {
      Atomics.wait(control, Job.DONE, done);
      done = Atomics.load(control, Job.DONE);
    }
  }

  /** Stops the workers (they leave their loop on `Op.EXIT`) and terminates them. */
  close(): void {
    if (this.#workers.length > 0) {
      this.#control[Job.OP] = Op.EXIT;
      Atomics.add(this.#control, Job.EPOCH, 1);
      Atomics.notify(this.#control, Job.EPOCH);
    }
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
  }

  [Symbol.for("Deno.customInspect")](): string {
    return `ThreadPool(${this.threads} threads: main + ${this.threads - 1} workers)`;
  }
}

/**
 * A worker's loop: wait for an epoch, run this thread's share, count it done (step 3 of the protocol).
 * `ready` is called once the worker has recorded the current epoch, so no job can be published unseen.
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
    runner.run(thread, threads);
    Atomics.add(control, Job.DONE, 1);
    Atomics.notify(control, Job.DONE);
  }
}
