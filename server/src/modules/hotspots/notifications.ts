import { defineNotification } from '#platform/notify/define.ts';

/** To the office and the province's administrators: a new hotspot alert. */
export const HOTSPOT_RAISED = defineNotification<{
  id: string;
  term: string;
  regionZh: string;
  regionEn: string;
  observed: number;
  expected: number;
}>({
  kind: 'hotspot.raised',
  label: { 'zh-CN': '热点预警', 'en-US': 'Hotspot alerts' },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `热点预警：${p.regionZh}“${p.term}”关注度上升`,
          body: `近 24 小时 ${p.observed} 次，按往常约 ${p.expected} 次。请研判：排除、约稿或关联突发事件。`,
          link: `/admin/hotspots/${p.id}`,
        }
      : {
          title: `Hotspot: interest in “${p.term}” rising in ${p.regionEn}`,
          body: `${p.observed} in the last 24 hours against about ${p.expected} expected. Dismiss it, ask for content or link it to an incident.`,
          link: `/admin/hotspots/${p.id}`,
        },
});

/** To the content owners asked: write or update content for a rising worry. */
export const HOTSPOT_CONTENT_ASKED = defineNotification<{
  id: string;
  term: string;
  regionZh: string;
  regionEn: string;
  note: string;
}>({
  kind: 'hotspot.contentAsked',
  label: { 'zh-CN': '热点约稿', 'en-US': 'Content asked for hotspots' },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `约稿：${p.regionZh}“${p.term}”`,
          body: p.note || '公众对这一话题的关注明显上升，请准备或更新相关科普内容。',
          link: `/admin/hotspots/${p.id}`,
        }
      : {
          title: `Content wanted: “${p.term}” in ${p.regionEn}`,
          body:
            p.note || 'Public interest in this topic is rising: please prepare or update content.',
          link: `/admin/hotspots/${p.id}`,
        },
});
