import { defineNotification } from '#platform/notify/define.ts';

/** To the approving department's staff: a school asks to set up a squad. */
export const SQUAD_APPLIED = defineNotification<{ squadName: string; schoolName: string }>({
  kind: 'squad.applied',
  label: { 'zh-CN': '李四光中队创建申请', 'en-US': 'Li Siguang squad applications' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.schoolName}申请创建“${p.squadName}”`,
          body: '请在“李四光中队”中审批。',
          link: '/admin/squads',
        }
      : {
          title: `${p.schoolName} applies to set up “${p.squadName}”`,
          body: 'Approve or reject it under Li Siguang squads.',
          link: '/admin/squads',
        },
});

/** To the counsellor and the applicant: the department's decision. */
export const SQUAD_DECIDED = defineNotification<{
  squadId: string;
  squadName: string;
  approved: boolean;
  note: string | null;
}>({
  kind: 'squad.decided',
  label: { 'zh-CN': '李四光中队审批结果', 'en-US': 'Li Siguang squad decisions' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: p.approved ? `“${p.squadName}”已批准创建` : `“${p.squadName}”的创建申请未获批准`,
          body: p.note ? `说明：${p.note}` : '',
          link: `/admin/squads/${p.squadId}`,
        }
      : {
          title: p.approved ? `“${p.squadName}” is approved` : `“${p.squadName}” was not approved`,
          body: p.note ? `Note: ${p.note}` : '',
          link: `/admin/squads/${p.squadId}`,
        },
});

/**
 * To the school's editors and administrators: a squad's counsellor deleted their account; its
 * contact phone went with it, and a new counsellor is to be named.
 */
export const SQUAD_COUNSELLOR_GONE = defineNotification<{ squadId: string; squadName: string }>({
  kind: 'squad.counsellorGone',
  label: {
    'zh-CN': '李四光中队的辅导员注销了账号',
    'en-US': 'A Li Siguang squad’s counsellor deleted their account',
  },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `“${p.squadName}”的辅导员已注销账号`,
          body: '辅导员的联系电话已随账号删除。请为该中队指定新的辅导员并填写联系电话。',
          link: `/admin/squads/${p.squadId}`,
        }
      : {
          title: `The counsellor of “${p.squadName}” deleted their account`,
          body: 'Their phone went with the account. Name a new counsellor for the squad, with a phone.',
          link: `/admin/squads/${p.squadId}`,
        },
});
