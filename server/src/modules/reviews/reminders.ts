/**
 * Deadline reminders, each morning, once per thing: experts with a review still to score when the
 * expert-review deadline is three days away or less; whoever started a draft application when its
 * call closes within three days (inbox, and e-mail by their choice).
 */
import { todayInChina } from '#platform/ids.ts';
import { defineJob, schedule } from '#platform/jobs/define.ts';
import { defineNotification } from '#platform/notify/define.ts';
import { notify } from '#platform/notify/notify.ts';
import * as repo from './repo.ts';
import { draftsInClosingCalls } from './repo-todos.ts';
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

export const CALL_CLOSING = defineNotification<{
  itemId: string;
  itemTitle: string;
  callTitle: string;
  closesAt: string;
  daysLeft: number;
}>({
  kind: 'review.closing',
  label: { 'zh-CN': '申报即将截止的提醒', 'en-US': 'Reminders of application deadlines' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `“${p.callTitle}”将于 ${p.closesAt} 截止申报，“${p.itemTitle}”尚未提交`,
          body:
            p.daysLeft === 0
              ? '今天是申报的最后一天，请尽快完善并提交。'
              : `距截止还有 ${p.daysLeft} 天，请按时完善并提交申报。`,
          link: `/admin/review-items/${p.itemId}/edit`,
        }
      : {
          title: `"${p.callTitle}" closes on ${p.closesAt}; "${p.itemTitle}" is not submitted yet`,
          body:
            p.daysLeft === 0
              ? 'Today is the last day. Please complete and submit it now.'
              : `It closes in ${p.daysLeft} days. Please complete and submit it in time.`,
          link: `/admin/review-items/${p.itemId}/edit`,
        },
});

/** Each morning: whoever started a draft in a call closing within three days is reminded once. */
defineJob(
  'reviews.remindClosing',
  async ({ db, now }) => {
    const today = todayInChina(now);
    const lastDay = todayInChina(now + REMIND_DAYS * 86_400_000);
    const drafts = await draftsInClosingCalls(
      db,
      { all: true, orgPaths: [], userId: '' },
      lastDay,
      SCAN,
    );
    for (const d of drafts) {
      if (d.closesAt < today) continue;
      await db.transaction().execute((tx) =>
        notify(
          tx,
          [d.submittedBy],
          CALL_CLOSING,
          {
            itemId: d.id,
            itemTitle: d.title,
            callTitle: d.callTitle,
            closesAt: d.closesAt,
            daysLeft: dayNumber(d.closesAt) - dayNumber(today),
          },
          { oncePerLink: true },
        ),
      );
    }
  },
  { label: { 'zh-CN': '申报截止提醒', 'en-US': 'Application deadline reminders' } },
);
schedule('reviews.remindClosing', { dailyAt: '08:05' });
