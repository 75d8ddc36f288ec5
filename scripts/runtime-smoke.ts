import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The packed package on every runtime it promises (npm run smoke:runtimes; .ci/run runs it after the
 * build): `npm pack` makes the tarball a user installs, a temporary project installs it, and one
 * ESM program — the core (Values, backward, grad, hessian, derivative, simplify, parse, the compiled
 * tape), chainrule/nn (an MLP trained on moons), chainrule/gradcheck and toSource (its module
 * written and imported) — runs under Node, Bun and Deno (the devDependencies `bun` and `deno` ship
 * their binaries). Every runtime must print what Node prints: the same text and booleans, and
 * numbers within RELATIVE_TOLERANCE — the engines' Math.exp differ in the last bit for some
 * arguments (Node 20's V8 gives exp(−0.3781322540767) = 0.6851398821311454, Bun's JavaScriptCore
 * and Deno's newer V8 …455), and chainrule computes with the engine's Math. Exits non-zero otherwise.
 */

/** How far a number may differ between runtimes: a few units in the last place, through a short computation. */
const RELATIVE_TOLERANCE = 1e-12;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** The program each runtime runs, in the temporary project that installed the tarball. */
const PROGRAM = `
import { writeFileSync } from 'node:fs';
import { Value, compile, derivative, grad, hessian, parse, simplify, toSource, toText } from 'chainrule';
import { MLP, makeMoons, train } from 'chainrule/nn';
import { gradcheck } from 'chainrule/gradcheck';

const out = {};
const x = new Value(0.7, 'x');
const w = new Value(-1.3, 'w');
const y = x.mul(w).tanh().add(x.pow(3)).sigmoid();
y.backward();
out.backward = [y.data, x.grad, w.grad];
out.grad = grad((a, b) => a.mul(b).exp().add(a.log1p()))(0.5, -0.25);
out.hessian = hessian((a, b) => a.mul(a).mul(b).sin())(0.3, 0.8);
out.derivative = [derivative(y, x, 2).data, derivative(x.mul(x), x, 1e9).data];
out.simplify = toText(simplify(parse('x * 1 + 0 + x * x', { x })));
out.tape = Array.from(compile([y], { inputs: [x] }).valueAndGrad([0.25]).grad);
const net = new MLP(2, [8, 1], { seed: 3, activation: 'tanh', outputActivation: 'linear' });
const moons = makeMoons(32, { noise: 0.1, seed: 1 });
out.train = train(net, moons.x.map((p, i) => ({ x: p, y: [moons.y[i]] })), { epochs: 3, batchSize: 8, lr: 0.05, seed: 1, loss: 'mse' }).losses;
out.gradcheck = gradcheck((a, b) => a.mul(b).sigmoid(), [0.3, -1.2]).ok;
writeFileSync('model.mjs', toSource([y], { inputs: [x], gradients: true }));
const model = await import('./model.mjs');
out.toSource = model.valueAndGrad([0.25]);
console.log(JSON.stringify(out));
`;

/** The command that runs a file under each runtime (Deno may read and write only the project folder). */
const RUNTIMES: Record<string, (file: string, cwd: string) => [string, string[]]> = {
  node: (file) => [process.execPath, [file]],
  bun: (file) => [join(BIN, 'bun'), ['run', file]],
  deno: (file, cwd) => [join(BIN, 'deno'), ['run', `--allow-read=${cwd}`, `--allow-write=${cwd}`, file]],
};

function main(): void {
  const project = mkdtempSync(join(tmpdir(), 'chainrule-runtimes-'));
  try {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: ROOT, encoding: 'utf8' })) as { filename: string }[];
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'chainrule-runtime-smoke', version: '0.0.0', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(project, filename)], { cwd: project, stdio: 'inherit' });
    writeFileSync(join(project, 'program.mjs'), PROGRAM);
    const outputs: Record<string, string> = {};
    for (const [runtime, command] of Object.entries(RUNTIMES)) {
      const [bin, args] = command('program.mjs', project);
      const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
      outputs[runtime] = execFileSync(bin, args, { cwd: project, encoding: 'utf8', env }).trim();
      console.log(`${runtime} ${execFileSync(bin, ['--version'], { encoding: 'utf8', env }).split('\n')[0]}: ran the program`);
    }
    const results = JSON.parse(outputs.node) as { gradcheck: boolean; derivative: number[] };
    if (results.gradcheck !== true || results.derivative[1] !== 0) throw new Error(`unexpected results: ${outputs.node}`);
    for (const runtime of Object.keys(outputs)) {
      const worst = difference(JSON.parse(outputs.node), JSON.parse(outputs[runtime]), runtime);
      console.log(`${runtime}: ${outputs[runtime] === outputs.node ? 'the same text as node' : `the same results as node, numbers within ${worst.toExponential(1)} (relative)`}`);
    }
    console.log(`chainrule@${version} (${filename}) runs on ${Object.keys(outputs).join(', ')}: ${outputs.node}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/**
 * The largest relative difference between two results of the program, or an Error naming the
 * first place where they differ in kind, in text, or by more than RELATIVE_TOLERANCE.
 */
function difference(want: unknown, got: unknown, runtime: string, path = 'results'): number {
  if (typeof want === 'number' && typeof got === 'number') {
    if (Object.is(want, got)) return 0;
    const relative = Math.abs(want - got) / Math.max(Math.abs(want), Math.abs(got));
    if (!(relative <= RELATIVE_TOLERANCE)) throw new Error(`${runtime}: ${path} is ${got}, node gives ${want}`);
    return relative;
  }
  if (typeof want === 'object' && want !== null && typeof got === 'object' && got !== null) {
    const keys = Object.keys(want);
    if (keys.join() !== Object.keys(got).join()) throw new Error(`${runtime}: ${path} has keys ${Object.keys(got).join()}, node gives ${keys.join()}`);
    return Math.max(0, ...keys.map((k) => difference((want as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], runtime, `${path}.${k}`)));
  }
  if (want !== got) throw new Error(`${runtime}: ${path} is ${JSON.stringify(got)}, node gives ${JSON.stringify(want)}`);
  return 0;
}

main();
