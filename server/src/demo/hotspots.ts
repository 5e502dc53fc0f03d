import type { SignalRow } from '#modules/hotspots/detector.ts';
import { hourOf } from '#modules/hotspots/detector.ts';
import { runDetection } from '#modules/hotspots/service.ts';
import { upsertSignals } from '#modules/hotspots/signals.ts';
import type { DbHandle } from '#platform/db/connect.ts';

const HOUR = 3_600_000;

/**
 * The demo's hotspot signals: three weeks of the site's searches by province (steady worries —
 * 滑坡 in 湖南 and 四川, 地震 in 四川, 矿产 and 地质公园 anywhere — with a daily rhythm), and in
 * the last day a rise of 地面塌陷 searches in 湖南 (长沙 with it: a collapse in the news), then
 * the detector's own hourly run over them, so the one open alert is what the detector raised
 * (and the office and 湖南's administrators have its notification).
 */
export async function seedDemoHotspots(handle: DbHandle, now = Date.now()): Promise<number> {
  const end = Math.floor(now / HOUR) * HOUR;
  const rows: SignalRow[] = [];
  const add = (
    at: number,
    kind: SignalRow['kind'],
    term: string,
    division: string,
    count: number,
  ) => {
    if (count > 0) rows.push({ hour: hourOf(at), kind, term, division, count });
  };
  for (let h = 21 * 24; h >= 1; h--) {
    const at = end - h * HOUR;
    const hourOfDay = new Date(at + 8 * HOUR).getUTCHours();
    const day = hourOfDay >= 8 && hourOfDay < 23 ? 1 : 0;
    const wobble = (h * 7) % 3;
    add(at, 'SEARCH', '滑坡', '430000', day * (1 + (wobble === 0 ? 1 : 0)));
    add(at, 'SEARCH', '滑坡', '510000', day * (1 + (wobble === 1 ? 1 : 0)));
    add(at, 'SEARCH', '地震', '510000', day * (2 + wobble));
    add(at, 'SEARCH', '矿产', '', day * (1 + wobble));
    add(at, 'SEARCH', '地质公园', '330000', day * (wobble === 2 ? 2 : 1));
    add(at, 'WORK_VIEW', 'GEOHAZARD', '430000', day * (wobble === 0 ? 1 : 0));
    // Before the rise: a search for 地面塌陷 in 湖南 now and then.
    add(at, 'SEARCH', '地面塌陷', '430000', h % 9 === 0 ? 1 : 0);
    if (h <= 18) {
      const rising = Math.min(12, 2 + Math.floor((18 - h) / 2));
      add(at, 'SEARCH', '地面塌陷', '430000', rising);
      add(at, 'SEARCH', '地面塌陷', '', 1);
      add(at, 'SEARCH', '长沙', '430000', Math.floor(rising / 2));
      add(at, 'ZERO_RESULT', '地面塌陷', '430000', h % 3 === 0 ? 1 : 0);
      add(at, 'QUERY', '地面塌陷 原因', '430000', Math.ceil(rising / 2));
      add(at, 'QUERY', '长沙 地面塌陷', '430000', Math.floor(rising / 2));
      add(at, 'QUERY', '地面塌陷 前兆', '430000', h % 4 === 0 ? 2 : 0);
    }
  }
  await upsertSignals(handle.db, rows);
  return (await runDetection(handle.db, handle.dialect, end)).length;
}
