import { scaleLinear } from 'd3-scale';
import type { HistoryPoint } from '../trainer.js';

const W = 340;
const H = 120;
const M = { left: 46, right: 8, top: 8, bottom: 28 };

/**
 * Draws the train (dark) and test (grey) loss curves against epochs into an SVG element, with d3
 * scales, ticks and axis titles. The axes span at least one epoch and a loss of 0.001, so the first
 * frames (one point at epoch 0) read "0 … 1", not a column of zeros.
 */
export function drawLossChart(svg: SVGSVGElement, history: readonly HistoryPoint[]): void {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const finite = history.filter((p) => Number.isFinite(p.train));
  const maxEpoch = Math.max(1, ...finite.map((p) => p.epoch));
  const maxLoss = Math.max(1e-3, ...finite.flatMap((p) => (Number.isFinite(p.test) ? [p.train, p.test] : [p.train])));
  const x = scaleLinear().domain([0, maxEpoch]).range([M.left, W - M.right]).nice(5);
  const y = scaleLinear().domain([0, maxLoss]).range([H - M.bottom, M.top]).nice(4);
  const line = (key: 'train' | 'test') =>
    finite.filter((p) => Number.isFinite(p[key])).map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.epoch).toFixed(1)},${y(p[key]).toFixed(1)}`).join('');
  const xFormat = x.tickFormat(5);
  const yFormat = y.tickFormat(4, '~g');
  const xTicks = x.ticks(5).map((t) => `<g transform="translate(${x(t)},${H - M.bottom})"><line y2="4" stroke="#767676"/><text y="14" text-anchor="middle">${xFormat(t)}</text></g>`);
  const yTicks = y.ticks(4).map((t) => `<g transform="translate(${M.left},${y(t)})"><line x1="-4" stroke="#767676"/><line x2="${W - M.left - M.right}" stroke="#eee"/><text x="-6" dy="0.32em" text-anchor="end">${yFormat(t)}</text></g>`);
  svg.innerHTML = `
    <g class="axis">${yTicks.join('')}${xTicks.join('')}</g>
    <line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#767676"/>
    <path d="${line('test')}" fill="none" stroke="#8a8a8a" stroke-width="1.5" stroke-dasharray="4 2"/>
    <path d="${line('train')}" fill="none" stroke="#222" stroke-width="1.5"/>
    <text x="${(M.left + W - M.right) / 2}" y="${H - 3}" text-anchor="middle" class="axis-title">epoch</text>
    <text transform="translate(11,${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis-title">loss</text>
    <text x="${W - M.right}" y="${M.top + 6}" text-anchor="end" class="axis-title">train ━  test ╌</text>`;
}
