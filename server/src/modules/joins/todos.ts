import { isPlatformAdmin, scopeOf } from '#platform/policy.ts';
import { defineTodoSource } from '#platform/todos.ts';
import * as repo from './repo.ts';

/** Requests to join a unit the person administers (never their own), as `join.decide` allows. */
defineTodoSource({
  kind: 'join.decide',
  label: { 'zh-CN': '待处理的加入单位申请', 'en-US': 'Requests to join my units' },
  link: '/admin/join-requests',
  find(db, actor, limit) {
    if (!isPlatformAdmin(actor) && !actor.grants.some((g) => g.role === 'ORG_ADMIN')) return null;
    const s = scopeOf(actor, ['ORG_ADMIN']);
    const scope = { all: s === 'ALL', orgPaths: s === 'ALL' ? [] : s };
    return Promise.all([
      repo.countScopedPending(db, scope, actor.userId),
      repo.listScoped(db, scope, { status: 'PENDING', notUserId: actor.userId, limit }),
    ]).then(([count, rows]) => ({
      count,
      entries: rows.map((r) => ({
        id: r.id,
        title: `${r.userName}（${r.position}）`,
        detail: r.organisationName,
        link: '/admin/join-requests',
      })),
    }));
  },
});
