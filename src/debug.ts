let debugMode = false;

/**
 * Debug (anomaly) mode: while on, the first op whose result is NaN throws a RangeError naming the
 * op and its operands, in forward and in backward. Off by default; when off it costs one branch
 * taken only for a NaN result.
 */
export function setDebug(on: boolean): void {
  debugMode = on === true;
}

/** Whether debug (anomaly) mode is on. */
export function isDebug(): boolean {
  return debugMode;
}
