import { ACTORS, type Row, SIGNED_IN, type World } from './world.ts';

/** The portal's footer details and contact page, and the working calendar. */
export function siteTable(w: World): Row[] {
  let day = 1;
  /** A fresh date each request, so a delete always has its own day to remove. */
  const nextDate = () => `2040-03-${String(day++).padStart(2, '0')}`;
  return [
    {
      name: 'GET /api/site-info',
      allowed: [...ACTORS],
      make: async () => ({ method: 'GET', url: '/api/site-info' }),
    },
    {
      name: 'PUT /api/site-info',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: '/api/site-info',
        body: {
          icpNumber: '京ICP备00000000号',
          psbNumber: '',
          contact: {
            organisation: '科普工作办公室',
            address: '',
            postcode: '',
            phone: '010-00000000',
            email: '',
            hours: '',
          },
        },
      }),
    },
    {
      name: 'GET /api/calendar-days',
      allowed: ['platformAdmin'],
      make: async () => ({ method: 'GET', url: '/api/calendar-days?year=2040' }),
    },
    {
      name: 'PUT /api/calendar-days/:date',
      allowed: ['platformAdmin'],
      make: async () => ({
        method: 'PUT',
        url: `/api/calendar-days/${nextDate()}`,
        body: { kind: 'HOLIDAY', name: '矩阵假日' },
      }),
    },
    {
      name: 'DELETE /api/calendar-days/:date',
      allowed: ['platformAdmin'],
      make: async () => {
        const date = nextDate();
        await w.admin.put(`/api/calendar-days/${date}`, { kind: 'WORKDAY', name: '矩阵调休' });
        return { method: 'DELETE', url: `/api/calendar-days/${date}` };
      },
    },
    {
      name: 'GET /api/working-days',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/working-days?from=2040-01-06&days=5' }),
    },
  ];
}
