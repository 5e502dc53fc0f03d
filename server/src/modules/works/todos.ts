import { isPlatformAdmin } from '#platform/policy.ts';
import { defineTodoSource } from '#platform/todos.ts';
import * as repo from './repo.ts';

/**
 * Works awaiting a science check, for those who may check them (reviewers and platform
 * administrators, never the work's own author) — the same rule as `work.check` and the console's
 * 待审核 list.
 */
defineTodoSource({
  kind: 'work.check',
  label: { 'zh-CN': '待科学性审核的作品', 'en-US': 'Works awaiting a science check' },
  link: '/admin/works/awaiting',
  find(db, actor, limit) {
    if (!isPlatformAdmin(actor) && !actor.grants.some((g) => g.role === 'REVIEWER')) return null;
    return repo.awaitingCheck(db, actor.userId, limit).then(({ rows, total }) => ({
      count: total,
      entries: rows.map((w) => ({
        id: w.id,
        title: w.title,
        detail: w.organisationName,
        link: `/admin/works/${w.id}`,
      })),
    }));
  },
});
