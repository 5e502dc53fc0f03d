import { chinaDateTime } from '#platform/ids.ts';
import { defineNotification } from '#platform/notify/define.ts';

/** To the first on a waiting list: a place is offered, confirm before the hold runs out. */
export const PLACE_OFFERED = defineNotification<{
  activityId: string;
  title: string;
  startsAt: string;
  expiresAt: string;
}>({
  kind: 'activity.placeOffered',
  label: {
    'zh-CN': '候补转正：活动名额已为我保留',
    'en-US': 'A waiting-list place is offered to me',
  },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `「${p.title}」有空余名额，已为您保留`,
          body: `活动时间：${chinaDateTime(p.startsAt)}（北京时间）。请在 ${chinaDateTime(p.expiresAt)} 前确认，逾期名额将顺延给下一位候补者。`,
          link: '/me/registrations',
        }
      : {
          title: `A place at “${p.title}” is held for you`,
          body: `The activity starts ${chinaDateTime(p.startsAt)} (Beijing time). Confirm before ${chinaDateTime(p.expiresAt)}, or the place passes to the next person waiting.`,
          link: '/me/registrations',
        },
});

/** To the person whose offer ran out. */
export const OFFER_EXPIRED = defineNotification<{ title: string }>({
  kind: 'activity.offerExpired',
  label: { 'zh-CN': '保留的活动名额已过期', 'en-US': 'A held place expired' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `「${p.title}」为您保留的名额已过期`,
          body: '名额已顺延给下一位候补者。',
          link: '/me/registrations',
        }
      : {
          title: `The place held for you at “${p.title}” expired`,
          body: 'It passed to the next person waiting.',
          link: '/me/registrations',
        },
});

/** To every registrant: the organiser cancelled the activity or a session. */
export const ACTIVITY_CANCELLED = defineNotification<{
  activityId: string;
  title: string;
  reason: string;
}>({
  kind: 'activity.cancelled',
  label: { 'zh-CN': '我报名的活动被取消', 'en-US': 'An activity I registered for is cancelled' },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `活动「${p.title}」已取消`,
          body: `主办方说明：${p.reason}`,
          link: `/activities/${p.activityId}`,
        }
      : {
          title: `“${p.title}” is cancelled`,
          body: `The organiser says: ${p.reason}`,
          link: `/activities/${p.activityId}`,
        },
});

/** To the person: the host approved or declined a registration that needed approval. */
export const REGISTRATION_DECIDED = defineNotification<{
  activityId: string;
  title: string;
  approved: boolean;
  note: string | null;
}>({
  kind: 'activity.registrationDecided',
  label: { 'zh-CN': '活动报名的审核结果', 'en-US': 'Answers to my activity registrations' },
  emailByDefault: true,
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    return {
      title: p.approved
        ? zh
          ? `「${p.title}」报名已通过`
          : `Your registration for “${p.title}” is approved`
        : zh
          ? `「${p.title}」报名未通过`
          : `Your registration for “${p.title}” was declined`,
      body: p.note ? (zh ? `主办方说明：${p.note}` : `The organiser says: ${p.note}`) : '',
      link: '/me/registrations',
    };
  },
});

/** To every registrant: a message from the host (a change of place, what to bring …). */
export const ACTIVITY_MESSAGE = defineNotification<{
  activityId: string;
  title: string;
  subject: string;
  body: string;
}>({
  kind: 'activity.message',
  label: { 'zh-CN': '所报名活动主办方的通知', 'en-US': 'Messages from the hosts of my activities' },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? { title: `「${p.title}」：${p.subject}`, body: p.body, link: '/me/registrations' }
      : { title: `“${p.title}”: ${p.subject}`, body: p.body, link: '/me/registrations' },
});

/** To the person who created the activity: the office approved it, or sent it back. */
export const ACTIVITY_REVIEWED = defineNotification<{
  activityId: string;
  title: string;
  approved: boolean;
  note: string | null;
}>({
  kind: 'activity.reviewed',
  label: { 'zh-CN': '活动发布审核结果', 'en-US': 'Answers to activities I submitted' },
  emailByDefault: true,
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    const note = p.note ? (zh ? `说明：${p.note}` : `Note: ${p.note}`) : '';
    return {
      title: p.approved
        ? zh
          ? `活动「${p.title}」已通过审核并发布`
          : `“${p.title}” is approved and published`
        : zh
          ? `活动「${p.title}」未通过审核，已退回修改`
          : `“${p.title}” was sent back for changes`,
      body: note,
      link: `/admin/activities/${p.activityId}`,
    };
  },
});

