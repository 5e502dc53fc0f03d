import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiSession, orgByName, registerPerson, setupAdmin } from './api.ts';
import {
  describeWithBrowser,
  expectNoAxeViolations,
  launchBrowser,
  newContext,
  type Server,
  screenshotOnFailure,
  startServer,
} from './harness.ts';

const PASSWORD = 'Kepu-NoCodes-2024!';
const WEB_SRC = path.resolve(import.meta.dirname, '../web/src');

/**
 * Words, not codes: every console page (as the platform office and as an expert) and every
 * portal page, in Chinese and in English, is read as a person sees it (`innerText`), and fails
 * on an id, an enum code or an action code.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** An enum code: capitals and underscores, three or more (`VENUE`, `UNDER_REVIEW`). */
const ENUM = /(?<![\w.@/-])[A-Z][A-Z_]{2,}(?![\w.@/-])/g;
/**
 * Capitals that are words people read, not codes: file formats and names printed that way,
 * and the product names of standards a page refers to.
 */
const ALLOWED = new Set([
  // File formats, named on upload hints, the media library's filters and downloads.
  'PDF',
  'GLB',
  'JPG',
  'JPEG',
  'PNG',
  'GIF',
  'WEBP',
  'AVIF',
  'SVG',
  'WAV',
  'FLAC',
  'OGG',
  'ISBN', // the book number and the serial number, named as such on work forms
  'ISSN',
  'ICP', // 备案 number prefix in the footer
  'TOTP', // the authenticator standard, named on the security pages
  'QR', // (two letters, listed for clarity)
  'URL',
  'CSV',
  'XLSX',
  'ZIP',
  'RSS', // the debunk channel's feeds, named by their formats (RSS, JSON Feed)
  'JSON',
]);
/**
 * Pages where codes are the subject itself: the reference lists are where the office defines
 * each code (its column is headed 代码), next to its Chinese and English names.
 */
const CODES_SHOWN: Record<string, RegExp> = { '/admin/reference': /^code / };

/** A dotted code: an action (`work.publish`) or a message key shown untranslated. */
const DOTTED =
  /(?<![\w/@-])(?:account|user|grant|invitation|organisation|reference|division|privacy|search|searchTerm|media|work|works|collection|base|review|rv|expert|job|jobs|retention|platform|admin|audit|auditAction|auditEntity|common|portal|form|formKind|trn|trainingAdmin|inc|board|res|emg|hs|hotspots|dbk|dbkAdmin|debunksAdmin|debunkKind)\.[a-z][A-Za-z]+(?:\.[A-Za-z]+)*(?![\w/-])/;

function leaks(text: string): string[] {
  const found: string[] = [];
  const uuid = UUID.exec(text);
  if (uuid) found.push(`id ${uuid[0]}`);
  for (const m of text.matchAll(ENUM)) if (!ALLOWED.has(m[0])) found.push(`code ${m[0]}`);
  const dotted = DOTTED.exec(text);
  if (dotted) found.push(`key ${dotted[0]}`);
  return [...new Set(found)];
}

/** The console's routes as the sections declare them (a new page must be walked too). */
function consoleRoutes(): string[] {
  const files = [
    'admin/systemSections.tsx',
    ...fs
      .readdirSync(WEB_SRC)
      .filter((d) => fs.existsSync(path.join(WEB_SRC, d, 'sections.tsx')))
      .map((d) => `${d}/sections.tsx`),
  ];
  return files.flatMap((f) =>
    [...fs.readFileSync(path.join(WEB_SRC, f), 'utf8').matchAll(/path: '([^']+)'/g)].map(
      (m) => m[1] as string,
    ),
  );
}

