// Reads the pixels of the PNG files pdftoppm writes (8-bit RGB or grey, not interlaced), so a
// rendered page can be compared with a reviewed snapshot allowing for anti-aliasing differences.
import { inflateSync } from "node:zlib";

export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  return a <= b && a <= c ? left : b <= c ? up : upLeft;
}

export function readPngPixels(png: Buffer): Pixels {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 0)) throw new Error("only 8-bit, non-interlaced RGB or grey PNGs are read");
      channels = colour === 2 ? 3 : 1;
    } else if (type === "IDAT") {
      compressed.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  const data = new Uint8Array(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const value = raw[row * (stride + 1) + 1 + i]!;
      const left = i >= channels ? data[row * stride + i - channels]! : 0;
      const up = row > 0 ? data[(row - 1) * stride + i]! : 0;
      const upLeft = row > 0 && i >= channels ? data[(row - 1) * stride + i - channels]! : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]!;
      data[row * stride + i] = (value + predicted) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/** The share of pixels that differ by more than `tolerance` in any channel (1 when the sizes differ). */
export function differingShare(a: Pixels, b: Pixels, tolerance = 48): number {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) return 1;
  let differing = 0;
  for (let pixel = 0; pixel < a.width * a.height; pixel++) {
    for (let channel = 0; channel < a.channels; channel++) {
      const index = pixel * a.channels + channel;
      if (Math.abs(a.data[index]! - b.data[index]!) > tolerance) {
        differing++;
        break;
      }
    }
  }
  return differing / (a.width * a.height);
}
