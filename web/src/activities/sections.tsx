import type { ConsoleSection } from '../admin/sections.ts';
import { lazyPage } from '../admin/sections.ts';
import { ACTIVITIES_MESSAGES } from './messages.ts';

const ActivitiesListPage = lazyPage(
  () => import('./ActivitiesList.tsx'),
  'ActivitiesListPage',
  ACTIVITIES_MESSAGES,
);
const ActivityEditorPage = lazyPage(
  () => import('./ActivityEditor.tsx'),
  'ActivityEditorPage',
  ACTIVITIES_MESSAGES,
);
const RegistrationsPage = lazyPage(
  () => import('./Registrations.tsx'),
  'RegistrationsPage',
  ACTIVITIES_MESSAGES,
);
const CampaignsPage = lazyPage(
  () => import('./Campaigns.tsx'),
  'CampaignsPage',
  ACTIVITIES_MESSAGES,
);
const FeedbackPage = lazyPage(() => import('./Feedback.tsx'), 'FeedbackPage', ACTIVITIES_MESSAGES);
const CheckInPage = lazyPage(() => import('./CheckIn.tsx'), 'CheckInPage', ACTIVITIES_MESSAGES);
const ReviewPage = lazyPage(() => import('./Review.tsx'), 'ReviewPage', ACTIVITIES_MESSAGES);

/** 科普活动: the host's activities and registrations, the office's campaigns and approvals. */
export const ACTIVITIES_SECTIONS: ConsoleSection[] = [
  {
    path: 'activities',
    allowed: (me) => me.abilities.console,
    render: (me) => <ActivitiesListPage me={me} />,
    menu: { group: 'activities', labelKey: 'act.menu.list', order: 10, end: true },
  },
  {
    path: 'activities/new',
    allowed: (me) => me.abilities.console,
    render: (me) => <ActivityEditorPage key="new" me={me} />,
  },
  {
    path: 'activities/review',
    allowed: (me) => me.abilities.console,
    // Reached from the office's to-do (活动审核); the server answers only the office.
    render: () => <ReviewPage />,
  },
  {
    path: 'activities/feedback',
    allowed: (me) => me.abilities.console,
    render: () => <FeedbackPage />,
    menu: { group: 'activities', labelKey: 'act.menu.feedback', order: 15 },
  },
  {
    path: 'activities/:id',
    allowed: (me) => me.abilities.console,
    render: (me) => <ActivityEditorPage me={me} />,
  },
  {
    path: 'activities/:id/registrations',
    allowed: (me) => me.abilities.console,
    render: () => <RegistrationsPage />,
  },
  {
    // Its own address (not below activities/): the check-in service worker's scope is this page.
    path: 'check-in',
    allowed: (me) => me.abilities.console,
    render: () => <CheckInPage />,
    menu: { group: 'activities', labelKey: 'act.menu.checkIn', order: 15 },
  },
  {
    path: 'campaigns',
    allowed: (me) => me.abilities.console,
    render: (me) => <CampaignsPage me={me} />,
    menu: { group: 'activities', labelKey: 'act.menu.campaigns', order: 20 },
  },
];
