import type { Role } from '#platform/policy.ts';
import {
  Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  type Dialect,
  PASSWORD,
  type TestEnv,
  uniqueName,
} from '../helpers.ts';

/**
 * The world of the access matrix: every actor, on targets inside organisation A's subtree. B is
 * another unit (its admin is `foreignOrgAdmin`); C applies to calls organised by A.
 */
export const ACTORS = [
  'anonymous',
  'public',
  'member',
  'editor',
  'reviewer',
  'orgAdmin',
  'foreignOrgAdmin',
  'platformAdmin',
] as const;
export type ActorName = (typeof ACTORS)[number];
export const STAFF_OF_A: ActorName[] = [
  'member',
  'editor',
  'reviewer',
  'orgAdmin',
  'platformAdmin',
];
export const SIGNED_IN: ActorName[] = ACTORS.filter((a) => a !== 'anonymous');
export const ADMINS_OF_A: ActorName[] = ['orgAdmin', 'platformAdmin'];

/** One request of a row, made for one actor. */
export interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** Raw bytes for an upload (POST as application/octet-stream). */
  upload?: Buffer;
}

/**
 * One row of the matrix: a route (`METHOD /url`, with a case in brackets for a cross-scope row),
 * the actors it lets through, and the request each actor makes (its target built afresh).
 */
export interface Row {
  name: string;
  allowed: ActorName[];
  make: (actor: ActorName) => Promise<Call>;
}

/** A module's rows, built when the file is collected; `make` runs after `World.build`. */
export type RouteTable = (w: World) => Row[];

/** Today in China (UTC+8), as calls and notices date it. */
export const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const STEPS = [
  'SUBMITTED',
  'RECOMMENDED',
  'FORMAL_PASSED',
  'UNDER_REVIEW',
  'REVIEWED',
  'ACCEPTED',
] as const;
export type ItemStep = (typeof STEPS)[number];

/**
 * The actors and organisations of one database, and the factories every table shares. Fields are
 * set by `build` (in `beforeAll`); rows read them inside `make`, never when the table is built.
 */
export class World {
  env!: TestEnv;
  /** The fixture admin: a platform administrator who builds targets and is no actor. */
  admin!: Agent;
  orgA!: { id: string };
  orgB!: { id: string };
  orgC!: { id: string };
  /** A reviewer of B who checks the fixtures' works (so A's reviewer stays an actor only). */
  fixtureReviewer!: Agent;
  readonly agents = {} as Record<ActorName, Agent>;
  readonly ids = {} as Record<ActorName, string>;

  /** Builds the database, the organisations and one signed-in agent per actor. */
  async build(dialect: Dialect): Promise<void> {
    // A mail server is named (expert invitations need one) but never reached: no job runs here.
    this.env = await createTestEnv(dialect, { KEPU_SMTP_URL: 'smtp://127.0.0.1:9' });
    const pa = await buildPlatformAdmin(this.env);
    this.admin = pa.agent;
    this.orgA = await buildOrganisation(this.admin, this.env.rootId, { name: '矩阵甲单位' });
    this.orgB = await buildOrganisation(this.admin, this.env.rootId, { name: '矩阵乙单位' });
    this.agents.anonymous = new Agent(this.env.app);
    const pub = await buildPublicUser(this.env);
    this.agents.public = pub.agent;
    this.ids.public = pub.userId;
    const roles: [ActorName, Role, { id: string }][] = [
      ['member', 'MEMBER', this.orgA],
      ['editor', 'EDITOR', this.orgA],
      ['reviewer', 'REVIEWER', this.orgA],
      ['orgAdmin', 'ORG_ADMIN', this.orgA],
      ['foreignOrgAdmin', 'ORG_ADMIN', this.orgB],
    ];
    for (const [name, role, org] of roles) {
      const u = await buildUserWithRole(this.env, this.admin, role, org.id);
      this.agents[name] = u.agent;
      this.ids[name] = u.userId;
    }
    this.fixtureReviewer = (
      await buildUserWithRole(this.env, this.admin, 'REVIEWER', this.orgB.id)
    ).agent;
    this.orgC = await buildOrganisation(this.admin, this.env.rootId, { name: '矩阵丙单位' });
    // The platform admin acting in the matrix is a second one, so `admin` keeps building fixtures.
    const second = await buildPlatformAdmin(this.env);
    this.agents.platformAdmin = second.agent;
    this.ids.platformAdmin = second.userId;
  }

  /** A member of B, created by the platform admin. */
  async userInB(): Promise<string> {
    const res = await this.admin.post<{ id: string }>('/api/users', {
      username: uniqueName('b'),
      password: PASSWORD,
      displayName: '乙单位成员',
      role: 'MEMBER',
      organisationId: this.orgB.id,
    });
    return res.body.id;
  }

