import { describe, expect, it } from 'vitest';
import { syntheticLines } from '../../bench/lib/hotspots-synthetic.ts';
import {
  DEFAULT_SETTINGS,
  type DetectedAlert,
  scoreSeries,
  themeDayDates,
} from '../src/modules/hotspots/detector.ts';
import { replayQueries, seedThemeDays } from '../src/modules/hotspots/replay.ts';

async function run(opts: Parameters<typeof syntheticLines>[0], themeDays?: Map<string, string>) {
  const alerts: DetectedAlert[] = [];
  const r = await replayQueries(syntheticLines(opts), (a) => alerts.push(a), {
    ...(themeDays ? { themeDays } : {}),
  });
  return { ...r, alerts };
}

describe('hotspot detector (pure)', () => {
  it('a month with one injected spike raises exactly one alert, with its evidence', async () => {
    const { alerts, events } = await run({ spike: 300, earthDayFactor: 4 });
    expect(events).toBeGreaterThan(10_000);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.term).toBe('地面沉降');
    expect(a.division).toBe('110000');
    expect(a.hour.startsWith('2026-04-15')).toBe(true);
    expect(a.series).toHaveLength(14);
    expect(a.series.at(-1)!.count).toBe(a.observed);
    expect(a.observed).toBeGreaterThan(a.expected * 3);
    expect(a.topQueries[0]!.query).toContain('地面沉降');
    expect(a.regions[0]!.division).toBe('110000');
    expect(a.related).toContain('原因');
  });

  it('the same month with an Earth Day rise and no spike raises none', async () => {
    const { alerts } = await run({ earthDayFactor: 4 });
    expect(alerts).toEqual([]);
  });

  it('…because the baseline knows the theme day: without it the rise is an alarm', async () => {
    const { alerts } = await run({ earthDayFactor: 4 }, new Map());
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.some((a) => a.term === '地球' || a.term === '世界地球日')).toBe(true);
  });

  it('a spike below the minimum count raises none', async () => {
    const { alerts } = await run({ smallSpike: 12 });
    expect(alerts).toEqual([]);
    // The same rare word with enough searches does raise.
    const big = await run({ smallSpike: 60 });
    expect(big.alerts.map((a) => a.term)).toEqual(['天坑']);
  });

  it('theme days come from the reference rules (fixed dates and ranges)', () => {
    const days = seedThemeDays([2026]);
    expect(days.get('2026-04-22')).toBe('世界地球日');
    expect(days.get('2026-05-12')).toBe('全国防灾减灾日');
    expect(days.get('2026-03-25')).toBe('中国水周');
    expect(days.has('2026-09-10')).toBe(false); // 全国科普月 (a whole month) is left out
    const withCampaign = themeDayDates(
      [],
      [2026],
      [{ name: '地球日宣传周', startDate: '2026-04-20', endDate: '2026-04-26' }],
    );
    expect(withCampaign.size).toBe(7);
  });

  it('day of week: a quiet weekend is expected, not compared with weekdays', () => {
    const DAY = 86_400_000;
    const start = Date.parse('2026-03-01T16:00:00Z'); // a Monday in China
    const starts = Array.from({ length: 29 }, (_, i) => start + i * DAY);
    const counts = starts.map((s) =>
      [0, 6].includes(new Date(s + DAY - 1 + 8 * 3600_000).getUTCDay()) ? 20 : 100,
    );
    const r = scoreSeries(counts, starts, DEFAULT_SETTINGS, new Map());
    const last = r.points.at(-1)!;
    expect(Math.abs(last.baseline - last.count)).toBeLessThan(30);
  });
});
