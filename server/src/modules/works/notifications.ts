import { defineNotification } from '#platform/notify/define.ts';

/** To a work's author: the science check's result, with the reviewer's comments. */
export const WORK_CHECKED = defineNotification<{
  workId: string;
  title: string;
  passed: boolean;
  comments: string;
}>({
  kind: 'work.checked',
  label: { 'zh-CN': '我的作品的科学性审核结果', 'en-US': 'Science check results of my works' },
  render: (p, locale) => {
    const zh = locale === 'zh-CN';
    const comments = p.comments ? (zh ? `审核意见：${p.comments}` : `Comments: ${p.comments}`) : '';
    if (p.passed)
      return {
        title: zh ? `《${p.title}》已通过科学性审核` : `"${p.title}" passed the science check`,
        body: [
          zh ? '作品可以由本单位编辑发布了。' : 'Your unit’s editors can publish it now.',
          comments,
        ]
          .filter(Boolean)
          .join('\n'),
        link: `/admin/works/${p.workId}`,
      };
    return {
      title: zh ? `《${p.title}》被退回修改` : `"${p.title}" was returned for changes`,
      body: [
        zh ? '请按审核意见修改后重新提交。' : 'Please revise it and submit it again.',
        comments,
      ]
        .filter(Boolean)
        .join('\n'),
      link: `/admin/works/${p.workId}/edit`,
    };
  },
});
