/**
 * Reading a point someone pastes: what a map app's "copy coordinates" gives ("112.9388, 28.2282",
 * "28.2282,112.9388"), or degrees, minutes and seconds as written on a sign or in a document
 * ("东经112°56′20″，北纬28°13′42″", "28°13'42\"N 112°56'20\"E"). Which number is the longitude is
 * told by the hemisphere letters or 东经/北纬 when given, else by China's ranges (longitude 73–135,
 * latitude 3–54 never overlap). Anything else is not guessed at: null.
 */
export type LngLat = { lng: number; lat: number };

/** China's bounding box, as the server checks it. */
export const CHINA_BOUNDS = { minLng: 73.5, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 };

const inChina = (p: LngLat) =>
  p.lng >= CHINA_BOUNDS.minLng &&
  p.lng <= CHINA_BOUNDS.maxLng &&
  p.lat >= CHINA_BOUNDS.minLat &&
  p.lat <= CHINA_BOUNDS.maxLat;

/** Six decimals: about 0.1 m, more than any phone or map gives. */
export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

type Part = { value: number; axis: 'lng' | 'lat' | null };

/** One coordinate: decimal degrees or d°m′s″, with an optional axis word or letter. */
const PART =
  /(东经|北纬|[EN]\s*)?\s*(-?\d{1,3}(?:\.\d+)?)\s*(?:[°度]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['′分]\s*)?(?:(\d{1,2}(?:\.\d+)?)\s*(?:["″秒]|'')\s*)?)?\s*([EN](?![a-z]))?/gi;

function parts(text: string): Part[] {
  const out: Part[] = [];
  for (const m of text.matchAll(PART)) {
    const [, before, deg, min, sec, after] = m;
    if (deg === undefined) continue;
    const minutes = min === undefined ? 0 : Number(min);
    const seconds = sec === undefined ? 0 : Number(sec);
    if (minutes >= 60 || seconds >= 60) return [];
    const word = (before ?? after ?? '').trim().toUpperCase();
    out.push({
      value: Number(deg) + minutes / 60 + seconds / 3600,
      axis:
        word === '东经' || word === 'E' ? 'lng' : word === '北纬' || word === 'N' ? 'lat' : null,
    });
  }
  return out;
}

/** The point in a pasted text, or null when it does not hold exactly one point in China. */
export function parseCoordinates(text: string): LngLat | null {
  const found = parts(text.replace(/[，、；;]/g, ','));
  if (found.length !== 2) return null;
  const [a, b] = found as [Part, Part];
  let point: LngLat;
  if (a.axis && b.axis) {
    if (a.axis === b.axis) return null;
    point = a.axis === 'lng' ? { lng: a.value, lat: b.value } : { lng: b.value, lat: a.value };
  } else if (a.axis || b.axis) {
    const known = a.axis ? a : b;
    const other = a.axis ? b : a;
    point =
      known.axis === 'lng'
        ? { lng: known.value, lat: other.value }
        : { lng: other.value, lat: known.value };
  } else {
    // No words: China's longitudes (73–135) and latitudes (3–54) tell them apart.
    point = a.value > b.value ? { lng: a.value, lat: b.value } : { lng: b.value, lat: a.value };
  }
  point = { lng: round6(point.lng), lat: round6(point.lat) };
  return inChina(point) ? point : null;
}
