import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordlessUserRow } from '../src/modules/users/repo.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { newId, nowIso } from '../src/platform/ids.ts';
import {
  Agent,
  buildCallOrganisations,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  PASSWORD,
  type TestEnv,
} from './helpers.ts';

type Err = {
  error: { code: string; details?: { fields?: { field: string; message: string }[] } };
};
type Me = {
  volunteer: null | {
    skills: string[];
    regions: { code: string; name: string }[];
    guardianConsent: boolean;
    hosts: { id: string; organisationId: string; status: string }[];
  };
  isMinor: boolean;
};
type App = {
  id: string;
  userId: string;
  status: string;
  canDecide: boolean;
  emergencyContact: { phone: string } | null;
};

const REGISTRATION = {
  skills: ['讲解', '摄影'],
  availability: { weekdays: false, weekends: true, holidays: true, note: '周六上午' },
  regions: ['430100'],
  emergencyContact: { name: '张母', phone: '13800000000' },
};

/** A person signed in with no password, born in `birthYear` (no guardian on the account). */
async function personBorn(env: TestEnv, birthYear: number, name = '志愿者') {
  const row = passwordlessUserRow({
    id: newId(),
    username: `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`,
    displayName: name,
    at: nowIso(),
    birthYear,
  });
  await env.handle.db.insertInto('users').values(row).execute();
  const s = await createSession(env.handle.db, env.config, {
    userId: row.id,
    mfaPassed: true,
    ip: null,
    userAgent: null,
  });
  const agent = new Agent(env.app);
  agent.cookie = `kepu_sid=${s.token}`;
  agent.csrf = s.csrfToken;
  return { agent, userId: row.id };
}

