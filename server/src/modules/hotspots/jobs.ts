import { defineJob, schedule } from '#platform/jobs/define.ts';
import { runDetection } from './service.ts';

/** Every hour: the detector over the signal store (see detector.ts); new alerts are notified. */
defineJob(
  'hotspots.detect',
  async ({ db, dialect, now, log }) => {
    const ids = await runDetection(db, dialect, now);
    if (ids.length) log.info({ alerts: ids.length }, 'hotspot alerts raised');
  },
  { maxAttempts: 3, label: { 'zh-CN': '热点预警检测', 'en-US': 'Detect hotspots' } },
);
schedule('hotspots.detect', { everyMs: 3_600_000 });
