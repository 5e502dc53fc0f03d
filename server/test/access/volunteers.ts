import { buildPublicUser } from '../helpers.ts';
import { type Row, SIGNED_IN, type World } from './world.ts';

const REGISTRATION = {
  skills: ['讲解'],
  availability: { weekdays: true, weekends: false, holidays: false, note: '' },
  regions: [],
  emergencyContact: { name: '矩阵联系人', phone: '13800000000' },
};

/**
 * 科普志愿者: anyone signed in registers and asks a host; a host's applications are listed to
 * and decided by exactly that organisation's administrators (A's orgAdmin) — not a platform
 * admin, not B's administrator, not A's editor.
 */
export function volunteersTable(w: World): Row[] {
  async function application() {
    const p = await buildPublicUser(w.env);
    const r = await p.agent.put<{ volunteer: { hosts: { id: string }[] } }>('/api/me/volunteer', {
      ...REGISTRATION,
      hostIds: [w.orgA.id],
    });
    if (r.status !== 200) throw new Error(`volunteer: ${JSON.stringify(r.body)}`);
    return r.body.volunteer.hosts[0]!.id;
  }
  return [
    {
      name: 'GET /api/me/volunteer',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/volunteer' }),
    },
    {
      name: 'PUT /api/me/volunteer',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'PUT',
        url: '/api/me/volunteer',
        body: { ...REGISTRATION, hostIds: [w.orgA.id] },
      }),
    },
    {
      name: 'GET /api/volunteers/hosts',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/volunteers/hosts?q=%E7%9F%A9%E9%98%B5' }),
    },
    {
      name: 'GET /api/volunteer-applications',
      allowed: SIGNED_IN.filter((a) => a !== 'public'),
      make: async () => ({ method: 'GET', url: '/api/volunteer-applications' }),
    },
    {
      name: 'POST /api/volunteer-applications/:id/decide',
      allowed: ['orgAdmin'],
      make: async () => ({
        method: 'POST',
        url: `/api/volunteer-applications/${await application()}/decide`,
        body: { verify: true, note: '' },
      }),
    },
  ];
}
