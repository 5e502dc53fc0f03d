import { defineNotification } from '#platform/notify/define.ts';

/** To the duty experts matched when an incident opens: answer now. */
export const DUTY_CALL = defineNotification<{
  incidentId: string;
  title: string;
  hazardZh: string;
  hazardEn: string;
  placeZh: string;
  placeEn: string;
}>({
  kind: 'incident.dutyCall',
  label: { 'zh-CN': '应急科普值班通知', 'en-US': 'Emergency duty calls' },
  emailByDefault: true,
  // The provider's template reads: 【自然资源科普】{title}，您在应急科普值班专家名单中，请登录平台确认。
  sms: { templateId: 'KEPU_DUTY_CALL', params: (p) => ({ title: p.title }) },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `应急科普值班：${p.title}`,
          body: `${p.placeZh}发生${p.hazardZh}，您在本次应急科普的值班专家名单中。请确认收到，并审核待发布的解读稿。`,
          link: `/admin/incidents/${p.incidentId}`,
        }
      : {
          title: `Emergency duty: ${p.title}`,
          body: `A ${p.hazardEn.toLowerCase()} in ${p.placeEn}: you are on duty for this response. Please acknowledge and check the explainers waiting for you.`,
          link: `/admin/incidents/${p.incidentId}`,
        },
});

/** To the duty experts: an explainer waits for their approval. */
export const EXPLAINER_SUBMITTED = defineNotification<{
  incidentId: string;
  incidentTitle: string;
  title: string;
}>({
  kind: 'incident.explainerSubmitted',
  label: { 'zh-CN': '应急解读待审核', 'en-US': 'Emergency explainers to check' },
  emailByDefault: true,
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `待您审核：${p.title}`,
          body: `“${p.incidentTitle}”的应急科普解读稿已提交，请尽快审核。审核通过后立即发布。`,
          link: `/admin/incidents/${p.incidentId}`,
        }
      : {
          title: `To check: ${p.title}`,
          body: `An explainer for “${p.incidentTitle}” is waiting. Once you pass it, it is published at once.`,
          link: `/admin/incidents/${p.incidentId}`,
        },
});

/** To the incident's staff: a duty expert approved an explainer and it is public. */
export const EXPLAINER_PUBLISHED = defineNotification<{
  incidentId: string;
  title: string;
  expert: string;
}>({
  kind: 'incident.explainerPublished',
  label: { 'zh-CN': '应急解读已发布', 'en-US': 'Emergency explainers published' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `已发布：${p.title}`,
          body: `值班专家${p.expert}审核通过，解读已在门户发布。`,
          link: `/admin/incidents/${p.incidentId}`,
        }
      : {
          title: `Published: ${p.title}`,
          body: `Passed by the duty expert ${p.expert} and now on the portal.`,
          link: `/admin/incidents/${p.incidentId}`,
        },
});

/** To a reserve item's owners: its yearly review is due. */
export const RESERVE_STALE = defineNotification<{ workId: string; title: string; due: string }>({
  kind: 'reserve.reviewDue',
  label: { 'zh-CN': '应急科普储备年度复核', 'en-US': 'Emergency reserve reviews due' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `储备内容待复核：${p.title}`,
          body: `这件应急科普储备内容的年度复核已于 ${p.due} 到期。请核对内容是否仍然准确，并在“应急科普储备”中标记已复核。`,
          link: `/admin/reserve?work=${p.workId}&due=${p.due}`,
        }
      : {
          title: `Reserve review due: ${p.title}`,
          body: `The yearly review of this emergency reserve item fell due on ${p.due}. Check that it is still right and mark it reviewed under Emergency reserve.`,
          link: `/admin/reserve?work=${p.workId}&due=${p.due}`,
        },
});