/** To the teacher: the host decided on a group booking (all, part or none of the places). */
export const GROUP_DECIDED = defineNotification<{
  activityId: string;
  title: string;
  gradeClass: string;
  requested: number;
  approved: number;
  waiting: boolean;
  note: string | null;
}>({
  kind: 'activity.groupDecided',
  label: { 'zh-CN': '团体预约的审核结果', 'en-US': 'Answers to my group bookings' },
  emailByDefault: true,
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    const note = p.note ? (zh ? ` 主办方说明：${p.note}` : ` The organiser says: ${p.note}`) : '';
    const title =
      p.approved === 0
        ? zh
          ? `「${p.title}」${p.gradeClass}的团体预约未通过`
          : `The group booking of ${p.gradeClass} for “${p.title}” was declined`
        : zh
          ? `「${p.title}」${p.gradeClass}的团体预约已通过 ${p.approved} 人（申请 ${p.requested} 人）`
          : `${p.approved} of ${p.requested} places approved for ${p.gradeClass} at “${p.title}”`;
    const rest =
      p.approved > 0 && p.approved < p.requested
        ? p.waiting
          ? zh
            ? '其余名额仍在等待审核。'
            : 'The other places are still waiting.'
          : zh
            ? '其余名额未能安排。'
            : 'The other places could not be given.'
        : '';
    return { title, body: `${rest}${note}`.trim(), link: '/me/registrations' };
  },
});

/**
 * To the activity's organiser: a teacher cancelled a group booking (or it went with the teacher's
 * account); its places are free again. Names the school and class, never the teacher.
 */
export const GROUP_CANCELLED = defineNotification<{
  activityId: string;
  title: string;
  schoolName: string;
  gradeClass: string;
  places: number;
  /** Whether the places had been approved (and are now free again). */
  approved: boolean;
  startsAt: string | null;
}>({
  kind: 'activity.groupCancelled',
  label: {
    'zh-CN': '我主办活动的团体预约被取消',
    'en-US': 'A group booking at an activity I host is cancelled',
  },
  emailByDefault: true,
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    const session = p.startsAt
      ? zh
        ? `场次：${chinaDateTime(p.startsAt)}（北京时间）。`
        : `Session: ${chinaDateTime(p.startsAt)} (Beijing time). `
      : '';
    return {
      title: zh
        ? `「${p.title}」${p.schoolName}${p.gradeClass}的团体预约已取消`
        : `The group booking of ${p.schoolName} ${p.gradeClass} for “${p.title}” is cancelled`,
      body: zh
        ? `${session}${p.approved ? `已通过的 ${p.places} 个名额已释放，并已顺延给候补者。` : `该预约申请 ${p.places} 人，尚未审核，无需再处理。`}`
        : `${session}${p.approved ? `The ${p.places} approved places are free again and went on to the waiting list.` : `It asked for ${p.places} places and was not yet decided; nothing is left to do.`}`,
      link: `/admin/activities/${p.activityId}`,
    };
  },
});

/** To the person: the host's staff did not publish their comment, with the reason. */
export const FEEDBACK_REFUSED = defineNotification<{
  activityId: string;
  title: string;
  reason: string;
}>({
  kind: 'activity.feedbackRefused',
  label: {
    'zh-CN': '我的活动评价留言未予展示',
    'en-US': 'A comment of mine on an activity was not published',
  },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `您对「${p.title}」的评价留言未予展示`,
          body: `理由：${p.reason}\n评分仍然有效；您可以在评价可修改期内修改留言后再次提交。`,
          link: '/me/registrations',
        }
      : {
          title: `Your comment on “${p.title}” was not published`,
          body: `Reason: ${p.reason}\nYour rating still counts; you can change the comment and send it again while the feedback can be edited.`,
          link: '/me/registrations',
        },
});
