import { defineNotification } from '#platform/notify/define.ts';

/** To the appointee: appointed (or renewed). */
export const APPOINTED = defineNotification<{
  honorific: string;
  endDate: string;
  renewed: boolean;
}>({
  kind: 'appointment.made',
  label: { 'zh-CN': '首席科学传播专家聘任', 'en-US': 'Chief communicator appointments' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: p.renewed ? `您已续聘为${p.honorific}` : `您已受聘为${p.honorific}`,
          body: `聘期至 ${p.endDate}。聘书可在“我的聘任”中下载。`,
          link: '/admin/my-appointments',
        }
      : {
          title: p.renewed
            ? `Your ${p.honorific} appointment is renewed`
            : `You are appointed ${p.honorific}`,
          body: `The term runs until ${p.endDate}. Download the letter under My appointments.`,
          link: '/admin/my-appointments',
        },
});

/** To the appointee: the appointment was withdrawn, with the reason. */
export const WITHDRAWN = defineNotification<{ honorific: string; reason: string }>({
  kind: 'appointment.withdrawn',
  label: { 'zh-CN': '聘任撤销', 'en-US': 'Appointments withdrawn' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `您的${p.honorific}聘任已撤销`,
          body: `原因：${p.reason}`,
          link: '/admin/my-appointments',
        }
      : {
          title: `Your ${p.honorific} appointment was withdrawn`,
          body: `Reason: ${p.reason}`,
          link: '/admin/my-appointments',
        },
});

/** To the appointee and the appointing body's staff: the term ends soon (once per appointment). */
export const TERM_ENDING = defineNotification<{
  id: string;
  personName: string;
  honorific: string;
  endDate: string;
}>({
  kind: 'appointment.termEnding',
  label: { 'zh-CN': '聘期即将届满', 'en-US': 'Terms ending soon' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.personName}的${p.honorific}聘期将于 ${p.endDate} 届满`,
          body: '如需续聘，请在“首席科学传播专家”中办理。',
          link: `/admin/appointments?focus=${p.id}`,
        }
      : {
          title: `${p.personName}'s ${p.honorific} term ends on ${p.endDate}`,
          body: 'Renew it under Chief communicators if the appointment is to continue.',
          link: `/admin/appointments?focus=${p.id}`,
        },
});

/** To the appointee: fewer activities led than the part of the year gone by asks (once a quarter). */
export const DUTY_BEHIND = defineNotification<{
  honorific: string;
  year: number;
  quarter: number;
  led: number;
  required: number;
}>({
  kind: 'appointment.dutyBehind',
  label: { 'zh-CN': '履职提醒', 'en-US': 'Duty reminders' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.year}年您作为${p.honorific}已主讲科普活动 ${p.led} 场，全年至少 ${p.required} 场`,
          body: '请尽早安排科普活动（在活动中把您列为主讲或负责专家即可计入）。',
          link: `/admin/my-appointments?year=${p.year}&q=${p.quarter}`,
        }
      : {
          title: `In ${p.year} you have led ${p.led} activities as ${p.honorific}; the year asks for ${p.required}`,
          body: 'Plan your next activities (being named as speaker or lead expert counts).',
          link: `/admin/my-appointments?year=${p.year}&q=${p.quarter}`,
        },
});
