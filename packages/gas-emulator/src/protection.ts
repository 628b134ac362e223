/**
 * Protected sheets and ranges. Protections are recorded, not enforced on
 * script writes (the script runs as the owner, who can always edit).
 * https://developers.google.com/apps-script/reference/spreadsheet/protection
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect()
 */
import type { Env } from './env';
import { effectiveUser } from './env';
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';

export const ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' } as const;

export class FakeUser {
  static gasName = 'User';
  constructor(private readonly email: string) {}
  getEmail(): string {
    return this.email;
  }
  getUserLoginId(): string {
    return this.email;
  }
  toString(): string {
    return this.email;
  }
}

function emailOf(u: unknown): string {
  if (u instanceof FakeUser) return u.getEmail();
  if (u && typeof u === 'object' && typeof (u as { getEmail?: unknown }).getEmail === 'function')
    return String((u as FakeUser).getEmail());
  return String(u);
}

export class FakeProtection {
  static gasName = 'Protection';
  description = '';
  warningOnly = false;
  domainEdit = false;
  editors: string[];
  unprotected: FakeRange[] = [];
  removed = false;
  constructor(
    private readonly env: Env,
    readonly sheet: FakeSheet,
    readonly type: 'RANGE' | 'SHEET',
    public range: FakeRange,
  ) {
    // The owner (the user running the script) is always an editor.
    this.editors = [effectiveUser(env)];
  }
  getDescription(): string {
    return this.description;
  }
  setDescription(d: string): this {
    this.description = String(d);
    return this;
  }
  isWarningOnly(): boolean {
    return this.warningOnly;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/protection#setWarningOnly(Boolean)
  setWarningOnly(w: boolean): this {
    this.warningOnly = !!w;
    return this;
  }
  getProtectionType(): string {
    return this.type;
  }
  getRange(): FakeRange {
    return this.range;
  }
  setRange(r: FakeRange): this {
    this.range = r;
    return this;
  }
  getRangeName(): string | null {
    return null;
  }
  addEditor(u: unknown): this {
    const e = emailOf(u);
    if (!this.editors.includes(e)) this.editors.push(e);
    return this;
  }
  addEditors(us: unknown[]): this {
    us.forEach((u) => {
      this.addEditor(u);
    });
    return this;
  }
  // The owner cannot be removed: https://developers.google.com/apps-script/reference/spreadsheet/protection#removeEditor(String)
  removeEditor(u: unknown): this {
    const e = emailOf(u);
    if (e !== effectiveUser(this.env)) this.editors = this.editors.filter((x) => x !== e);
    return this;
  }
  removeEditors(us: unknown[]): this {
    us.forEach((u) => {
      this.removeEditor(u);
    });
    return this;
  }
  getEditors(): FakeUser[] {
    return this.editors.map((e) => new FakeUser(e));
  }
  canEdit(): boolean {
    return this.warningOnly || this.editors.includes(effectiveUser(this.env));
  }
  canDomainEdit(): boolean {
    return this.domainEdit;
  }
  setDomainEdit(b: boolean): this {
    this.domainEdit = !!b;
    return this;
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/protection#setUnprotectedRanges(Range)
  setUnprotectedRanges(ranges: FakeRange[]): this {
    if (this.type !== 'SHEET') throw new Error('Unprotected ranges can only be set on a sheet protection.');
    this.unprotected = ranges.slice();
    return this;
  }
  getUnprotectedRanges(): FakeRange[] {
    return this.unprotected.slice();
  }
  remove(): void {
    this.removed = true;
    this.sheet.protections = this.sheet.protections.filter((p) => p !== this);
  }
}
