import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError } from '#platform/errors.ts';
import { WorkSlots } from '#platform/work-slots.ts';
import type { RecordPrint } from '../record/pdf.ts';
import type { CertificatePrint } from './pdf.ts';

/** What a worker renders: a certificate, or a person's 科普 record (modules/record). */
type Job =
  | { kind: 'certificate'; print: CertificatePrint }
  | { kind: 'record'; print: RecordPrint };

/** Threads rendering certificates at once (font subsetting is CPU-bound): at most 2. */
const THREADS = Math.max(1, Math.min(2, os.availableParallelism() - 1));
/** Renderings waiting for a thread; past this a request is refused (429), never queued unbounded. */
const MAX_WAITING = 256;
/** A rendering that has not answered by then ends its worker and fails. */
const TIME_LIMIT_MS = 30_000;

interface Task {
  id: number;
  job: Job;
  resolve: (pdf: Uint8Array) => void;
  reject: (e: Error) => void;
}

/**
 * Worker threads for certificate PDFs, so that font subsetting never blocks the event loop: at
 * most `THREADS` render at once, the next wait in line (up to `MAX_WAITING`). Workers start on
 * first use, are kept (unref'd) and replaced when one fails or overruns.
 */
class PdfPool {
  private idle: Worker[] = [];
  private busy = 0;
  private readonly queue: Task[] = [];
  private ids = 0;

  render(job: Job): Promise<Uint8Array> {
    if (this.queue.length >= MAX_WAITING)
      return Promise.reject(
        new AppError('BUSY', {
          reason: {
            'zh-CN': `服务器正在生成的证书文件已达上限（排队最多 ${MAX_WAITING} 份），请稍后再试`,
            'en-US': `The server is generating as many certificate files as it may (${MAX_WAITING} waiting); try again shortly`,
          },
        }),
      );
    return new Promise((resolve, reject) => {
      this.queue.push({ id: ++this.ids, job, resolve, reject });
      this.next();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url));
    worker.unref();
    const drop = () => {
      this.idle = this.idle.filter((w) => w !== worker);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    return worker;
  }

  private next(): void {
    while (this.queue.length && this.busy < THREADS) {
      const task = this.queue.shift()!;
      const worker = this.idle.pop() ?? this.spawn();
      this.busy++;
      let settled = false;
      const finish = (pdf: Uint8Array | null, error: string | null, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onError);
        this.busy--;
        if (keep) this.idle.push(worker);
        else void worker.terminate();
        if (pdf) task.resolve(pdf);
        else task.reject(new Error(`certificate PDF failed: ${error}`));
        this.next();
      };
      const onMessage = (m: { id: number; pdf?: Uint8Array; error?: string }) => {
        if (m.id === task.id) finish(m.pdf ?? null, m.error ?? null, true);
      };
      const onError = (e: unknown) => finish(null, String(e), false);
      const timer = setTimeout(() => finish(null, 'time limit', false), TIME_LIMIT_MS);
      timer.unref();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onError);
      worker.postMessage({ id: task.id, ...task.job });
    }
  }
}

let pool: PdfPool | null = null;

/** Renders a certificate on the pool's worker threads. */
export function renderOffThread(print: CertificatePrint): Promise<Uint8Array> {
  pool ??= new PdfPool();
  return pool.render({ kind: 'certificate', print });
}

/** Renders a person's 科普 record on the same threads (the same limits). */
export function renderRecordOffThread(print: RecordPrint): Promise<Uint8Array> {
  pool ??= new PdfPool();
  return pool.render({ kind: 'record', print });
}

/** Downloads rendering at once per person and in all (429 past either); cached ones cost nothing. */
export const pdfSlots = new WorkSlots(2, 8, {
  'zh-CN': '证书文件生成',
  'en-US': 'certificate files',
});

/** The last few PDFs rendered (a certificate's content never changes but for its revocation). */
const CACHE_SIZE = 64;
const cache = new Map<string, Uint8Array>();

export function cachedPdf(key: string): Uint8Array | undefined {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

export function cachePdf(key: string, pdf: Uint8Array): void {
  cache.set(key, pdf);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}
