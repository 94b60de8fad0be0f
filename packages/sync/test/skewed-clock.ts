// Loaded with `node --import` into a process under test: its wall clock runs CJ_TEST_CLOCK_OFFSET_MS
// off, as on a machine whose clock drifted (timers stay monotonic, as they do there).
const offsetMs = Number(process.env['CJ_TEST_CLOCK_OFFSET_MS'] ?? '0');
const RealDate = Date;
const skewedNow = (): number => RealDate.now() + offsetMs;

globalThis.Date = new Proxy(RealDate, {
  construct: (target, args: unknown[], newTarget: NewableFunction) =>
    Reflect.construct(target, args.length === 0 ? [skewedNow()] : args, newTarget) as object,
  apply: () => new RealDate(skewedNow()).toString(),
  get: (target, key, receiver) => (key === 'now' ? skewedNow : (Reflect.get(target, key, receiver) as unknown)),
});
