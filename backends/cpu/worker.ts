/**
 * Entry point of a CPU backend worker: instantiate the kernels on the shared memory, say ready, then serve jobs
 * until told to exit (see the protocol in `pool.ts`).
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { type WorkerInit, workerLoop } from "./pool.ts";

self.onmessage = (event: MessageEvent<WorkerInit>) => {
  workerLoop(event.data, () => self.postMessage("ready"));
  self.close();
};
