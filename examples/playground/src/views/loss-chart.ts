import { scaleLinear } from 'd3-scale';
import type { HistoryPoint } from '../trainer.js';

const W = 340;
const H = 110;
const M = { left: 38, right: 8, top: 6, bottom: 20 };

/** Draws the train (dark) and test (grey) loss curves against epochs into an SVG element, with d3 scales and ticks. */
export function drawLossChart(svg: SVGSVGElement, history: readonly HistoryPoint[]): void {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const finite = history.filter((p) => Number.isFinite(p.train));
  const maxEpoch = Math.max(1e-9, ...finite.map((p) => p.epoch));
  const maxLoss = Math.max(1e-9, ...finite.flatMap((p) => (Number.isFinite(p.test) ? [p.train, p.test] : [p.train])));
  const x = scaleLinear().domain([0, maxEpoch]).range([M.left, W - M.right]).nice(5);
  const y = scaleLinear().domain([0, maxLoss]).range([H - M.bottom, M.top]).nice(4);
  const line = (key: 'train' | 'test') =>
    finite.filter((p) => Number.isFinite(p[key])).map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.epoch).toFixed(1)},${y(p[key]).toFixed(1)}`).join('');
  const xTicks = x.ticks(5).map((t) => `<g transform="translate(${x(t)},${H - M.bottom})"><line y2="4" stroke="#999"/><text y="15" text-anchor="middle">${x.tickFormat(5)(t)}</text></g>`);
  const yTicks = y.ticks(4).map((t) => `<g transform="translate(${M.left},${y(t)})"><line x1="-4" stroke="#999"/><line x2="${W - M.left - M.right}" stroke="#eee"/><text x="-6" dy="0.32em" text-anchor="end">${y.tickFormat(4)(t)}</text></g>`);
  svg.innerHTML = `
    <g class="axis">${yTicks.join('')}${xTicks.join('')}</g>
    <line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#999"/>
    <path d="${line('test')}" fill="none" stroke="#aaa" stroke-width="1.5"/>
    <path d="${line('train')}" fill="none" stroke="#333" stroke-width="1.5"/>
    <text x="${W - M.right}" y="${H - M.bottom - 4}" text-anchor="end" class="axis-title">epoch</text>
    <text x="${M.left + 4}" y="${M.top + 6}" class="axis-title">loss (train dark, test grey)</text>`;
}
