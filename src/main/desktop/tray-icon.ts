/**
 * The tray icon, drawn here as raw RGBA pixels so it needs no image files
 * and can carry the unread count: Lanline's three linked dots on a blue
 * rounded square, with a red badge and the count (or a dot past 99) in the
 * corner. Electron turns the buffer into an image with
 * nativeImage.createFromBitmap (BGRA byte order on every platform it supports).
 */
export interface Bitmap {
  width: number;
  height: number;
  /** BGRA, 4 bytes per pixel, rows top to bottom. */
  data: Uint8Array;
}

type Colour = readonly [r: number, g: number, b: number];
const BLUE: Colour = [47, 111, 237];
const WHITE: Colour = [255, 255, 255];
const RED: Colour = [214, 48, 49];

/** 3×5 digits, one row of three bits per line, for counts on a 16 px badge. */
const DIGITS: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
};

class Canvas {
  readonly data: Uint8Array;
  constructor(readonly size: number) {
    this.data = new Uint8Array(size * size * 4);
  }

  /** Blends a colour over pixel (x, y) with coverage `alpha` (0–1). */
  blend(x: number, y: number, colour: Colour, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.size || y >= this.size || alpha <= 0) return;
    const i = (y * this.size + x) * 4;
    const a = Math.min(1, alpha);
    const under = this.data[i + 3]! / 255;
    const out = a + under * (1 - a);
    const mix = (c: number, old: number) => Math.round((c * a + old * under * (1 - a)) / (out || 1));
    this.data[i] = mix(colour[2], this.data[i]!);
    this.data[i + 1] = mix(colour[1], this.data[i + 1]!);
    this.data[i + 2] = mix(colour[0], this.data[i + 2]!);
    this.data[i + 3] = Math.round(out * 255);
  }

  /** A filled shape given by a signed distance (negative inside), antialiased over one pixel. */
  fill(colour: Colour, distance: (x: number, y: number) => number): void {
    for (let y = 0; y < this.size; y++)
      for (let x = 0; x < this.size; x++) this.blend(x, y, colour, 0.5 - distance(x + 0.5, y + 0.5));
  }
}

const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => Math.hypot(x - cx, y - cy) - r;
function roundedSquare(inset: number, size: number, radius: number) {
  return (x: number, y: number) => {
    const half = (size - 2 * inset) / 2 - radius;
    const dx = Math.max(Math.abs(x - size / 2) - half, 0);
    const dy = Math.max(Math.abs(y - size / 2) - half, 0);
    return Math.hypot(dx, dy) - radius;
  };
}
function segment(ax: number, ay: number, bx: number, by: number, width: number) {
  return (x: number, y: number) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - width / 2;
  };
}

/** What the badge says: nothing, the count, or a plain dot once it would not fit. */
export function badgeText(count: number): string | undefined {
  if (count <= 0) return undefined;
  return count > 99 ? '' : String(count);
}

export function trayIcon(count: number, size = 32): Bitmap {
  const canvas = new Canvas(size);
  const s = size / 32;
  canvas.fill(BLUE, roundedSquare(2 * s, size, 7 * s));
  const dots: Array<[number, number]> = [
    [10.5 * s, 12.5 * s],
    [21.5 * s, 12.5 * s],
    [16 * s, 21.5 * s],
  ];
  for (let i = 0; i < dots.length; i++) {
    const [ax, ay] = dots[i]!;
    const [bx, by] = dots[(i + 1) % dots.length]!;
    canvas.fill(WHITE, segment(ax, ay, bx, by, 1.8 * s));
  }
  for (const [x, y] of dots) canvas.fill(WHITE, circle(x, y, 3 * s));

  const text = badgeText(count);
  if (text !== undefined) {
    const r = 8 * s;
    const cx = size - r;
    const cy = r;
    canvas.fill(RED, circle(cx, cy, r));
    // Digits are 3×5 cells; the cell size fits one or two digits inside the badge.
    const cell = Math.max(1, Math.floor((text.length > 1 ? 1.6 : 2) * s));
    const width = text.length * 3 * cell + (text.length - 1) * cell;
    const left = Math.round(cx - width / 2);
    const top = Math.round(cy - (5 * cell) / 2);
    [...text].forEach((digit, n) => {
      DIGITS[digit]!.forEach((bits, row) => {
        for (let col = 0; col < 3; col++) {
          if (!(bits & (4 >> col))) continue;
          for (let dy = 0; dy < cell; dy++)
            for (let dx = 0; dx < cell; dx++)
              canvas.blend(left + n * 4 * cell + col * cell + dx, top + row * cell + dy, WHITE, 1);
        }
      });
    });
  }
  return { width: size, height: size, data: canvas.data };
}

/** The tray's tooltip, and the window title's count. */
export function trayTooltip(count: number): string {
  if (count <= 0) return 'Lanline';
  return `Lanline — ${count} unread ${count === 1 ? 'message' : 'messages'}`;
}
