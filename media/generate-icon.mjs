// Draws media/icon.png (128×128): two pages merging into one on a blue tile, i.e. "same page".
// Pure Node (zlib only), 4×4 supersampling for smooth edges. Run: node media/generate-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** Coverage test for a rounded rectangle. */
const roundedRect = (x0, y0, w, h, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x0 + w - r));
  const dy = Math.max(y0 + r - y, 0, y - (y0 + h - r));
  return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h && dx * dx + dy * dy <= r * r;
};

// Layers, bottom to top: [shape, [r, g, b], alpha].
const tile = [43, 93, 140];
const layers = [
  [roundedRect(0, 0, 128, 128, 24), tile, 1],
  [roundedRect(26, 20, 50, 66, 6), [255, 255, 255], 0.45],
  [roundedRect(48, 40, 50, 66, 6), [255, 255, 255], 1],
  ...[56, 66, 76, 86].map((y, i) => [roundedRect(56, y, i === 3 ? 22 : 34, 4, 2), tile, 1]),
];

const pixels = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let py = 0; py < SIZE; py++) {
  const row = py * (1 + SIZE * 4);
  pixels[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let s = 0; s < SAMPLES * SAMPLES; s++) {
      const x = px + ((s % SAMPLES) + 0.5) / SAMPLES;
      const y = py + (Math.floor(s / SAMPLES) + 0.5) / SAMPLES;
      // Composite the layers at this sample ("over"), then average premultiplied colour.
      let [sr, sg, sb, sa] = [0, 0, 0, 0];
      for (const [inside, [lr, lg, lb], la] of layers) {
        if (!inside(x, y)) continue;
        sr = lr * la + sr * (1 - la);
        sg = lg * la + sg * (1 - la);
        sb = lb * la + sb * (1 - la);
        sa = la + sa * (1 - la);
      }
      r += sr; g += sg; b += sb; a += sa;
    }
    const n = SAMPLES * SAMPLES;
    const offset = row + 1 + px * 4;
    const alpha = a / n;
    pixels[offset] = alpha ? Math.round(r / n / alpha) : 0;
    pixels[offset + 1] = alpha ? Math.round(g / n / alpha) : 0;
    pixels[offset + 2] = alpha ? Math.round(b / n / alpha) : 0;
    pixels[offset + 3] = Math.round(alpha * 255);
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(pixels, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