  /** A draft in A, created by `author` (the actor itself, when it may create works there). */
  async draftInA(author?: ActorName): Promise<{ id: string }> {
    const creatorAgent =
      author && ['member', 'editor', 'orgAdmin', 'platformAdmin'].includes(author)
        ? this.agents[author]
        : this.admin;
    const res = await creatorAgent.post<{ id: string }>('/api/works', {
      organisationId: this.orgA.id,
      type: 'GRAPHIC',
      title: '矩阵草稿',
    });
    if (res.status !== 201) throw new Error(`draft: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A work in A brought to `status` by the fixture admin and the fixture reviewer. */
  async workInA(status: 'SUBMITTED' | 'CHECKED' | 'PUBLISHED'): Promise<{ id: string }> {
    const w = await this.draftInA();
    await this.admin.post(`/api/works/${w.id}/submit`);
    if (status === 'SUBMITTED') return w;
    await this.fixtureReviewer.post(`/api/works/${w.id}/check`, { decision: 'PASSED' });
    if (status === 'CHECKED') return w;
    await this.admin.post(`/api/works/${w.id}/publish`);
    return w;
  }

  // ——— Review engine: calls organised by A; applications of C (no conflict with A's reviewer). ———

  /** The body of a call organised by A, through every stage, one reviewer an application. */
  callBody(): Record<string, unknown> {
    return {
      subjectKind: 'GENERAL',
      organisationId: this.orgA.id,
      title: '矩阵征集',
      opensAt: TODAY,
      closesAt: '2099-12-31',
      form: { fields: [], attachments: [] },
      rubric: [{ key: 'content', label: '内容', weight: 1, min: 0, max: 100 }],
      stages: ['RECOMMENDATION', 'FORMAL_CHECK', 'EXPERT_REVIEW', 'DECISION', 'PUBLIC_NOTICE'].map(
        (kind) => ({ kind }),
      ),
      reviewersPerItem: 1,
    };
  }

  /** A draft call organised by A (`extra` overrides the body). */
  async draftCall(extra: Record<string, unknown> = {}): Promise<string> {
    const r = await this.admin.post<{ id: string }>('/api/review-calls', {
      ...this.callBody(),
      ...extra,
    });
    if (r.status !== 201) throw new Error(`call: ${JSON.stringify(r.body)}`);
    return r.body.id;
  }

  /** An open call organised by A. */
  async openCall(extra: Record<string, unknown> = {}): Promise<string> {
    const id = await this.draftCall(extra);
    await this.admin.post(`/api/review-calls/${id}/open`);
    return id;
  }

  /** An application of C brought to `status` by the fixture admin (reviewed by A's reviewer). */
  async itemAt(
    status: ItemStep,
    withFiles?: { form: unknown; attachments: Record<string, string[]> },
  ): Promise<{ id: string; callId: string }> {
    const { admin, agents } = this;
    const callId = await this.openCall(withFiles ? { form: withFiles.form } : {});
    const r = await admin.post<{ id: string }>(`/api/review-calls/${callId}/items`, {
      organisationId: this.orgC.id,
      title: '矩阵申报',
      ...(withFiles ? { attachments: withFiles.attachments } : {}),
    });
    const id = r.body.id;
    const step = async (res: Promise<{ status: number; body: unknown }>) => {
      const x = await res;
      if (x.status >= 300) throw new Error(`step: ${JSON.stringify(x.body)}`);
      return x;
    };
    const reach = (s: ItemStep) => STEPS.indexOf(status) >= STEPS.indexOf(s);
    await step(admin.post(`/api/review-items/${id}/submit`));
    if (reach('RECOMMENDED'))
      await step(admin.post(`/api/review-items/${id}/recommend`, { recommend: true }));
    if (reach('FORMAL_PASSED'))
      await step(admin.post(`/api/review-items/${id}/formal-check`, { passed: true }));
    if (reach('UNDER_REVIEW'))
      await step(
        admin.post(`/api/review-items/${id}/assignments`, { reviewerId: this.ids.reviewer }),
      );
    if (reach('REVIEWED')) {
      const mine = await agents.reviewer.get<{ id: string; itemId: string }[]>(
        '/api/my/review-assignments',
      );
      const a = mine.body.find((x) => x.itemId === id)!;
      await step(
        agents.reviewer.post(`/api/review-assignments/${a.id}/score`, { scores: { content: 80 } }),
      );
      await step(admin.post(`/api/review-calls/${callId}/rounds/close`));
    }
    if (reach('ACCEPTED'))
      await step(
        admin.post(`/api/review-items/${id}/decide`, { decision: 'ACCEPT', reason: '矩阵' }),
      );
    return { id, callId };
  }
}
