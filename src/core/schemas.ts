/**
 * zod schemas derived from the fields table. The sidebar and the server parse
 * with these same objects. zod/mini keeps the Apps Script bundle small.
 */
import * as z from 'zod/mini';
import { FieldError, Result } from './errors';
import { FIELDS, FieldDef, FieldKey, FieldValue } from './fields';
import { normalizeValue } from './values';

function fieldSchema(def: FieldDef) {
  return z.pipe(
    z.unknown(),
    z.transform((raw: unknown, ctx) => {
      const r = normalizeValue(def, raw);
      if ('error' in r) {
        ctx.issues.push({ code: 'custom', message: r.error, input: raw });
        return z.NEVER;
      }
      return r.value;
    }),
  );
}

type FieldSchema = ReturnType<typeof fieldSchema>;

export const fieldSchemas = Object.fromEntries(FIELDS.map((f) => [f.key, fieldSchema(f)])) as Record<FieldKey, FieldSchema>;

/** Fields a person may set through the sidebar's edit form (no status, no code, nothing the add-on writes). */
export const EDITABLE_KEYS: readonly FieldKey[] = FIELDS.filter(
  (f) => !('system' in f && f.system) && !['status', 'sparkCode', 'authorizedOn', 'authDays', 'videoUrl'].includes(f.key),
).map((f) => f.key);

function objectOf(required: readonly FieldKey[], optional: readonly FieldKey[]) {
  const shape: Record<string, FieldSchema | z.ZodMiniOptional<FieldSchema>> = {};
  for (const k of optional) shape[k] = z.optional(fieldSchemas[k]);
  for (const k of required) shape[k] = fieldSchemas[k];
  return z.strictObject(shape);
}

export const schemas = {
  /** A whole record as stored (used for import and re-validation of sheet rows). */
  record: objectOf([], FIELDS.map((f) => f.key)),
  requestCode: objectOf(['videoUrl'], [...EDITABLE_KEYS, 'creatorHandle']),
  recordCode: objectOf(['videoUrl', 'sparkCode', 'authorizedOn', 'authDays'], ['decisionNote']),
  changeStatus: objectOf(['videoUrl', 'status'], [...EDITABLE_KEYS, 'sparkCode', 'authorizedOn', 'authDays']),
  renewCode: objectOf(['videoUrl', 'sparkCode', 'authorizedOn', 'authDays', 'decisionNote'], []),
  retireCode: objectOf(['videoUrl', 'retirementReason'], ['decisionNote']),
  updateRecord: objectOf(['videoUrl'], EDITABLE_KEYS),
};

export type ActionName = keyof typeof schemas;
export type Input = Partial<Record<FieldKey, FieldValue>>;

/**
 * Parses an action's input. Every problem comes back at once, each naming its
 * field; a missing required key gets a sentence rather than zod's wording.
 */
export function parseInput(action: ActionName, input: unknown): Result<Input> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'The request was empty or not a form; fill in the form and try again.' }] };
  }
  const r = schemas[action].safeParse(input);
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
