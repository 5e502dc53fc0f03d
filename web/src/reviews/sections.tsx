import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { REVIEWS_MESSAGES } from './messages.ts';
import { isExpert } from './shared.ts';

const CallsListPage = lazyPage(() => import('./CallsList.tsx'), 'CallsListPage', REVIEWS_MESSAGES);
const CallDetailPage = lazyPage(
  () => import('./CallDetail.tsx'),
  'CallDetailPage',
  REVIEWS_MESSAGES,
);
const ApplyPage = lazyPage(() => import('./Apply.tsx'), 'ApplyPage', REVIEWS_MESSAGES);
const ItemPage = lazyPage(() => import('./ItemPage.tsx'), 'ItemPage', REVIEWS_MESSAGES);
const MyReviewsPage = lazyPage(() => import('./MyReviews.tsx'), 'MyReviewsPage', REVIEWS_MESSAGES);
const ScorePage = lazyPage(() => import('./MyReviews.tsx'), 'ScorePage', REVIEWS_MESSAGES);
/** Reviews: calls, applications and their items, and the expert's own desk. */
export const REVIEWS_SECTIONS: ConsoleSection[] = [
  {
    path: 'reviews',
    allowed: (me) => me.abilities.console,
    render: (me) => <CallsListPage me={me} />,
    menu: { group: 'reviews', labelKey: 'rv.calls', order: 10 },
  },
  {
    path: 'reviews/:id',
    allowed: (me) => me.abilities.console,
    render: (me) => <CallDetailPage me={me} />,
  },
  {
    path: 'reviews/:id/apply',
    allowed: (me) => me.abilities.console,
    render: (me) => <ApplyPage me={me} />,
  },
  {
    path: 'review-items/:id',
    allowed: (me) => me.abilities.console,
    render: () => <ItemPage />,
  },
  {
    path: 'review-items/:itemId/edit',
    allowed: (me) => me.abilities.console,
    render: (me) => <ApplyPage key="edit" me={me} />,
  },
  {
    path: 'my-reviews',
    allowed: isExpert,
    render: () => <MyReviewsPage />,
    menu: { group: 'reviews', labelKey: 'rv.myReviews', order: 20 },
  },
  {
    path: 'my-reviews/:id',
    allowed: isExpert,
    render: () => <ScorePage />,
  },
];
