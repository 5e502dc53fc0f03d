import fs from 'node:fs';
import { glb, onePagePdf } from '#platform/media-containers.ts';
import { fromRoot } from '#platform/paths.ts';

/**
 * The demo's files beyond pictures, made here so that nothing is downloaded: a one-page PDF (a
 * coloured geological cross-section, drawn in PDF operators), a 3D terrain model (GLB) and a short
 * video clip shipped with the code.
 */

const LAYERS: [number, number, number][] = [
  [0.85, 0.72, 0.5],
  [0.72, 0.52, 0.35],
  [0.55, 0.6, 0.45],
  [0.45, 0.42, 0.5],
  [0.35, 0.3, 0.32],
];

/** A one-page PDF: folded strata with a fault, and a caption in a standard font. */
export function demoPdf(): Buffer {
  const w = 595;
  const h = 420;
  const ops: string[] = [];
  LAYERS.forEach(([r, g, b], i) => {
    const top = 330 - i * 55;
    ops.push(`${r} ${g} ${b} rg`);
    // A fold: each layer is a band following a sine curve; a fault offsets the right half.
    const pts: string[] = [];
    for (let x = 0; x <= w; x += 15) {
      const off = x > 330 ? -22 : 0;
      const y = top + 25 * Math.sin(x / 90) + off;
      pts.push(`${x} ${y.toFixed(1)} ${x === 0 ? 'm' : 'l'}`);
    }
    for (let x = w; x >= 0; x -= 15) {
      const off = x > 330 ? -22 : 0;
      const y = top - 55 + 25 * Math.sin(x / 90) + off;
      pts.push(`${x} ${y.toFixed(1)} l`);
    }
    ops.push(`${pts.join(' ')} h f`);
  });
  ops.push('0.8 0.1 0.1 RG 2 w 330 40 m 345 380 l S');
  ops.push(
    'BT /F1 16 Tf 0 0 0 rg 24 392 Td (Kepu - geological cross-section: folds and a normal fault) Tj ET',
  );
  return onePagePdf(ops.join('\n'), w, h);
}

/** A GLB terrain: a 33×33 height field of a hill with a valley, one coloured material. */
export function demoGlb(): Buffer {
  const n = 33;
  const positions: number[] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const x = i / (n - 1) - 0.5;
      const z = j / (n - 1) - 0.5;
      const hill = 0.35 * Math.exp(-((x + 0.15) ** 2 + (z - 0.1) ** 2) / 0.04);
      const valley = -0.08 * Math.exp(-((x - z * 0.5) ** 2) / 0.01);
      positions.push(
        x,
        Math.max(0, hill + valley + 0.05 * Math.sin(i * 0.7) * Math.cos(j * 0.5)),
        z,
      );
    }
  const indices: number[] = [];
  for (let j = 0; j < n - 1; j++)
    for (let i = 0; i < n - 1; i++) {
      const a = j * n + i;
      indices.push(a, a + n, a + 1, a + 1, a + n, a + n + 1);
    }
  const pos = Buffer.from(new Float32Array(positions).buffer);
  const idx = Buffer.from(new Uint16Array(indices).buffer);
  const bin = Buffer.concat([pos, idx, Buffer.alloc((4 - ((pos.length + idx.length) % 4)) % 4)]);
  const ys = positions.filter((_, k) => k % 3 === 1);
  const gltf = {
    asset: { version: '2.0', generator: 'kepu-demo' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, name: 'terrain' }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, material: 0 }] }],
    materials: [
      { pbrMetallicRoughness: { baseColorFactor: [0.45, 0.6, 0.35, 1], roughnessFactor: 0.9 } },
    ],
    buffers: [{ byteLength: bin.length }],
    bufferViews: [
      { buffer: 0, byteOffset: 0, byteLength: pos.length, target: 34962 },
      { buffer: 0, byteOffset: pos.length, byteLength: idx.length, target: 34963 },
    ],
    accessors: [
      {
        bufferView: 0,
        componentType: 5126,
        count: n * n,
        type: 'VEC3',
        min: [-0.5, Math.min(...ys), -0.5],
        max: [0.5, Math.max(...ys), 0.5],
      },
      { bufferView: 1, componentType: 5123, count: indices.length, type: 'SCALAR' },
    ],
  };
  return glb(gltf, bin);
}

/** A short video clip (MP4, H.264) shipped with the code. */
export const demoVideo = () => fs.readFileSync(fromRoot('server/src/demo/assets/ranger-clip.mp4'));
