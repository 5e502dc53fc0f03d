import { Worker } from 'node:worker_threads';
import { diffText, summarizeDiff, type TextDiff } from './diff.ts';
import { richTextToPlain } from './richtext.ts';
import { WorkSlots } from './work-slots.ts';

/** Texts this short are diffed inline: their worst case is a few milliseconds. */
const INLINE_CHARS = 2_000;
/** A diff that has not answered by then is abandoned (its worker is ended) for the summary. */
const TIME_LIMIT_MS = 5_000;
const THREADS = 2;

interface Task {
  id: number;
  before: string;
  after: string;
  /** The texts are rich text (HTML): made plain on the worker too (it costs as much as a diff). */
  richText: boolean;
  resolve: (d: TextDiff) => void;
}

/**
 * Worker threads for version diffs, so that a long draft never blocks the event loop: at most
 * `THREADS` diffs run at once, the next wait in line. Workers start on first use, are kept
 * (unref'd: they never hold the process open) and are replaced when one fails or overruns.
 */
class DiffPool {
  private idle: Worker[] = [];
  private busy = 0;
  private readonly queue: Task[] = [];
  private ids = 0;

  run(before: string, after: string, richText: boolean): Promise<TextDiff> {
    return new Promise((resolve) => {
      this.queue.push({ id: ++this.ids, before, after, richText, resolve });
      this.next();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./diff-worker.mjs', import.meta.url));
    worker.unref();
    // An idle worker that fails leaves the pool (a busy one is handled by its task).
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
      // Whatever goes wrong, the answer is the summary: cheap, and always right.
      const finish = (result: TextDiff | null, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onError);
        this.busy--;
        if (keep) this.idle.push(worker);
        else void worker.terminate();
        task.resolve(result ?? { summary: summaryOf(task) });
        this.next();
      };
      const onMessage = (m: { id: number; result?: TextDiff }) => {
        if (m.id === task.id) finish(m.result ?? null, true);
      };
      const onError = () => finish(null, false);
      const timer = setTimeout(() => finish(null, false), TIME_LIMIT_MS);
      timer.unref();
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onError);
      worker.postMessage({
        id: task.id,
        before: task.before,
        after: task.after,
        richText: task.richText,
      });
    }
  }
}

/** The fallback's counts; rich text is counted by its markup's paragraphs (no parsing here). */
function summaryOf(task: Task) {
  const plain = (s: string) =>
    task.richText
      ? s
          .replace(/<\/(p|h[2-4]|li|blockquote|tr|figcaption|pre)>|<br\s*\/?>/gi, '\n')
          .replace(/<[^>]*>/g, '')
          .replace(/\n+$/, '')
      : s;
  return summarizeDiff(plain(task.before), plain(task.after));
}

let pool: DiffPool | null = null;

/** Diffs a person may have running at once, and all of them together (429 past either). */
export const diffSlots = new WorkSlots(2, 16, {
  'zh-CN': '版本比较',
  'en-US': 'version comparison',
});

/**
 * `diffText` off the request thread: short texts inline, long ones on the diff pool's workers,
 * bounded in work (the diff's own cap) and in time (the pool's limit, then the summary).
 */
export function diffTextOffThread(
  before: string,
  after: string,
  opts: { richText?: boolean } = {},
): Promise<TextDiff> {
  const richText = opts.richText ?? false;
  if (before.length + after.length <= INLINE_CHARS) {
    const plain = (s: string) => (richText ? richTextToPlain(s) : s);
    return Promise.resolve(diffText(plain(before), plain(after)));
  }
  pool ??= new DiffPool();
  return pool.run(before, after, richText);
}
