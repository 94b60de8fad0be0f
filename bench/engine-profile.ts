// Runs one engine path alone over the benchmark population, for a CPU profile or to compare with its
// figure in the interleaved benchmark (see docs/benchmarks.md):
//   node --conditions=@crm-journey/source [--cpu-prof --cpu-prof-dir=/tmp/engine-profile] [--expose-gc] \
//     bench/engine-profile.ts [generated|closures] <path> [rounds] [--harness]
// <path> is one of ENGINE_PATH_NAMES (steady, first, decision, json-rules, json-logic, floor, …); `closures
// steady` is `closures-steady`. Rounds run back to back, as a sync would run them; with --harness (and
// --expose-gc) each round runs as in the benchmark, after a collection and a wait until the process is idle.
// Prints the median customers per CPU second of the process and of its main thread, and per wall second.
import { withCpuTime } from './engine-cpu.ts';
import {
  createEngineWorkload,
  ENGINE_PATH_NAMES,
  engineChecksum,
  enginePath,
  type EnginePathName,
} from './engine-paths.ts';
import { measureInterleaved } from './measure.ts';

const USAGE = `Usage: engine-profile.ts [generated|closures] <${ENGINE_PATH_NAMES.join('|')}> [rounds] [--harness]`;
const args = process.argv.slice(2);
const harness = args.includes('--harness');
const positional = args.filter((arg) => arg !== '--harness');
const engine = positional[0] === 'generated' || positional[0] === 'closures' ? positional.shift() : 'generated';
const [given = 'steady', roundsText = '30', ...rest] = positional;
const name = engine === 'closures' && !given.startsWith('closures-') ? `closures-${given}` : given;
const rounds = Number(roundsText);
if (!ENGINE_PATH_NAMES.includes(name as EnginePathName) || !Number.isInteger(rounds) || rounds < 3 || rest.length > 0)
  throw new Error(`${USAGE}\n(got: ${args.join(' ')}; rounds must be an integer ≥ 3)`);
if (harness && globalThis.gc === undefined) throw new Error('--harness needs node --expose-gc, as the benchmark runs');

const WARMUP = 2;
const { path, rates } = withCpuTime(enginePath(createEngineWorkload(), name as EnginePathName), WARMUP);
let wall: number;
let gc = '';
if (harness) {
  const [result] = await measureInterleaved([path], { warmup: WARMUP, rounds: rounds - WARMUP });
  wall = result?.median ?? 0;
  gc = `, main thread paused for GC ${String(Math.round((result?.gcShare ?? 0) * 100))} % of a round`;
} else {
  const perWallSecond: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await path.round();
    if (round >= WARMUP) perWallSecond.push((path.items * 1000) / (performance.now() - start));
  }
  wall = perWallSecond.sort((a, b) => a - b)[perWallSecond.length >> 1] ?? 0;
}
const format = (value: number): string => Math.round(value).toLocaleString('en-US');
process.stdout.write(
  `${name}${harness ? ' (harness)' : ''}: median ${format(rates.median())} customers per CPU second of the process, ${format(rates.threadMedian())} of the main thread, ${format(wall)} per wall second${gc} (checksum ${String(engineChecksum())})\n`,
);
