import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DoorList, QueuedScan } from './checkin-logic.ts';

/**
 * What the check-in page keeps on the device (IndexedDB), so the door keeps working with no
 * network: each activity's door list as last read, the scans queued until the server has them,
 * and this device's id (the server records which device made each scan).
 */
interface CheckInDb extends DBSchema {
  lists: { key: string; value: DoorList & { savedAt: string } };
  scans: { key: number; value: QueuedScan; indexes: { byActivity: string } };
  meta: { key: string; value: string };
}

let opened: Promise<IDBPDatabase<CheckInDb>> | null = null;
function db() {
  opened ??= openDB<CheckInDb>('kepu-check-in', 1, {
    upgrade(d) {
      d.createObjectStore('lists', { keyPath: 'activity.id' });
      d.createObjectStore('scans', { keyPath: 'id', autoIncrement: true }).createIndex(
        'byActivity',
        'activityId',
      );
      d.createObjectStore('meta');
    },
  });
  return opened;
}

export async function saveList(list: DoorList): Promise<void> {
  await (await db()).put('lists', { ...list, savedAt: new Date().toISOString() });
}
export async function loadList(activityId: string) {
  return (await db()).get('lists', activityId);
}
/** The activities whose lists this device keeps (for picking one offline). */
export async function keptLists() {
  return (await db()).getAll('lists');
}
export async function addScan(scan: QueuedScan): Promise<number> {
  return (await db()).add('scans', scan);
}
export async function scansOf(activityId: string): Promise<QueuedScan[]> {
  return (await db()).getAllFromIndex('scans', 'byActivity', activityId);
}
export async function putScan(scan: QueuedScan): Promise<void> {
  await (await db()).put('scans', scan);
}
/** This device's id, made once and kept. */
export async function deviceId(): Promise<string> {
  const d = await db();
  const had = await d.get('meta', 'deviceId');
  if (had) return had;
  const id = `web-${crypto.randomUUID().slice(0, 8)}`;
  await d.put('meta', id, 'deviceId');
  return id;
}
/** Synced scans the server's list (read at `before`) already counts are no longer kept. */
export async function pruneSynced(activityId: string, before: string): Promise<void> {
  const d = await db();
  for (const s of await d.getAllFromIndex('scans', 'byActivity', activityId))
    if (s.synced && s.scannedAt < before && s.id !== undefined) await d.delete('scans', s.id);
}
