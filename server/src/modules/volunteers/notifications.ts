import { defineNotification } from '#platform/notify/define.ts';

/** To the host's administrators: a person asks to volunteer for them. */
export const VOLUNTEER_APPLIED = defineNotification<{ personName: string; hostName: string }>({
  kind: 'volunteer.applied',
  label: { 'zh-CN': '科普志愿者申请', 'en-US': 'Volunteer applications' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.personName}申请成为${p.hostName}的科普志愿者`,
          body: '请在“志愿者管理”中审核。',
          link: '/admin/volunteers',
        }
      : {
          title: `${p.personName} asks to volunteer for ${p.hostName}`,
          body: 'Verify or decline under Volunteers.',
          link: '/admin/volunteers',
        },
});

/** To the volunteer: the host verified or declined them. */
export const VOLUNTEER_DECIDED = defineNotification<{
  hostName: string;
  verified: boolean;
  note: string | null;
}>({
  kind: 'volunteer.decided',
  label: { 'zh-CN': '科普志愿者审核结果', 'en-US': 'Volunteer verification' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: p.verified
            ? `${p.hostName}已确认您为科普志愿者`
            : `${p.hostName}未通过您的志愿者申请`,
          body: p.note ? `说明：${p.note}` : '',
          link: '/me/volunteer',
        }
      : {
          title: p.verified
            ? `${p.hostName} verified you as a volunteer`
            : `${p.hostName} declined your volunteer application`,
          body: p.note ? `Note: ${p.note}` : '',
          link: '/me/volunteer',
        },
});

/** To the volunteer: the host confirmed or declined their shift. */
export const SHIFT_DECIDED = defineNotification<{
  title: string;
  label: string;
  startsAt: string;
  confirmed: boolean;
}>({
  kind: 'volunteer.shiftDecided',
  label: { 'zh-CN': '志愿服务岗位确认', 'en-US': 'Volunteer shift decisions' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: p.confirmed
            ? `您在“${p.title}”的${p.label}岗位已确认`
            : `您在“${p.title}”的${p.label}岗位未获确认`,
          body: '',
          link: '/me/volunteer',
        }
      : {
          title: p.confirmed
            ? `Your ${p.label} shift at “${p.title}” is confirmed`
            : `Your ${p.label} shift at “${p.title}” was declined`,
          body: '',
          link: '/me/volunteer',
        },
});
