let debugMode = false;

/**
 * Debug (anomaly) mode: while on, the first op whose result is NaN throws a RangeError naming the
 * op and its operands, in forward and in backward. Off by default; when off it costs one branch
 * taken only for a NaN result.
 * @example
 * setDebug(true); // new Value(-1).log() now throws instead of returning NaN
 * @throws never: any argument other than `true` turns debug mode off
 */
export function setDebug(on: boolean): void {
  debugMode = on === true;
}

/**
 * Whether debug (anomaly) mode is on (see {@link setDebug}).
 * @example if (isDebug()) console.log('NaN checks are on');
 * @throws never
 */
export function isDebug(): boolean {
  return debugMode;
}
