import { defineNotification } from '#platform/notify/define.ts';

/** To a unit's administrators: someone asks to join it. */
export const JOIN_REQUESTED = defineNotification<{
  requestId: string;
  userName: string;
  organisationName: string;
}>({
  kind: 'join.requested',
  label: { 'zh-CN': '加入本单位的申请', 'en-US': 'Requests to join my unit' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.userName} 申请加入${p.organisationName}`,
          body: '请在“加入单位申请”中批准或拒绝。',
          link: '/admin/join-requests',
        }
      : {
          title: `${p.userName} asks to join ${p.organisationName}`,
          body: 'Approve or decline it under Join requests.',
          link: '/admin/join-requests',
        },
});

/** To the person who asked: the answer. */
export const JOIN_DECIDED = defineNotification<{
  organisationName: string;
  approved: boolean;
  note: string | null;
}>({
  kind: 'join.decided',
  label: { 'zh-CN': '我的加入单位申请的结果', 'en-US': 'Answers to my requests to join a unit' },
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    if (p.approved)
      return {
        title: zh ? `您已加入${p.organisationName}` : `You have joined ${p.organisationName}`,
        body: zh
          ? '现在可以代表本单位申报征集项目了。'
          : 'You can now apply to calls on behalf of your unit.',
        link: '/me',
      };
    return {
      title: zh
        ? `加入${p.organisationName}的申请未获批准`
        : `Your request to join ${p.organisationName} was declined`,
      body: p.note ? (zh ? `原因：${p.note}` : `Reason: ${p.note}`) : '',
      link: '/me',
    };
  },
});
