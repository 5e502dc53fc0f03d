import type { Executor } from '#platform/db/connect.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import * as repo from './repo.ts';
import { placeOf } from './service.ts';

/**
 * Published activities are found by title, summary, place and host; the date is the next (or
 * last) session's start, so the year facet and recency follow the activity, not its entry. A
 * search of activities alone puts the current ones (a session not yet ended) above the past: an
 * activity is reindexed when its last session ends (job `activities.refreshSearch`).
 */
defineSearchType({
  type: 'activity',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = (await repo.findActivities(db, ids)).filter((a) => a.status === 'PUBLISHED');
    const sessions = await repo.sessionsOf(
      db,
      rows.map((a) => a.id),
    );
    const now = new Date().toISOString();
    return rows.map((a) => {
      const own = sessions.filter((s) => s.activityId === a.id && s.status === 'ACTIVE');
      const next = own.find((s) => s.endsAt >= now) ?? own.at(-1);
      const plain = richTextToPlain(a.body);
      return {
        type: 'activity',
        id: a.id,
        title: a.title,
        excerpt: a.summary || plain.slice(0, 200),
        body: `${plain} ${placeOf(a)} ${a.host}`,
        url: `/activities/${a.id}`,
        subtype: a.typeCode,
        publishedAt: next?.startsAt ?? a.publishedAt,
        region: a.divisionCode,
        sectors: JSON.parse(a.sectors) as string[],
        topics: JSON.parse(a.topics) as string[],
        audiences: JSON.parse(a.audiences) as string[],
        names: [a.host],
        keywords: ['科普活动'],
        // Upcoming or under way: ranked above past activities (`currentFirst`).
        current: own.some((s) => s.endsAt >= now),
      };
    });
  },
  async listIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
    return repo.publishedIds(db, after, limit);
  },
  currentFirst: true,
});
