/**
 * PropertiesService: string key/value stores.
 * https://developers.google.com/apps-script/reference/properties/properties
 * Limits (https://developers.google.com/apps-script/guides/services/quotas#current_limitations):
 * "Properties value size 9 KB / val", "Properties total storage 500 KB / property store".
 * Sizes are measured in UTF-8 bytes of key + value.
 */
import type { Env } from './env';
import { activeDocument, effectiveUser, gasError } from './env';

export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class FakeProperties {
  static gasName = 'Properties';
  constructor(
    private readonly env: Env,
    readonly store: Map<string, string>,
  ) {}
  private check(next: Map<string, string>, changed: Iterable<[string, string]>): void {
    for (const [k, v] of changed) {
      if (bytes(v) > MAX_VALUE_BYTES) throw gasError(this.env, 'Argument too large: value');
      if (bytes(k) > MAX_VALUE_BYTES) throw gasError(this.env, 'Argument too large: key');
    }
    let total = 0;
    for (const [k, v] of next) total += bytes(k) + bytes(v);
    if (total > MAX_STORE_BYTES) {
      throw gasError(
        this.env,
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
  }
  getProperty(key: string): string | null {
    const v = this.store.get(String(key));
    return v === undefined ? null : v;
  }
  // https://developers.google.com/apps-script/reference/properties/properties#setProperty(String,String)
  setProperty(key: string, value: unknown): this {
    const k = String(key),
      v = String(value);
    const next = new Map(this.store);
    next.set(k, v);
    this.check(next, [[k, v]]);
    this.store.set(k, v);
    return this;
  }
  // https://developers.google.com/apps-script/reference/properties/properties#setProperties(Object,Boolean)
  setProperties(properties: Record<string, unknown>, deleteAllOthers = false): this {
    const entries = Object.keys(properties).map((k) => [k, String(properties[k])] as [string, string]);
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.store);
    for (const [k, v] of entries) next.set(k, v);
    this.check(next, entries);
    if (deleteAllOthers) this.store.clear();
    for (const [k, v] of entries) this.store.set(k, v);
    return this;
  }
  getProperties(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [k, v] of this.store) o[k] = v;
    return o;
  }
  getKeys(): string[] {
    return [...this.store.keys()];
  }
  deleteProperty(key: string): this {
    this.store.delete(String(key));
    return this;
  }
  deleteAllProperties(): this {
    this.store.clear();
    return this;
  }
}

export interface PropertyStores {
  /** The home document's and the default user's stores (what tests inspect). */
  document: Map<string, string>;
  script: Map<string, string>;
  user: Map<string, string>;
  /** Every document's store by spreadsheet id, and every user's by email. */
  byDocument: Map<string, Map<string, string>>;
  byUser: Map<string, Map<string, string>>;
}

function storeIn(all: Map<string, Map<string, string>>, key: string): Map<string, string> {
  let m = all.get(key);
  if (!m) {
    m = new Map();
    all.set(key, m);
  }
  return m;
}

export class FakePropertiesService {
  static gasName = 'PropertiesService';
  constructor(
    private readonly env: Env,
    private readonly stores: PropertyStores,
  ) {}
  // https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()
  // One store per document, shared by its users; null when the script runs
  // outside a document. Whether a time-driven run of an add-on sees its
  // document is undocumented: the emulator assumes it does not.
  getDocumentProperties(): FakeProperties | null {
    const doc = activeDocument(this.env);
    return doc ? new FakeProperties(this.env, storeIn(this.stores.byDocument, doc.id)) : null;
  }
  getScriptProperties(): FakeProperties {
    return new FakeProperties(this.env, this.stores.script);
  }
  // https://developers.google.com/apps-script/reference/properties/properties-service#getUserProperties()
  // One store per user of the script (the trigger's owner in a trigger run).
  getUserProperties(): FakeProperties {
    return new FakeProperties(this.env, storeIn(this.stores.byUser, effectiveUser(this.env)));
  }
}
