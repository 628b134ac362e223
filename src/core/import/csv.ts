/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): fields
 * separated by commas, records by CRLF (LF and lone CR accepted too), fields
 * holding commas, quotes or line breaks wrapped in double quotes, a quote inside
 * written twice. A leading byte-order mark (Excel adds one) is dropped.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (embedded line breaks count). */
  line: number;
  cells: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

export function parseCsv(text: string): CsvParse {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = s.length;
  if (n === 0) return { ok: true, records };
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    // One record.
    for (;;) {
      let cell = '';
      if (s[i] === '"') {
        const openedOn = line;
        i++;
        for (;;) {
          if (i >= n)
            return {
              ok: false,
              line: openedOn,
              message: `Line ${openedOn}: a quoted cell is never closed; check for a missing closing " in the file.`,
            };
          const ch = s[i];
          if (ch === '"') {
            if (s[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\r' || ch === '\n') {
            // Keep the line break as typed but count it once for CRLF.
            if (ch === '\r' && s[i + 1] === '\n') {
              cell += '\r\n';
              i += 2;
            } else {
              cell += ch;
              i++;
            }
            line++;
            continue;
          }
          cell += ch;
          i++;
        }
        if (i < n && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') {
          return {
            ok: false,
            line,
            message: `Line ${line}: text follows a closing quote; a quote inside a quoted cell must be written twice ("").`,
          };
        }
      } else {
        while (i < n && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') {
          cell += s[i];
          i++;
        }
      }
      cells.push(cell);
      if (i < n && s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    records.push({ line: start, cells });
  }
  return { ok: true, records };
}

/** One cell as RFC 4180 writes it. */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n');
}

export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
