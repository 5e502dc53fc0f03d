import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DialectName } from '../db/connect.ts';
import { nowIso } from '../ids.ts';
import type { Vocabulary } from './analyzer.ts';
import type { IndexRow } from './index-rows.ts';
import type { SearchDocument } from './types.ts';

/** Worker threads for bulk indexing: every core but the one that writes to the database. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

interface Waiting {
  resolve: (rows: IndexRow[]) => void;
  reject: (e: Error) => void;
}

/**
 * Worker threads that turn documents into index rows (segmentation, pinyin, keys: most of an
 * import's CPU time), so that the thread holding the transaction only writes. Each worker builds
 * its own analyzer from the vocabulary it is given; batches are dealt round-robin.
 */
export class AnalysisPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private ids = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(vocabulary: Vocabulary, dialect: DialectName, threads = defaultThreads()) {
    const entry = new URL('./analysis-worker.mjs', import.meta.url);
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(entry, { workerData: { vocabulary, dialect } });
      worker.on('message', (m: { id: number; rows?: IndexRow[]; error?: string }) => {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.rows) w?.resolve(m.rows);
        else w?.reject(new Error(`search analysis failed: ${m.error}`));
      });
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`search analysis worker exited (${code})`));
      });
      return worker;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }

  /** The rows of these documents, stamped `at`. */
  analyze(docs: SearchDocument[], at: string): Promise<IndexRow[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.ids;
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, docs, at });
    });
  }

  /**
   * A pipeline onto `write`: `add` hands a batch to the threads, and its rows are written in the
   * order added, each as soon as it is made and the batch before is written. `add` waits while
   * more than a batch a thread is ahead of the writing (memory stays flat); `done` settles when
   * every batch is written, and fails with the first write or analysis that failed.
   */
  writer(write: (rows: IndexRow[]) => Promise<void>) {
    let written: Promise<void> = Promise.resolve();
    const queued: Promise<void>[] = [];
    return {
      add: async (docs: SearchDocument[]): Promise<void> => {
        if (docs.length === 0) return;
        const rows = this.analyze(docs, nowIso());
        rows.catch(() => undefined);
        written = Promise.all([written, rows]).then(([, r]) => write(r));
        written.catch(() => undefined);
        queued.push(written);
        while (queued.length > this.workers.length + 1) await queued.shift();
      },
      done: (): Promise<void> => written,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
