/** What setupLedger lays on each sheet, as data. */
import { SEAL_HEADER } from '../ledger/seal';
import { FIELDS, type FieldDef } from '../ledger/fields';
import { columnLetter, copyHeader, fieldOfHeader, mapColumns, normHeader } from '../ledger/sheetRow';

export const HEADER_STYLE = { background: '#1a73e8', fontColor: '#ffffff', fontWeight: 'bold' } as const;

export type ValidationPlan =
  | { type: 'list'; values: readonly string[]; help: string }
  | { type: 'settingsRange'; column: string; help: string }
  | { type: 'date'; help: string }
  | { type: 'checkbox'; help: string }
  | { type: 'number'; min: number; max: number; help: string }
  | null;

export function validationFor(def: FieldDef, settingsColumnLetter: (list: string) => string | null): ValidationPlan {
  if ('system' in def && def.system && def.kind !== 'date') return null;
  switch (def.kind) {
    case 'enum':
    case 'status':
      return { type: 'list', values: def.options ?? [], help: def.help };
    case 'settingsList':
    case 'market': {
      const letter = def.settingsList ? settingsColumnLetter(def.settingsList) : null;
      return letter ? { type: 'settingsRange', column: letter, help: def.help } : null;
    }
    case 'date':
      return { type: 'date', help: def.help };
    case 'bool':
      return { type: 'checkbox', help: def.help };
    case 'days':
      return { type: 'number', min: 1, max: 365, help: def.help };
    case 'count':
    case 'money':
      return { type: 'number', min: 0, max: 1e12, help: def.help };
    default:
      return null;
  }
}

/** Marks our conditional-format rules so a re-run replaces them and keeps the agency's own. */
export const RULE_MARK = 'spark-ledger';

export function expiryRuleFormulas(expiresLetter: string, statusLetter: string): { expiring: string; expired: string } {
  const e = `$${expiresLetter}2`;
  const s = `$${statusLetter}2`;
  return {
    expired: `=AND(N("${RULE_MARK}:expired")=0,ISNUMBER(${e}),${e}<=NOW(),${s}<>"Retired")`,
    expiring: `=AND(N("${RULE_MARK}:expiring")=0,ISNUMBER(${e}),${e}>NOW(),${e}-NOW()<=3,${s}<>"Retired")`,
  };
}

export const FIELD_DEFS: readonly FieldDef[] = FIELDS as readonly FieldDef[];

/** Fields whose help text is `note`: setup writes each field's help as the note of its header cell. */
function fieldsWithHelp(note: unknown): string[] {
  const text = String(note ?? '').trim();
  return text === '' ? [] : FIELD_DEFS.filter((f) => f.help === text).map((f) => f.key);
}

export interface HeaderRename {
  /** 0-based column. */
  index: number;
  from: string;
  to: string;
  /** restored: a renamed ledger column gets its header back; copy: a repeated header is renamed so the add-on ignores that column. */
  why: 'restored' | 'copy';
  /** For a copy: the 0-based column that keeps the header. */
  keeps?: number;
}

export interface HeaderRepair {
  renames: HeaderRename[];
  /** Headers of fields no column could be recognised as, to add after the last column. */
  append: FieldDef[];
  /** Header cells (0-based) whose note is the add-on's help for a column they no longer are. */
  clearNotes: number[];
  /** The agency's own columns (0-based, non-empty headers that name no ledger field), as they stay. */
  agencyColumns: number[];
  /** The header row once repaired (appended headers included). */
  headers: unknown[];
}

/**
 * How setup makes a Ledger header row whole without moving or losing any
 * data. A column whose header was renamed still carries, as its header note,
 * the help setup wrote there (renaming a cell keeps its note), so a missing
 * field whose help is found on a column that is not a ledger column (or is a
 * repeat of one) gets its header back on that column. Of the columns left
 * sharing one header, the leftmost keeps it (it is the one every version of
 * the add-on has read and written) and each later one becomes "Status
 * (copy)", its data untouched. Fields still missing get a new column.
 */
