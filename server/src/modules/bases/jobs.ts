import type { RequestContext } from '#platform/audit.ts';
import { recordAudit } from '#platform/audit.ts';
import { newId, nowIso, todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { publishLinks } from '../media/service.ts';
import { findBasesPastTerm, insertBaseEvent, markBaseExpired } from './repo.ts';
import './search.ts';

/** Bases handled per transaction: a backlog (the first run after years) commits in steps. */
const BATCH = 200;

/**
 * 到期: a designation ends with its term. The day after `validUntil` (a date in China) an active
 * or rectifying base becomes EXPIRED — off the portal and out of search, its media unpublished —
 * with a history row and an audit entry, as when a person changes the status. Renewal (back to
 * ACTIVE with a new term) stays the authority's decision. Safe to run twice: the UPDATE is
 * conditional on the status it read.
 */
defineJob(
  'bases.expireTerms',
  async ({ db, dialect, now, log }) => {
    const today = todayInChina(now);
    const ctx: RequestContext = { actorId: null, ip: null, dialect };
    let expired = 0;
    for (;;) {
      const due = await findBasesPastTerm(db, today, BATCH);
      if (due.length === 0) break;
      await db.transaction().execute(async (tx) => {
        const changed: string[] = [];
        for (const b of due) {
          const at = nowIso(now);
          if (!(await markBaseExpired(tx, b.id, b.status, at))) continue;
          const note = `命名有效期至 ${b.validUntil}，已到期。`;
          await insertBaseEvent(tx, {
            id: newId(),
            baseId: b.id,
            action: 'expire',
            fromStatus: b.status,
            toStatus: 'EXPIRED',
            docNo: null,
            note,
            actorId: null,
            at,
          });
          await recordAudit(tx, ctx, {
            action: 'base.expire',
            entityType: 'base',
            entityId: b.id,
            organisationId: b.hostOrgId,
            detail: { name: b.name, from: b.status, to: 'EXPIRED', validUntil: b.validUntil },
          });
          await publishLinks(tx, { type: 'base', id: b.id }, false);
          changed.push(b.id);
        }
        if (changed.length) await searchEngineFor(db, dialect).index(tx, 'base', changed);
        expired += changed.length;
      });
      if (due.length < BATCH) break;
    }
    if (expired) log.info({ expired }, 'bases past their term set to EXPIRED');
  },
  {
    maxAttempts: 5,
    label: { 'zh-CN': '科普基地命名到期', 'en-US': 'Expire bases past their term' },
  },
);

// Just after midnight in China: a term's last day is a whole day.
schedule('bases.expireTerms', { dailyAt: '00:10' });
