/**
 * zod schemas derived from the fields table. The sidebar and the server parse
 * with these same objects. zod/mini keeps the Apps Script bundle small.
 */
import * as z from 'zod/mini';
import type { FieldError, Result } from './errors';
import { FIELDS, type FieldDef, type FieldKey, type FieldValue, NUMBER_KINDS } from './fields';
import { normalizeValue } from './values';

/** `locale` matters to number fields only: their text is read in the spreadsheet's locale (values.ts). */
function fieldSchema(def: FieldDef, locale?: string) {
  return z.pipe(
    z.unknown(),
    z.transform((raw: unknown, ctx) => {
      const r = normalizeValue(def, raw, locale);
      if ('error' in r) {
        ctx.issues.push({ code: 'custom', message: r.error, input: raw });
        return z.NEVER;
      }
      return r.value;
    }),
  );
}

type FieldSchema = ReturnType<typeof fieldSchema>;

type FieldSchemas = Record<FieldKey, FieldSchema>;

export const fieldSchemas = Object.fromEntries(FIELDS.map((f) => [f.key, fieldSchema(f)])) as FieldSchemas;

/** Fields a person may set through the sidebar's edit form (no status, no code, nothing the add-on writes). */
export const EDITABLE_KEYS: readonly FieldKey[] = FIELDS.filter(
  (f) =>
    !('system' in f && f.system) && !['status', 'sparkCode', 'authorizedOn', 'authDays', 'videoUrl'].includes(f.key),
).map((f) => f.key);

function objectOf(fs: FieldSchemas, required: readonly FieldKey[], optional: readonly FieldKey[]) {
  const shape: Record<string, FieldSchema | z.ZodMiniOptional<FieldSchema>> = {};
  for (const k of optional) shape[k] = z.optional(fs[k]);
  for (const k of required) shape[k] = fs[k];
  return z.strictObject(shape);
}

function actionSchemas(fs: FieldSchemas) {
  return {
    /** A whole record as stored (used for import and re-validation of sheet rows). */
    record: objectOf(
      fs,
      [],
      FIELDS.map((f) => f.key),
    ),
    requestCode: objectOf(fs, ['videoUrl'], [...EDITABLE_KEYS, 'creatorHandle']),
    recordCode: objectOf(fs, ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays'], ['decisionNote']),
    changeStatus: objectOf(fs, ['videoUrl', 'status'], [...EDITABLE_KEYS, 'sparkCode', 'authorizedOn', 'authDays']),
    renewCode: objectOf(fs, ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays', 'decisionNote'], []),
    retireCode: objectOf(fs, ['videoUrl', 'retirementReason'], ['decisionNote']),
    updateRecord: objectOf(fs, ['videoUrl'], EDITABLE_KEYS),
  };
}

/** The schemas without a locale: number text is read by the strict rules of an unknown locale. */
export const schemas = actionSchemas(fieldSchemas);

type Schemas = typeof schemas;
const byLocale = new Map<string, Schemas>();

/** The schemas whose number fields read text in `locale`; only those fields differ. */
function schemasFor(locale: string | undefined): Schemas {
  if (locale === undefined) return schemas;
  let s = byLocale.get(locale);
  if (!s) {
    const fs = { ...fieldSchemas };
    for (const f of FIELDS) if (NUMBER_KINDS.has(f.kind)) fs[f.key] = fieldSchema(f, locale);
    s = actionSchemas(fs);
    byLocale.set(locale, s);
  }
  return s;
}

export type ActionName = keyof typeof schemas;
export type Input = Partial<Record<FieldKey, FieldValue>>;

/**
 * Parses an action's input. Every problem comes back at once, each naming its
 * field; a missing required key gets a sentence rather than zod's wording.
 * `locale` is the spreadsheet's, for number fields typed as text.
 */
export function parseInput(action: ActionName, input: unknown, locale?: string): Result<Input> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: '', message: 'The request was empty or not a form; fill in the form and try again.' }],
    };
  }
  const r = schemasFor(locale)[action].safeParse(input);
  if (r.success) return { ok: true, value: r.data as Input };
  return { ok: false, errors: issuesToErrors(r.error.issues, input as Record<string, unknown>) };
}

function issuesToErrors(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) errors.push({ field: '', message: `"${k}" is not a field this form accepts.` });
      continue;
    }
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const def = FIELDS.find((f) => f.key === field);
    if (issue.code === 'invalid_type' && def && input[field] === undefined) {
      errors.push({ field, message: `${def.header} is required.` });
      continue;
    }
    errors.push({ field, message: issue.message });
  }
  return errors;
}
