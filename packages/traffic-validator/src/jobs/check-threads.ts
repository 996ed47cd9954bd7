// The reader thread's side of `--jobs`: worker threads that decode and check batches of cut items. Results come
// back as promises in submission order; a thread that fails or stops has its unfinished batches checked here
// instead, so every item still gets its record.
import { Worker } from 'node:worker_threads';
import type { RawCaptureItem } from '../capture-reader.js';
import type { CoverageCounts } from '../coverage.js';
import type { CheckedItem } from '../exchange-validator.js';
import { decodeChecked, packBatch, type WorkerInit, type WorkerReply } from './messages.js';

type CutItem = Extract<RawCaptureItem, { kind: 'raw' }>;

export interface CheckThreadsOptions {
  readonly threads: number;
  readonly init: WorkerInit;
  /** Checks one item on this thread: unreadable items, and every item of a batch whose thread was lost. */
  readonly checkHere: (item: RawCaptureItem) => CheckedItem;
  /** Coverage counted by a thread for one batch. */
  readonly onCoverage?: ((counts: CoverageCounts) => void) | undefined;
  /** A thread could not start or stopped; its work goes on here. `reason` names a kind, never input. */
  readonly onThreadLost?: ((reason: string) => void) | undefined;
}

interface Pending {
  readonly items: readonly RawCaptureItem[];
  readonly resolve: (checked: CheckedItem[]) => void;
}

// From src (tests run the sources) the compiled worker is used: a worker thread cannot load TypeScript.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../../dist/jobs/worker.js' : './worker.js', import.meta.url);

/**
 * The worker is compiled code and resolves packages as published: a custom export condition of the parent
 * (`--conditions source`, as the test runner sets to run sources) would point it at TypeScript it cannot load.
 * Other flags (memory, inspector) are kept.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--conditions' || arg === '-C') i += 1;
    else if (!arg.startsWith('--conditions=') && !arg.startsWith('-C=')) out.push(arg);
  }
  return out;
}

class CheckThread {
  readonly pending = new Map<number, Pending>();
  alive = true;

  constructor(
    readonly worker: Worker,
    private readonly owner: CheckThreads,
  ) {
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error: Error) => this.lose(`error in a checking thread (${error.name})`));
    worker.on('exit', (code: number) => this.lose(`a checking thread stopped (exit ${code})`));
  }

  private onReply(reply: WorkerReply): void {
    if (reply.kind === 'failed') this.lose(`a checking thread could not start (${reply.reason})`);
    if (reply.kind !== 'checked') return;
    const pending = this.pending.get(reply.seq);
    if (!pending) return;
    this.pending.delete(reply.seq);
    if (reply.coverage) this.owner.options.onCoverage?.(reply.coverage);
    pending.resolve(this.owner.merge(pending.items, decodeChecked(reply.encoded, this.owner.options.init.format)));
  }

  lose(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    if (!this.owner.closing) this.owner.options.onThreadLost?.(reason);
    void this.worker.terminate();
    // Its unfinished batches are checked on the reader thread, in order: nothing is lost with the thread.
    for (const pending of this.pending.values()) pending.resolve(pending.items.map((item) => this.owner.options.checkHere(item)));
    this.pending.clear();
  }
}

export class CheckThreads {
  private readonly threads: CheckThread[] = [];
  private seq = 0;
  closing = false;

  private constructor(readonly options: CheckThreadsOptions) {}

  /** Starts the threads; batches may be sent at once (a thread takes them once it has loaded the spec). */
  static start(options: CheckThreadsOptions): CheckThreads {
    const pool = new CheckThreads(options);
    for (let i = 0; i < options.threads; i += 1) {
      const worker = new Worker(WORKER_URL, { execArgv: workerExecArgv() });
      pool.threads.push(new CheckThread(worker, pool));
      worker.postMessage(options.init);
    }
    return pool;
  }

  /** Threads still checking. */
  get size(): number {
    return this.threads.filter((t) => t.alive).length;
  }

  /** Checks a batch (in its order); batches go to the least busy thread, each thread works through its own in order. */
  check(items: readonly RawCaptureItem[]): Promise<CheckedItem[]> {
    const cut = items.filter((item): item is CutItem => item.kind === 'raw');
    let thread: CheckThread | undefined;
    for (const t of this.threads) if (t.alive && (!thread || t.pending.size < thread.pending.size)) thread = t;
    if (!thread || cut.length === 0) return Promise.resolve(items.map((item) => this.options.checkHere(item)));
    const seq = this.seq++;
    const message = packBatch(seq, cut);
    const target = thread;
    return new Promise<CheckedItem[]>((resolve) => {
      target.pending.set(seq, { items, resolve });
      target.worker.postMessage(message, [message.bytes, message.meta.buffer as ArrayBuffer]);
    });
  }

  /** A batch's records in input order: the thread's for the cut items, this thread's for the unreadable ones. */
  merge(items: readonly RawCaptureItem[], checked: readonly CheckedItem[]): CheckedItem[] {
    let next = 0;
    return items.map((item) => (item.kind === 'raw' ? checked[next++]! : this.options.checkHere(item)));
  }

  /** For tests: stops one thread as a crash would. */
  loseThread(which: number): void {
    void this.threads[which]?.worker.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
