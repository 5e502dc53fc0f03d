/**
 * Deadline reminders: each morning, experts with a review still to score are reminded once when
 * the call's expert-review deadline is three days away or less (inbox, and e-mail by their choice).
 */
import { todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { defineNotification } from '#platform/notify/define.ts';
import { notify } from '#platform/notify/notify.ts';
import * as repo from './repo.ts';
import type { Stage } from './workflow.ts';

/** Reminded when the deadline is this many days away or less (and not past). */
export const REMIND_DAYS = 3;
/** The most open assignments one run weighs (the oldest first). */
const SCAN = 5000;

export const REVIEW_DUE = defineNotification<{
  assignmentId: string;
  /** null in a blind call: the reminder names no applicant. */
  itemTitle: string | null;
  callTitle: string;
  deadline: string;
  daysLeft: number;
}>({
  kind: 'review.due',
  label: { 'zh-CN': '评审任务即将截止的提醒', 'en-US': 'Reminders of review deadlines' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `评审任务将于 ${p.deadline} 截止：${p.itemTitle ? `${p.itemTitle}（${p.callTitle}）` : p.callTitle}`,
          body:
            p.daysLeft === 0
              ? '今天是专家评审的最后一天，请尽快完成评分。'
              : `距专家评审截止还有 ${p.daysLeft} 天，请按时完成评分。`,
          link: `/admin/my-reviews/${p.assignmentId}`,
        }
      : {
          title: `Review due on ${p.deadline}: ${p.itemTitle ? `${p.itemTitle} (${p.callTitle})` : p.callTitle}`,
          body:
            p.daysLeft === 0
              ? 'Today is the last day of the expert review. Please score it now.'
              : `The expert review closes in ${p.daysLeft} days. Please score it in time.`,
          link: `/admin/my-reviews/${p.assignmentId}`,
        },
});

const dayNumber = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / 86_400_000;

defineJob(
  'reviews.remindDeadlines',
  async ({ db, now }) => {
    const today = todayInChina(now);
    const open = await repo.openAssignments(db, SCAN);
    for (const a of open) {
      const deadline = (JSON.parse(a.stages) as Stage[]).find(
        (s) => s.kind === 'EXPERT_REVIEW',
      )?.deadline;
      if (!deadline) continue;
      const daysLeft = dayNumber(deadline) - dayNumber(today);
      if (daysLeft < 0 || daysLeft > REMIND_DAYS) continue;
      await db.transaction().execute((tx) =>
        notify(
          tx,
          [a.reviewerId],
          REVIEW_DUE,
          {
            assignmentId: a.id,
            // A blind call's reminder names no applicant (titles often do).
            itemTitle: a.blind ? null : a.itemTitle,
            callTitle: a.callTitle,
            deadline,
            daysLeft,
          },
          { oncePerLink: true },
        ),
      );
    }
  },
  { label: { 'zh-CN': '评审截止提醒', 'en-US': 'Review deadline reminders' } },
);
schedule('reviews.remindDeadlines', { dailyAt: '08:00' });
