/**
 * PropertiesService: string key/value stores.
 * https://developers.google.com/apps-script/reference/properties/properties
 * Limits (https://developers.google.com/apps-script/guides/services/quotas#current_limitations):
 * "Properties value size 9 KB / val", "Properties total storage 500 KB / property store".
 * Sizes are measured in UTF-8 bytes of key + value.
 */
import type { Env } from './env';
import { gasError } from './env';

export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class FakeProperties {
  static gasName = 'Properties';
  constructor(private readonly env: Env, readonly store: Map<string, string>) {}
  private check(next: Map<string, string>, changed: Iterable<[string, string]>): void {
    for (const [k, v] of changed) {
      if (bytes(v) > MAX_VALUE_BYTES) throw gasError(this.env, 'Argument too large: value');
      if (bytes(k) > MAX_VALUE_BYTES) throw gasError(this.env, 'Argument too large: key');
    }
    let total = 0;
    for (const [k, v] of next) total += bytes(k) + bytes(v);
    if (total > MAX_STORE_BYTES) {
      throw gasError(this.env, 'You have exceeded the property storage quota. Please remove some properties and try again.');
    }
  }
  getProperty(key: string): string | null {
    const v = this.store.get(String(key));
    return v === undefined ? null : v;
  }
  // https://developers.google.com/apps-script/reference/properties/properties#setProperty(String,String)
  setProperty(key: string, value: unknown): this {
    const k = String(key), v = String(value);
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
  getKeys(): string[] { return [...this.store.keys()]; }
  deleteProperty(key: string): this { this.store.delete(String(key)); return this; }
  deleteAllProperties(): this { this.store.clear(); return this; }
}

export class FakePropertiesService {
  static gasName = 'PropertiesService';
  constructor(private readonly env: Env, private readonly stores: { document: Map<string, string>; script: Map<string, string>; user: Map<string, string> }) {}
  // Returns null outside a bound document; bound scripts get the document's store.
  getDocumentProperties(): FakeProperties | null {
    return this.env.bound ? new FakeProperties(this.env, this.stores.document) : null;
  }
  getScriptProperties(): FakeProperties { return new FakeProperties(this.env, this.stores.script); }
  getUserProperties(): FakeProperties { return new FakeProperties(this.env, this.stores.user); }
}
