import { isPlatformAdmin, scopeOf } from '#platform/policy.ts';
import { defineTodoSource } from '#platform/todos.ts';
import * as repo from './repo.ts';

/** Squads waiting for the actor's department (or, for platform admins, the office) to decide. */
defineTodoSource({
  kind: 'squad.decide',
  label: { 'zh-CN': '待审批的李四光中队', 'en-US': 'Li Siguang squads to approve' },
  link: '/admin/squads?toDecide=1',
  find(db, actor, limit) {
    const office = isPlatformAdmin(actor);
    const s = scopeOf(actor, ['EDITOR', 'ORG_ADMIN']);
    if (!office && (s === 'ALL' || s.length === 0)) return null;
    return repo
      .pendingFor(db, {
        all: s === 'ALL',
        approverPaths: s === 'ALL' ? [] : s,
        officeDecides: office,
        limit,
      })
      .then(([count, rows]) => ({
        count,
        entries: rows.map((r) => ({
          id: r.id,
          title: r.name,
          detail: r.schoolName,
          link: `/admin/squads/${r.id}`,
        })),
      }));
  },
});