/** The portal's routes as App.tsx declares them. */
function portalRoutes(): string[] {
  const app = fs.readFileSync(path.join(WEB_SRC, 'App.tsx'), 'utf8');
  return [...app.matchAll(/<Route (?:index|path="([^"/*][^"]*)")/g)].map((m) => m[1] ?? '');
}

describeWithBrowser('no codes or ids on any page', () => {
  let server: Server;
  let browser: Browser;
  let admin: ApiSession;
  let expert: ApiSession;
  let visitor: ApiSession;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await setupAdmin(server.baseUrl, server.setupUrl!);
    const office = await orgByName(admin, '自然资源部科普工作办公室');
    const museum = await orgByName(admin, '湖南省地质博物馆');
    const cags = await orgByName(admin, '中国地质科学院');
    await admin.call('POST', '/api/users', {
      username: 'wang.yan',
      displayName: '王研究员',
      password: PASSWORD,
      role: 'REVIEWER',
      organisationId: cags.id,
    });
    expert = new ApiSession(server.baseUrl);
    await expert.call('POST', '/api/auth/login', { username: 'wang.yan', password: PASSWORD });
    await expert.call('PUT', '/api/experts/me', { title: '研究员', sectors: ['GEOLOGY'] });
    const expertId = (await expert.call<{ user: { id: string } }>('GET', '/api/auth/me')).user.id;

    // Works: the demo's published ones, and a draft of our own.
    const works = await admin.call<{ items: { id: string; status: string }[] }>(
      'GET',
      '/api/works?pageSize=50',
    );
    const published = works.items.filter((w) => w.status === 'PUBLISHED');
    expect(published.length).toBeGreaterThan(1);
    ids.work = published[0]!.id;
    const draft = await admin.call<{ id: string }>('POST', '/api/works', {
      organisationId: office.id,
      type: 'PERIODICAL_ARTICLE',
      title: '走近地质灾害',
      summary: '认识滑坡、崩塌与泥石流。',
    });
    ids.draft = draft.id;

    // A published collection of two works.
    const col = await admin.call<{ id: string }>('POST', '/api/collections', {
      organisationId: office.id,
      kind: 'TOPIC',
      title: '防灾减灾专题',
      intro: '<p>地质灾害防治的科普作品。</p>',
    });
    await admin.call('PUT', `/api/collections/${col.id}/items`, {
      items: published.slice(0, 2).map((w) => ({ workId: w.id })),
    });
    await admin.call('POST', `/api/collections/${col.id}/publish`);
    ids.collection = col.id;

    // A call with a choice field whose values are codes, an application, an expert assigned.
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const call = await admin.call<{ id: string }>('POST', '/api/review-calls', {
      subjectKind: 'GENERAL',
      organisationId: office.id,
      title: '2026 年度科普场馆推荐',
      opensAt: today,
      closesAt: '2099-12-31',
      form: {
        fields: [
          {
            label: '基地类别',
            type: 'select',
            required: true,
            options: [
              { value: 'VENUE', label: '科普场馆类' },
              { value: 'SITE', label: '自然资源场景类' },
            ],
          },
          { label: '所在地区', type: 'division', minLevel: 3 },
        ],
        attachments: [],
      },
      rubric: [{ key: 'content', label: '科普内容', weight: 100, min: 0, max: 100 }],
      stages: [{ kind: 'EXPERT_REVIEW' }, { kind: 'DECISION' }],
      reviewersPerItem: 1,
    });
    ids.call = call.id;
    const form = await admin.call<{ form: { fields: { key: string }[] } }>(
      'GET',
      `/api/review-calls/${call.id}`,
    );
    const [categoryKey, regionKey] = form.form.fields.map((f) => f.key);
    await admin.call('POST', `/api/review-calls/${call.id}/open`);
    const item = await admin.call<{ id: string }>('POST', `/api/review-calls/${call.id}/items`, {
      organisationId: museum.id,
      title: '湖南省地质博物馆',
      data: { [categoryKey!]: 'VENUE', [regionKey!]: '430111' },
    });
    ids.item = item.id;
    await admin.call('POST', `/api/review-items/${item.id}/submit`);
    await admin.call('POST', `/api/review-items/${item.id}/assignments`, { reviewerId: expertId });
    const mine = await expert.call<{ id: string }[]>('GET', '/api/my/review-assignments');
    ids.assignment = mine[0]!.id;

    // The demo world's bases and its closed call's notice (公示), walked as the public sees them.
    const bases = await admin.call<{ items: { id: string }[] }>('GET', '/api/public/bases');
    ids.base = bases.items[0]!.id;
    // An activity of the museum (a draft); the pages walk a published one of the demo (below).
    const draftActivity = await admin.call<{ id: string }>('POST', '/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title: '岩石里的亿万年',
      audiences: ['GENERAL_PUBLIC'],
      address: '长沙市岳麓区 湖南省地质博物馆',
      sessions: [{ startsAt: '2099-05-01T01:30:00.000Z', endsAt: '2099-05-01T03:30:00.000Z' }],
    });
    ids.draftActivity = draftActivity.id;
    const past = await admin.call<{ items: { id: string }[] }>(
      'GET',
      '/api/public/review-notices/past',
    );
    ids.notice = past.items[0]!.id;
    // A one-time reset link (the page reads the token after #), walked signed out.
    const link = await admin.call<{ url: string }>('POST', `/api/users/${expertId}/reset-link`);
    const url = new URL(link.url);
    ids.resetLink = `${url.pathname}${url.hash}`;

    // A portal visitor with an account.
    const res = await registerPerson(server.baseUrl, {
      username: 'reader.li',
      password: PASSWORD,
      displayName: '李读者',
    });
    expect(res.status).toBe(201);
    visitor = new ApiSession(server.baseUrl);
    await visitor.call('POST', '/api/auth/login', { username: 'reader.li', password: PASSWORD });

    // The demo world's approved 李四光中队.
    const squads = await admin.call<{ items: { id: string; status: string }[] }>(
      'GET',
      '/api/squads?status=APPROVED',
    );
    ids.squad = squads.items[0]!.id;
    // The demo world's experts with a public page (the directory and the portal's page).
    const experts = await admin.call<{ items: { id: string }[] }>('GET', '/api/public/experts');
    ids.expert = experts.items[0]!.id;
    // The demo world's open-day facilities (all on the portal).
    const facilities = await admin.call<{ items: { id: string }[] }>('GET', '/api/facilities');
    ids.facility = facilities.items[0]!.id;

    // The demo world's activities: one page, and the visitor's ticket for one with places.
    const acts = await visitor.call<{ items: { id: string; placesLeft: number | null }[] }>(
      'GET',
      '/api/public/activities?pageSize=50',
    );
    const open = acts.items.find((a) => a.placesLeft === null || a.placesLeft > 0)!;
    ids.activity = open.id;
    const activity = await visitor.call<{ sessions: { id: string; startsAt: string }[] }>(
      'GET',
      `/api/public/activities/${open.id}`,
    );
    const next = activity.sessions.find((x) => Date.parse(x.startsAt) > Date.now())!;
    ids.ticket = (
      await visitor.call<{ id: string }>('POST', `/api/activities/${open.id}/registrations`, {
        sessionId: next.id,
      })
    ).id;

    // The demo world's training course (the portal's page, the organiser's page and editor).
    const courses = await admin.call<{ items: { id: string }[] }>('GET', '/api/training/courses');
    ids.training = courses.items[0]!.id;
    // The demo world's open hotspot alert (热点预警).
    const alerts = await admin.call<{ items: { id: string }[] }>('GET', '/api/hotspots/alerts');
    ids.hotspot = alerts.items[0]!.id;

    // The demo world's past response in Sichuan (its board).
    const incidents = await admin.call<{ items: { id: string }[] }>('GET', '/api/incidents');
    ids.incident = incidents.items[0]!.id;
    // The demo world's published debunks (the portal's page and the console's editor).
    const debunks = await admin.call<{ items: { id: string }[] }>('GET', '/api/public/debunks');
    ids.debunk = debunks.items[0]!.id;

    // A certificate of the visitor's (我的证书, and its verification page).
    const visitorId = (await visitor.call<{ user: { id: string } }>('GET', '/api/auth/me')).user.id;
    ids.certificate = (
      await admin.call<{ code: string }>('POST', '/api/certificates', {
        kind: 'AWARD',
        holderId: visitorId,
        organisationId: office.id,
        title: '科普讲解大赛一等奖',
        lines: ['在全国自然资源科普讲解大赛中荣获一等奖'],
      })
    ).code;
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Fills a route's parameters with the seeded rows. */
  function fill(route: string): string | null {
    const byRoute: Record<string, string> = {
      'works/:id': `works/${ids.work}`,
      'works/:id/edit': `works/${ids.draft}/edit`,
      'collections/:id': `collections/${ids.collection}`,
      'reviews/:id': `reviews/${ids.call}`,
      'reviews/:id/apply': `reviews/${ids.call}/apply`,
      'review-items/:id': `review-items/${ids.item}`,
      'review-items/:itemId/edit': `review-items/${ids.item}/edit`,
      'my-reviews/:id': `my-reviews/${ids.assignment}`,
      'notices/:id': `notices/${ids.notice}`,
      'bases/:id': `bases/${ids.base}`,
      'calls/:id': `calls/${ids.call}`,
      search: `search?q=${encodeURIComponent('地质')}`,
      'activities/:id': `activities/${ids.activity}`,
      'me/tickets/:id': `me/tickets/${ids.ticket}`,
      'activities/:id/registrations': `activities/${ids.activity}/registrations`,
      'squads/:id': `squads/${ids.squad}`,
      'facilities/:id': `facilities/${ids.facility}`,
      'activities/feedback': 'activities/feedback',
      'check-in': `check-in?activity=${ids.activity}`,
      'verify/:code': `verify/${ids.certificate}`,
      'experts/:userId': `experts/${ids.expert}`,
      'experts/:id': `experts/${ids.expert}`,
      'training/:id': `training/${ids.training}`,
      'training/:id/edit': `training/${ids.training}/edit`,
      'incidents/:id': `incidents/${ids.incident}`,
      'regions/:code': 'regions/510000',
      'debunks/:id': `debunks/${ids.debunk}`,
      'hotspots/:id': `hotspots/${ids.hotspot}`,
      // No mail server here, so no invitation link: the page as an unknown link shows it.
      'join/expert/:token': `join/expert/${'x'.repeat(43)}`,
    };
    if (route in byRoute) return byRoute[route] || null;
    return route.includes(':') ? 'UNFILLED' : route;
  }

  async function walk(
    session: ApiSession,
    lang: 'zh-CN' | 'en-US',
    paths: string[],
    name: string,
  ): Promise<string[]> {
    context = await newContext(browser, server.baseUrl);
    await context.addCookies(session.cookieList(server.baseUrl));
    await context.addInitScript((l) => localStorage.setItem('kepu.lang', l), lang);
    page = await context.newPage();
    screenshotOnFailure(() => page, `no-codes-${name}-${lang}`);
    const problems: string[] = [];
    for (const p of paths) {
      await page.goto(p);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page!.locator('.ant-spin-spinning, .page-loading').count()).toBe(0);
      // Read again while something shows a code: a label may still be arriving.
      let found: string[] = [];
      for (let i = 0; i < 10; i++) {
        const text = await page.evaluate(() => document.body.innerText);
        found = leaks(text).filter((l) => !(p in CODES_SHOWN && CODES_SHOWN[p]!.test(l)));
        if (found.length === 0) break;
        await page.waitForTimeout(500);
      }
      for (const leak of found) problems.push(`${lang} ${p}: ${leak}`);
      try {
        await expectNoAxeViolations(page, `${lang} ${p}`);
      } catch {
        problems.push(`${lang} ${p}: axe violations (listed above)`);
      }
    }
    await context.close();
    context = undefined;
    return problems;
  }

  it('declares no route this walk cannot fill', () => {
    const unfilled = [...consoleRoutes(), ...portalRoutes()].filter((r) => fill(r) === 'UNFILLED');
    expect(unfilled).toEqual([]);
  });

  for (const lang of ['zh-CN', 'en-US'] as const) {
    it(`the console as the platform office and as an expert, in ${lang}`, async () => {
      const office = consoleRoutes()
        .filter((r) => !r.startsWith('my-reviews') && r !== 'expert-profile')
        .map(fill)
        .filter((r): r is string => r !== null)
        .map((r) => `/admin/${r}`);
      const asExpert = ['my-reviews', `my-reviews/${ids.assignment}`, 'expert-profile'].map(
        (r) => `/admin/${r}`,
      );
      const problems = [
        ...(await walk(
          admin,
          lang,
          ['/admin', ...office, '/admin/experts?tab=invitations'],
          'office',
        )),
        ...(await walk(expert, lang, asExpert, 'expert')),
      ];
      expect(problems).toEqual([]);
    }, 600_000);

    it(`the portal as a signed-in visitor, in ${lang}`, async () => {
      const paths = portalRoutes()
        .map(fill)
        .filter((r): r is string => r !== null)
        // Signed in, these pages send the visitor on; they are walked signed out below.
        .filter((r) => !['login', 'register', 'forgot-password', 'reset-password'].includes(r))
        .map((r) => `/${r}`);
      const problems = [
        ...(await walk(visitor, lang, paths, 'visitor')),
        ...(await walk(
          new ApiSession(server.baseUrl),
          lang,
          ['/login', '/register', '/forgot-password', ids.resetLink!, '/reset-password'],
          'anonymous',
        )),
      ];
      expect(problems).toEqual([]);
    }, 600_000);
  }
});
