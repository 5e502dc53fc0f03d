/** Demo cover art, colours per sector: a calm gradient with soft strata, no text (any font setup). */
const PALETTE: Record<string, [string, string]> = {
  GEOLOGY: ['#7a4b2a', '#d9a066'],
  MINERAL: ['#3d3f58', '#9a8fbf'],
  OCEAN: ['#0b3d6b', '#3fa7d6'],
  LAND: ['#5a6b2f', '#c4c86a'],
  FOREST: ['#1f5a35', '#6fbf73'],
  GRASSLAND: ['#6b7a1f', '#d7d97a'],
  WETLAND: ['#1f5c5a', '#7fc8c0'],
  SURVEYING: ['#2c3e50', '#7f9fbf'],
  DESERT: ['#8a5a2b', '#e6c07a'],
};

export function coverSvg(sector: string, seed: number): string {
  const [a, b] = PALETTE[sector] ?? ['#0b6b4f', '#7fc8a9'];
  const waves = Array.from({ length: 5 }, (_, i) => {
    const y = 300 + i * 55 + ((seed * (i + 3)) % 40);
    const c = 60 + ((seed * 7 + i * 13) % 80);
    return `<path d="M0 ${y} C 240 ${y - c}, 480 ${y + c}, 960 ${y - 20} L 960 540 L 0 540 Z" fill="#fff" opacity="${0.06 + i * 0.03}"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs><rect width="960" height="540" fill="url(#g)"/><circle cx="${720 + (seed % 120)}" cy="${120 + (seed % 60)}" r="70" fill="#fff" opacity="0.18"/>${waves}</svg>`;
}
