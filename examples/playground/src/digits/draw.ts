import { PIXELS } from './data.js';

/** The drawing canvas's own resolution (it is scaled by CSS); the brush is about a stroke of a pen. */
const SIZE = 280;
const BRUSH = 20;
/** MNIST's layout: the ink fits a 20 × 20 box whose centre of mass sits at the middle of 28 × 28. */
const SIDE = 28;
const BOX = 20;

/** A drawing pad: mouse, pen and touch (pointer events), reporting the drawing as MNIST-style pixels. */
export interface DrawingPad {
  /** Clears the pad. */
  clear(): void;
  /** Shows a 28 × 28 digit (pixels in [0, 1]) on the pad; the next stroke starts a new drawing. */
  show(pixels: ArrayLike<number>): void;
}

/**
 * Makes `canvas` a drawing pad; `onDraw` gets the drawing as 784 pixels in [0, 1] (scaled and
 * centred as MNIST's digits are) after every stroke segment, at most once a frame.
 */
export function drawingPad(canvas: HTMLCanvasElement, onDraw: (pixels: Float64Array) => void): DrawingPad {
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let last: [number, number] | null = null;
  let showing = false;
  let queued = false;
  const at = (e: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [((e.clientX - box.left) / box.width) * SIZE, ((e.clientY - box.top) / box.height) * SIZE];
  };
  const report = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onDraw(toPixels(canvas));
    });
  };
  const clear = () => {
    ctx.clearRect(0, 0, SIZE, SIZE);
    showing = false;
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (showing) clear();
    // Keep the stroke when the pointer leaves the pad (a synthetic pointer has nothing to capture).
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      /* no capture: strokes end at the pad's edge */
    }
    last = at(e);
    stroke(ctx, last, last);
    report();
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (last === null) return;
    const p = at(e);
    stroke(ctx, last, p);
    last = p;
    report();
  });
  const end = () => (last = null);
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  return {
    clear,
    show(pixels) {
      const image = ctx.createImageData(SIDE, SIDE);
      for (let p = 0; p < PIXELS; p++) image.data[p * 4 + 3] = Math.round(pixels[p] * 255);
      const small = document.createElement('canvas');
      small.width = SIDE;
      small.height = SIDE;
      small.getContext('2d')!.putImageData(image, 0, 0);
      ctx.clearRect(0, 0, SIZE, SIZE);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, SIZE, SIZE);
      showing = true;
    },
  };
}

function stroke(ctx: CanvasRenderingContext2D, from: [number, number], to: [number, number]): void {
  ctx.strokeStyle = '#000';
  ctx.lineWidth = BRUSH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(from[0], from[1]);
  ctx.lineTo(to[0] + 0.01, to[1]);
  ctx.stroke();
}

/** The pad's ink as MNIST pixels: the ink's bounding box scaled into 20 × 20, centred by its centre of mass. */
function toPixels(canvas: HTMLCanvasElement): Float64Array {
  const src = canvas.getContext('2d')!.getImageData(0, 0, SIZE, SIZE).data;
  let x0 = SIZE, y0 = SIZE, x1 = -1, y1 = -1;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (src[(y * SIZE + x) * 4 + 3] > 0) {
        x0 = Math.min(x0, x); x1 = Math.max(x1, x);
        y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  const out = new Float64Array(PIXELS);
  if (x1 < 0) return out;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const scale = BOX / Math.max(w, h);
  const small = document.createElement('canvas');
  small.width = SIDE;
  small.height = SIDE;
  const sctx = small.getContext('2d', { willReadFrequently: true })!;
  sctx.imageSmoothingEnabled = true;
  sctx.imageSmoothingQuality = 'high';
  const dw = w * scale;
  const dh = h * scale;
  sctx.drawImage(canvas, x0, y0, w, h, (SIDE - dw) / 2, (SIDE - dh) / 2, dw, dh);
  // Move the centre of mass to the middle (MNIST's own preprocessing).
  const first = sctx.getImageData(0, 0, SIDE, SIDE).data;
  let mass = 0, mx = 0, my = 0;
  for (let p = 0; p < PIXELS; p++) {
    const v = first[p * 4 + 3];
    mass += v;
    mx += v * (p % SIDE);
    my += v * Math.floor(p / SIDE);
  }
  const dx = Math.round(SIDE / 2 - 0.5 - mx / mass);
  const dy = Math.round(SIDE / 2 - 0.5 - my / mass);
  sctx.clearRect(0, 0, SIDE, SIDE);
  sctx.drawImage(canvas, x0, y0, w, h, (SIDE - dw) / 2 + dx, (SIDE - dh) / 2 + dy, dw, dh);
  const data = sctx.getImageData(0, 0, SIDE, SIDE).data;
  for (let p = 0; p < PIXELS; p++) out[p] = data[p * 4 + 3] / 255;
  return out;
}
