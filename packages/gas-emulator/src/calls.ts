/**
 * Call counting and fault injection. Every public Fake* object handed to the
 * sandbox is wrapped in a Proxy that counts method calls as 'Class.method'
 * and can throw injected faults before the method runs. The emulator's own
 * code works on the unwrapped objects, so its internal calls are not counted.
 */

export interface CallLog {
  total: number;
  byMethod: Record<string, number>;
  /** Cells the counted calls read (getValues and the like) and wrote (setValues, appendRow, clear…). */
  cellsRead: number;
  cellsWritten: number;
  /** Cells read and written by 'Class.method' (methods that moved no cells are absent). */
  cellsByMethod: Record<string, { read: number; written: number }>;
  reset(): void;
  count(prefix?: string): number;
}

export class CallCounter implements CallLog {
  total = 0;
  byMethod: Record<string, number> = {};
  cellsRead = 0;
  cellsWritten = 0;
  cellsByMethod: Record<string, { read: number; written: number }> = {};
  record(key: string): void {
    this.total++;
    this.byMethod[key] = (this.byMethod[key] ?? 0) + 1;
  }
  recordCells(key: string, read: number, written: number): void {
    if (!read && !written) return;
    this.cellsRead += read;
    this.cellsWritten += written;
    let m = this.cellsByMethod[key];
    if (m === undefined) {
      m = { read: 0, written: 0 };
      this.cellsByMethod[key] = m;
    }
    m.read += read;
    m.written += written;
  }
  reset(): void {
    this.total = 0;
    this.byMethod = {};
    this.cellsRead = 0;
    this.cellsWritten = 0;
    this.cellsByMethod = {};
  }
  /** Calls whose 'Class.method' key starts with `prefix` (all calls without one). */
  count(prefix?: string): number {
    if (prefix === undefined) return this.total;
    let n = 0;
    for (const k of Object.keys(this.byMethod)) if (k === prefix || k.startsWith(prefix)) n += this.byMethod[k];
    return n;
  }
}

export interface FaultOptions {
  /** Successful calls to let through before failing (default 0). */
  after?: number;
  /** How many calls fail once failing starts (default 1; Infinity for every later call). */
  times?: number;
  /** Error message (default: Google's generic Spreadsheets service failure). */
  message?: string;
}

interface FaultRule {
  method: string;
  after: number;
  times: number;
  message?: string;
  seen: number;
  failed: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  /** `defaultMessage` gets the call's key and arguments (a failed fetch names its URL). */
  constructor(private readonly defaultMessage: (key: string, args: unknown[]) => string) {}
  failOn(method: string, opts: FaultOptions = {}): void {
    this.rules.push({
      method,
      after: opts.after ?? 0,
      times: opts.times ?? 1,
      message: opts.message,
      seen: 0,
      failed: 0,
    });
  }
  clear(): void {
    this.rules = [];
  }
  /** Throws if an injected fault matches; called before the real method runs. */
  check(key: string, args: unknown[] = []): void {
    for (const r of this.rules) {
      if (r.method !== key) continue;
      if (r.seen < r.after) {
        r.seen++;
        continue;
      }
      if (r.failed < r.times) {
        r.failed++;
        throw new Error(r.message ?? this.defaultMessage(key, args));
      }
    }
  }
}

/** Class name used in call keys, e.g. 'Range'. Set as `static gasName` on every Fake class. */
export function gasNameOf(obj: object): string | undefined {
  const ctor = (obj as { constructor?: { gasName?: string } }).constructor;
  return ctor && Object.prototype.hasOwnProperty.call(ctor, 'gasName') ? ctor.gasName : undefined;
}

/** Methods returning arrays (1-D or 2-D) of Fake objects that must be wrapped too. */
const ARRAY_RESULT =
  /^(getSheets|getProtections|getCharts|getConditionalFormatRules|getRanges|getEditors|getProjectTriggers|getUserTriggers|getDataValidations|getUnprotectedRanges|getMergedRanges|findAll|fetchAll)$/;

export class Wrapper {
  private readonly proxies = new WeakMap<object, object>();
  private readonly targets = new WeakMap<object, object>();
  /**
   * Runs before every counted call, after it is counted and before faults:
   * the runtime's rules (scopes, modes, time) and a test's "meanwhile" hook.
   */
  before: ((key: string) => void) | null = null;
  /**
   * Wraps the run of every counted call that passed the rules and faults: the
   * cost model measures the call's cells before it runs and prices it after.
   */
  around: ((key: string, target: object, args: unknown[], run: () => unknown) => unknown) | null = null;
  constructor(
    private readonly calls: CallCounter,
    private readonly faults: Faults,
  ) {}

  wrap<T>(obj: T): T {
    if (obj === null || typeof obj !== 'object') return obj;
    const o = obj as unknown as object;
    if (this.targets.has(o)) return obj;
    const cls = gasNameOf(o);
    if (!cls) return obj;
    const existing = this.proxies.get(o);
    if (existing) return existing as unknown as T;
    const self = this;
    const methodCache = new Map<PropertyKey, unknown>();
    const proxy = new Proxy(o, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver === proxy ? target : receiver);
        if (typeof value !== 'function' || typeof prop === 'symbol' || prop === 'constructor' || prop.startsWith('_'))
          return value;
        let fn = methodCache.get(prop);
        if (!fn) {
          const key = `${cls}.${prop}`;
          fn = function (this: unknown, ...args: unknown[]) {
            self.calls.record(key);
            if (self.before) self.before(key);
            self.faults.check(key, args);
            const unwrapped = args.map((a) => self.unwrapDeep(a));
            const run = () => (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, unwrapped);
            const result = self.around ? self.around(key, target, unwrapped, run) : run();
            return self.wrapResult(result, prop);
          };
          methodCache.set(prop, fn);
        }
        return fn;
      },
      set(target, prop, value) {
        return Reflect.set(target, prop, value);
      },
    });
    this.proxies.set(o, proxy);
    this.targets.set(proxy, o);
    return proxy as unknown as T;
  }

  private wrapResult(result: unknown, method: string): unknown {
    if (Array.isArray(result)) {
      if (!ARRAY_RESULT.test(method)) return result;
      return result.map((x) => (Array.isArray(x) ? x.map((y) => this.wrap(y)) : this.wrap(x)));
    }
    return this.wrap(result);
  }

  unwrap<T>(v: T): T {
    if (v !== null && typeof v === 'object') {
      const t = this.targets.get(v as unknown as object);
      if (t) return t as unknown as T;
    }
    return v;
  }

  /** Unwraps proxies in an argument, including inside 1-D and 2-D arrays (copying only if needed). */
  unwrapDeep(v: unknown): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (!Array.isArray(v)) return this.unwrap(v);
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null || typeof x !== 'object') continue;
      let y: unknown;
      if (Array.isArray(x)) {
        let inner: unknown[] | null = null;
        for (let j = 0; j < x.length; j++) {
          const z = x[j];
          if (z === null || typeof z !== 'object') continue;
          const u = this.unwrap(z);
          if (u !== z) {
            if (!inner) inner = x.slice();
            inner[j] = u;
          }
        }
        y = inner ?? x;
      } else {
        y = this.unwrap(x);
      }
      if (y !== x) {
        if (!out) out = v.slice();
        out[i] = y;
      }
    }
    return out ?? v;
  }
}