export function planHeaderRepair(header: readonly unknown[], notes: readonly unknown[]): HeaderRepair {
  const cols = mapColumns(header);
  const text = header.map((h) => String(h ?? ''));
  const keyAt = header.map((h) => fieldOfHeader(h));
  const renames: HeaderRename[] = [];
  const clearNotes: number[] = [];
  const taken = new Set<number>();
  /** Columns still sharing each duplicated header. */
  const groups = new Map<string, number[]>();
  for (const k of cols.duplicated) groups.set(k, (cols.duplicates[k] ?? []).slice());

  const missing = new Set<string>(cols.missing);
  for (const k of cols.missing) {
    const def = FIELD_DEFS.find((f) => f.key === k) as FieldDef;
    const j = header.findIndex((_, i) => {
      if (taken.has(i)) return false;
      const named = fieldsWithHelp(notes[i]);
      // A help text two fields share names a column only when just one of them is missing.
      if (!named.includes(k) || named.filter((n) => missing.has(n)).length !== 1) return false;
      const own = keyAt[i];
      if (own === undefined) return true;
      const group = groups.get(own);
      return !!group && group.length > 1 && group.includes(i);
    });
    if (j < 0) continue;
    taken.add(j);
    const own = keyAt[j];
    if (own !== undefined) {
      const group = groups.get(own) as number[];
      group.splice(group.indexOf(j), 1);
    }
    renames.push({ index: j, from: text[j], to: def.header, why: 'restored' });
    missing.delete(k);
  }

  const used = new Set(text.map(normHeader));
  for (const r of renames) used.add(normHeader(r.to));
  for (const [k, group] of groups) {
    if (group.length < 2) continue;
    const def = FIELD_DEFS.find((f) => f.key === k) as FieldDef;
    let n = 1;
    for (const i of group.slice(1)) {
      while (used.has(normHeader(copyHeader(def.header, n)))) n++;
      const to = copyHeader(def.header, n);
      used.add(normHeader(to));
      renames.push({ index: i, from: text[i], to, why: 'copy', keeps: group[0] });
      if (fieldsWithHelp(notes[i]).includes(k)) clearNotes.push(i);
    }
  }
  renames.sort((a, b) => a.index - b.index);

  const append = FIELD_DEFS.filter((f) => missing.has(f.key));
  const headers: unknown[] = header.slice();
  for (const r of renames) headers[r.index] = r.to;
  // The add-on's own hidden Status seal column is not the agency's.
  const agencyColumns = headers
    .map((h, i) =>
      normHeader(h) !== '' &&
      normHeader(h) !== normHeader(SEAL_HEADER) &&
      fieldOfHeader(h) === undefined &&
      !renames.some((r) => r.index === i && r.why === 'restored')
        ? i
        : -1,
    )
    .filter((i) => i >= 0);
  for (const f of append) headers.push(f.header);
  return { renames, append, clearNotes, agencyColumns, headers };
}

/** What setup tells the person about a header repair, one line per change. */
export function headerRepairReport(repair: HeaderRepair, existingWidth: number, hasData: boolean): string[] {
  const lines: string[] = [];
  for (const r of repair.renames) {
    const at = columnLetter(r.index + 1);
    if (r.why === 'restored') {
      lines.push(`Ledger: column ${at} was headed "${r.from}"; its header is "${r.to}" again, data kept`);
    } else {
      const keep = columnLetter((r.keeps as number) + 1);
      lines.push(
        `Ledger: column ${at} repeated the header "${r.from.trim()}" of column ${keep}; renamed it "${r.to}", data kept (the add-on reads and writes only column ${keep})`,
      );
    }
  }
  if (repair.append.length) {
    lines.push(`Ledger: added columns ${repair.append.map((f) => f.header).join(', ')}`);
    // A column renamed so that setup cannot recognise it (its note removed too) keeps its data under the new header.
    const own = repair.agencyColumns.filter((i) => !repair.renames.some((r) => r.index === i));
    if (hasData && own.length) {
      const added = repair.append.map((f, i) => `${f.header} (${columnLetter(existingWidth + i + 1)})`).join(', ');
      const theirs = own.map((i) => columnLetter(i + 1)).join(', ');
      lines.push(
        `Ledger: the added columns ${added} are empty; if one of your columns (${theirs}) holds that data under another header, copy it into the added column and delete yours`,
      );
    }
  }
  return lines;
}
