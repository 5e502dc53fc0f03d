import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import ical from 'node-ical';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/platform/jobs/runner.ts';
import {
  type Agent,
  buildOrganisation,
  buildPlatformAdmin,
  buildPublicUser,
  buildUserWithRole,
  createTestEnv,
  DIALECTS,
  type TestEnv,
} from './helpers.ts';

/** A real SMTP server in this process: what it receives, parsed. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          done();
        },
        (e: Error) => done(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A time `days` from now at hh:mm China time, as an ISO instant. */
const at = (days: number, hh: number, mm = 0) => {
  const d = new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);
  return new Date(
    `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`,
  ).toISOString();
};

describe.each(DIALECTS)('ticket e-mails with an .ics on %s', (dialect) => {
  let env: TestEnv;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let museum: { id: string };
  let editor: Agent;

  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv(dialect, {
      KEPU_SMTP_URL: smtp.url,
      KEPU_PUBLIC_URL: 'https://kepu.example.cn',
      KEPU_MAIL_FROM: '科普平台 <kepu@example.cn>',
    });
    const admin = (await buildPlatformAdmin(env)).agent;
    museum = await buildOrganisation(admin, env.rootId, { type: 'BASE_HOST', name: '地质博物馆' });
    editor = (await buildUserWithRole(env, admin, 'EDITOR', museum.id)).agent;
  }, 60_000);
  afterAll(async () => {
    await env.close();
    await smtp.close();
  });

  const sendMail = () =>
    runDueJobs(
      { db: env.handle.db, dialect: env.handle.dialect, config: env.config },
      { names: ['notify.email'], schedules: false },
    );
  async function personWithEmail(email: string | null) {
    const p = await buildPublicUser(env);
    if (email) expect((await p.agent.patch('/api/me', { email })).status).toBe(200);
    return p;
  }
  async function activity(title: string, session: Record<string, unknown>) {
    const r = await editor.post<{ id: string; sessions: { id: string }[] }>('/api/activities', {
      organisationId: museum.id,
      typeCode: 'LECTURE',
      title,
      address: '长沙市岳麓区 湖南省地质博物馆',
      sessions: [session],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await editor.post(`/api/activities/${r.body.id}/publish`)).status).toBe(200);
    return r.body;
  }
  /** The mail to `to`, its .ics attachment and the attachment's one event, parsed. */
  function ticketMail(to: string) {
    const ics = (m: ParsedMail) =>
      m.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const mine = smtp.received.filter((m) => JSON.stringify(m.to).includes(to));
    expect(mine.length, `a mail to ${to}`).toBeGreaterThan(0);
    const mail = mine.find((m) => ics(m));
    expect(mail, 'a mail with an .ics attachment').toBeDefined();
    const att = ics(mail!);
    expect(att!.filename).toMatch(/\.ics$/);
    const text = att!.content.toString('utf8');
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT');
    expect(events).toHaveLength(1);
    return { mail: mail!, text, event: events[0] as { start: Date; end: Date; summary: string } };
  }

  it('a place confirmed at once: the ticket by e-mail with the session as an .ics (Asia/Shanghai)', async () => {
    const a = await activity('岩石里的亿万年', {
      startsAt: at(10, 9, 30),
      endsAt: at(10, 11, 30),
      capacity: 5,
    });
    const p = await personWithEmail('rock@example.cn');
    const noMail = await personWithEmail(null);
    const r = await p.agent.post<{ id: string; status: string; ticketCode: string }>(
      `/api/activities/${a.id}/registrations`,
      {},
    );
    expect(r.body.status).toBe('CONFIRMED');
    expect(
      (await noMail.agent.post<{ status: string }>(`/api/activities/${a.id}/registrations`, {}))
        .body.status,
    ).toBe('CONFIRMED');
    const before = smtp.received.length;
    await sendMail();
    expect(smtp.received.length).toBe(before + 1); // the one without an address gets none
    const { mail, text, event } = ticketMail('rock@example.cn');
    expect(mail.subject).toBe('「岩石里的亿万年」报名成功：电子票');
    expect(mail.text).toContain(`票码：${r.body.ticketCode}`);
    expect(mail.text).toContain(`https://kepu.example.cn/me/tickets/${r.body.id}`);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:');
    expect(text).toMatch(/DTSTART;TZID=Asia\/Shanghai:\d{8}T093000/);
    expect(event.start.toISOString()).toBe(at(10, 9, 30));
    expect(event.end.toISOString()).toBe(at(10, 11, 30));
    expect(event.summary).toBe('岩石里的亿万年');
    // The inbox has it too, leading to the printable ticket.
    const inbox = await noMail.agent.get<{ items: { kind: string; link: string }[] }>(
      '/api/me/notifications',
    );
    expect(inbox.body.items.find((n) => n.kind === 'activity.ticket')?.link).toMatch(
      /^\/me\/tickets\//,
    );
  });

  it('by the host’s approval, and by taking a place offered from the waiting list', async () => {
    const approval = await activity('实验室开放日', {
      startsAt: at(12, 14),
      endsAt: at(12, 16),
      capacity: 5,
      approvalRequired: true,
    });
    const teacher = await personWithEmail('teacher@example.cn');
    const r = await teacher.agent.post<{ id: string; status: string }>(
      `/api/activities/${approval.id}/registrations`,
      {},
    );
    expect(r.body.status).toBe('PENDING_APPROVAL');
    await sendMail();
    expect(smtp.received.some((m) => JSON.stringify(m.to).includes('teacher@'))).toBe(false);
    expect((await editor.post(`/api/registrations/${r.body.id}/approve`, {})).status).toBe(200);
    await sendMail();
    const approved = ticketMail('teacher@example.cn');
    // The decision and the ticket: two mails, the ticket's with the calendar.
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes('teacher@'))).toHaveLength(2);
    expect(approved.mail.subject).toBe('「实验室开放日」报名成功：电子票');
    expect(approved.event.start.toISOString()).toBe(at(12, 14));

    const full = await activity('野外地质考察', {
      startsAt: at(14, 8),
      endsAt: at(14, 17),
      capacity: 1,
    });
    const first = await personWithEmail('first@example.cn');
    const waiting = await personWithEmail('waiting@example.cn');
    const f = await first.agent.post<{ id: string }>(
      `/api/activities/${full.id}/registrations`,
      {},
    );
    const w = await waiting.agent.post<{ id: string; status: string }>(
      `/api/activities/${full.id}/registrations`,
      {},
    );
    expect(w.body.status).toBe('WAITLISTED');
    expect((await first.agent.post(`/api/registrations/${f.body.id}/cancel`)).status).toBe(200);
    await sendMail();
    // Offered, not yet a ticket: the offer mail has no calendar attached.
    const offer = smtp.received.filter((m) => JSON.stringify(m.to).includes('waiting@'));
    expect(offer).toHaveLength(1);
    expect(offer[0]!.attachments).toHaveLength(0);
    expect((await waiting.agent.post(`/api/registrations/${w.body.id}/confirm`)).status).toBe(200);
    await sendMail();
    const tickets = smtp.received.filter(
      (m) => JSON.stringify(m.to).includes('waiting@') && m.attachments.length > 0,
    );
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.subject).toBe('「野外地质考察」报名成功：电子票');
    const ics = tickets[0]!.attachments[0]!.content.toString('utf8');
    const ev = Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === 'VEVENT') as {
      start: Date;
      uid: string;
    };
    expect(ev.start.toISOString()).toBe(at(14, 8));
    expect(ev.uid).toBe(`${full.sessions[0]!.id}@kepu`);
  });
});
