import { chinaTimeText } from '#platform/ids.ts';
import { defineNotification } from '#platform/notify/define.ts';

/** To the staff of a facility's partner schools: new open-day slots they may book first. */
export const PARTNER_SLOTS = defineNotification<{
  facilityId: string;
  facilityName: string;
  activityId: string;
  title: string;
  until: string;
}>({
  kind: 'facility.partnerSlots',
  label: { 'zh-CN': '合作单位优先预约开放日', 'en-US': 'Open days partners book first' },
  render: (p, locale) =>
    locale === 'zh-CN'
      ? {
          title: `${p.facilityName}发布了开放日“${p.title}”，贵校可优先预约`,
          body: `${chinaTimeText(p.until)}前仅合作学校和社区可以预约团体参观，之后向社会开放。`,
          link: `/activities/${p.activityId}`,
        }
      : {
          title: `${p.facilityName} opens “${p.title}”: your school may book first`,
          body: `Until ${chinaTimeText(p.until, 'en-US')} only partner schools and communities may book group visits.`,
          link: `/activities/${p.activityId}`,
        },
});
