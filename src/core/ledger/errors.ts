/** Errors a person sees: each names the field (a docs/product.md §3 key, or '' for the whole request). */
export interface FieldError {
  field: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function fail<T>(errors: FieldError[]): Result<T> {
  return { ok: false, errors };
}

/** One message per field and text, first seen first. */
export function dedupeErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of errors) {
    const k = `${e.field}\u0000${e.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
  return out;
}
