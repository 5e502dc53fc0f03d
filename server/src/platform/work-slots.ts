import { AppError } from './errors.ts';

/**
 * How many heavy jobs of one kind run at once in this process: per person and in all. A job
 * over either count is refused (429) rather than queued, so a burst costs nothing but the answer.
 * Per process on purpose: each app node protects its own memory and CPU.
 */
export class WorkSlots {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(
    readonly perUser: number,
    readonly overall: number,
    /** The work in both languages: 导入 / imports. */
    private readonly what: { 'zh-CN': string; 'en-US': string },
  ) {}

  /** Runs `fn` in a slot, or refuses with 429 naming the limit that is full. */
  async run<T>(userId: string | null, fn: () => Promise<T>): Promise<T> {
    const key = userId ?? '(anonymous)';
    const mine = this.running.get(key) ?? 0;
    if (mine >= this.perUser)
      throw new AppError('BUSY', {
        reason: {
          'zh-CN': `您已有 ${mine} 项${this.what['zh-CN']}正在进行（每人同时最多 ${this.perUser} 项），请等它完成后再试`,
          'en-US': `Too many of your ${this.what['en-US']} are running (at most ${this.perUser} per person at a time); wait for one to finish`,
        },
      });
    if (this.total >= this.overall)
      throw new AppError('BUSY', {
        reason: {
          'zh-CN': `服务器正在进行的${this.what['zh-CN']}已达上限（同时最多 ${this.overall} 项），请稍后再试`,
          'en-US': `The server is running as many ${this.what['en-US']} as it may (${this.overall} at a time); try again shortly`,
        },
      });
    this.running.set(key, mine + 1);
    this.total++;
    try {
      return await fn();
    } finally {
      this.total--;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    }
  }

  /** Jobs running now (for tests and health). */
  get size(): number {
    return this.total;
  }
}
