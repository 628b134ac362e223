import { type FieldKey, type LedgerRecord, fieldLabel } from './fields';
import type { AuditEntry, Via } from './sheets';
import { displayValue } from './sheetRow';

/** One audit line per changed field; the row's own bookkeeping stamps are left out. */
export function auditEntries(
  before: LedgerRecord | null,
  after: LedgerRecord,
  changed: readonly FieldKey[],
  who: string,
  when: string,
  via: Via,
): AuditEntry[] {
  return changed
    .filter((k) => k !== 'updatedAt' && k !== 'updatedBy')
    .map((k) => ({
      when,
      who,
      videoUrl: after.videoUrl,
      field: fieldLabel(k),
      oldValue: before ? displayValue(before[k]) : '',
      newValue: displayValue(after[k]),
      via,
    }));
}

/**
 * A cell of another video that a save overwrote when a sort slid that
 * video's row under the write, and that could not be put back: its earlier
 * value was never read (src/server/lifecycle/actions.ts).
 */
export function overwrittenEntry(
  videoUrl: string,
  field: string,
  written: string,
  who: string,
  when: string,
  via: Via,
): AuditEntry {
  return {
    when,
    who,
    videoUrl,
    field: `${field} (overwritten while the Ledger was sorted)`,
    oldValue: 'not known',
    newValue: written,
    via,
  };
}
