import type * as Protobuf from 'protobufjs/light.js';

/**
 * The CommonJS build's protobufjs (tsup.config.ts resolves load-protobuf.js to this file for
 * CommonJS): a require that names what to install when the peer is missing.
 * @category Export
 */
export const protobuf: typeof Protobuf = load();

function load(): typeof Protobuf {
  try {
    return require('protobufjs/light.js') as typeof Protobuf;
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND') throw cause;
    throw new Error('chainrule/onnx needs protobufjs: npm install protobufjs (an optional peer dependency of chainrule, used only by chainrule/onnx).', { cause });
  }
}