describe.each(DIALECTS)('volunteers: registration and verification, on %s', (dialect) => {
  let env: TestEnv;
  let admin: Agent;
  let orgs: Awaited<ReturnType<typeof buildCallOrganisations>>;
  let sibling: { id: string };
  let museumAdmin: Agent;
  let museumEditor: Agent;
  let hunanAdmin: Agent;
  let sichuanAdmin: Agent;
  let siblingAdmin: Agent;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    admin = (await buildPlatformAdmin(env)).agent;
    orgs = await buildCallOrganisations(env, admin);
    sibling = await buildOrganisation(admin, orgs.hunan.id, {
      type: 'BASE_HOST',
      name: '湖南省自然博物馆',
    });
    museumAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.museum.id)).agent;
    museumEditor = (await buildUserWithRole(env, admin, 'EDITOR', orgs.museum.id)).agent;
    hunanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.hunan.id)).agent;
    sichuanAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', orgs.sichuan.id)).agent;
    siblingAdmin = (await buildUserWithRole(env, admin, 'ORG_ADMIN', sibling.id)).agent;
  }, 60_000);
  afterAll(() => env.close());

  it('registers an adult, asks the host, and tells its administrators', async () => {
    const p = await buildPublicUser(env);
    expect((await p.agent.get<Me>('/api/me/volunteer')).body.volunteer).toBeNull();
    const res = await p.agent.put<Me>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.volunteer!.skills).toEqual(['讲解', '摄影']);
    expect(res.body.volunteer!.regions[0]!.name).toContain('长沙');
    expect(res.body.volunteer!.hosts.map((h) => h.status)).toEqual(['PENDING']);
    // Asking again (another host added) keeps the first application as it is.
    const again = await p.agent.put<Me>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id, sibling.id],
    });
    expect(again.body.volunteer!.hosts).toHaveLength(2);
    expect(again.body.volunteer!.hosts[0]!.id).toBe(res.body.volunteer!.hosts[0]!.id);
    const told = await env.handle.db
      .selectFrom('notifications')
      .select(['userId', 'kind'])
      .where('kind', '=', 'volunteer.applied')
      .execute();
    expect(told.length).toBeGreaterThanOrEqual(2); // the museum's and the sibling's administrators
    // A host that does not exist is named.
    const bad = await p.agent.put<Err>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [newId()],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details!.fields!.map((f) => f.field)).toEqual(['hostIds']);
  });

  it('takes a minor only with a guardian’s consent, naming the field', async () => {
    const kid = await personBorn(env, new Date().getUTCFullYear() - 15, '少年志愿者');
    const refused = await kid.agent.put<Err>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details!.fields!.map((f) => f.field)).toEqual([
      'guardian.name',
      'guardian.contact',
      'guardian.consent',
    ]);
    expect(refused.body.error.details!.fields![2]!.message).toContain('监护人同意');
    const noTick = await kid.agent.put<Err>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
      guardian: { name: '王父', contact: '13900000000', consent: false },
    });
    expect(noTick.body.error.details!.fields!.map((f) => f.field)).toEqual(['guardian.consent']);
    expect(
      await env.handle.db
        .selectFrom('volunteers')
        .select('userId')
        .where('userId', '=', kid.userId)
        .execute(),
    ).toEqual([]);
    const ok = await kid.agent.put<Me>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
      guardian: { name: '王父', contact: '13900000000', consent: true },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.isMinor).toBe(true);
    expect(ok.body.volunteer!.guardianConsent).toBe(true);
    // The guardian's name is in the audit's erasable part, not in its detail.
    const audit = await env.handle.db
      .selectFrom('auditLog')
      .select(['detail'])
      .where('action', '=', 'volunteer.register')
      .where('entityId', '=', kid.userId)
      .executeTakeFirstOrThrow();
    expect(audit.detail).not.toContain('王父');
    // A minor whose account holds the guardian's consent (given at sign-up) needs nothing more.
    const withAccount = new Agent(env.app);
    const reg = await withAccount.post('/api/auth/register', {
      username: `kid${Date.now().toString(36)}`,
      password: PASSWORD,
      displayName: '小志愿者',
      birthYear: new Date().getUTCFullYear() - 12,
      consent: { privacyVersion: 1, termsVersion: 1 },
      guardian: { name: '李母', contact: '13700000000', consent: true },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const accepted = await withAccount.put<Me>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('lets only the host’s own administrator verify, and tells the volunteer', async () => {
    const p = await buildPublicUser(env);
    const me = await p.agent.put<Me>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [orgs.museum.id],
    });
    const id = me.body.volunteer!.hosts[0]!.id;
    // Lists: the museum's administrator sees it (with the emergency contact); nobody else does.
    const list = await museumAdmin.get<{ items: App[] }>(
      '/api/volunteer-applications?status=PENDING',
    );
    const mine = list.body.items.find((a) => a.id === id)!;
    expect(mine.canDecide).toBe(true);
    expect(mine.emergencyContact!.phone).toBe('13800000000');
    for (const other of [hunanAdmin, sichuanAdmin, siblingAdmin, museumEditor, admin]) {
      const l = await other.get<{ items: App[] }>('/api/volunteer-applications');
      expect(l.status).toBe(200);
      expect(l.body.items.map((a) => a.id)).not.toContain(id);
    }
    // Deciding: the unit above, the museum's editor and a platform admin are refused (403);
    // another province and a sibling do not learn it exists (404); a public person is 404.
    const body = { verify: true, note: '' };
    expect((await hunanAdmin.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(
      403,
    );
    expect((await museumEditor.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(
      403,
    );
    expect((await admin.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(403);
    expect((await sichuanAdmin.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(
      404,
    );
    expect((await siblingAdmin.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(
      404,
    );
    expect((await p.agent.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(404);
    const ok = await museumAdmin.post<App>(`/api/volunteer-applications/${id}/decide`, body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('VERIFIED');
    // Twice: the second is a conflict.
    expect((await museumAdmin.post(`/api/volunteer-applications/${id}/decide`, body)).status).toBe(
      409,
    );
    const told = await env.handle.db
      .selectFrom('notifications')
      .select(['title'])
      .where('kind', '=', 'volunteer.decided')
      .where('userId', '=', p.userId)
      .execute();
    expect(told.map((t) => t.title)).toEqual(['湖南省地质博物馆已确认您为科普志愿者']);
    expect((await p.agent.get<Me>('/api/me/volunteer')).body.volunteer!.hosts[0]!.status).toBe(
      'VERIFIED',
    );
  });

  it('exports the registration and erases it with the account', async () => {
    const p = await buildPublicUser(env);
    await p.agent.put('/api/me/volunteer', { ...REGISTRATION, hostIds: [orgs.museum.id] });
    const exp = await p.agent.get<{
      sections: { module: string; title: string; items: { label: string; value: unknown }[][] }[];
    }>('/api/me/export');
    const sec = exp.body.sections.filter((s) => s.module === 'volunteers');
    expect(sec.map((s) => s.title)).toEqual(['科普志愿者登记', '服务单位', '志愿服务时长']);
    expect(JSON.stringify(sec[0]!.items)).toContain('张母 13800000000');
    expect(JSON.stringify(sec[0]!.items)).toContain('周末、节假日、周六上午');
    expect(JSON.stringify(sec[1]!.items)).toContain('待审核');
    expect((await p.agent.del('/api/me', { password: PASSWORD })).status).toBe(200);
    const left = await env.handle.db
      .selectFrom('volunteerHosts')
      .select('id')
      .where('userId', '=', p.userId)
      .execute();
    expect(left).toEqual([]);
    expect(
      await env.handle.db
        .selectFrom('volunteers')
        .select('userId')
        .where('userId', '=', p.userId)
        .execute(),
    ).toEqual([]);
  });
});
