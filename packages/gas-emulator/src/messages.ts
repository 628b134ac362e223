/**
 * Service error messages in the user's language. Apps Script throws its
 * exception texts translated into the account's language, so the emulator
 * does too (env.locale), and code that decides anything by an error's English
 * text fails here as it would for a Portuguese-speaking user.
 *
 * English texts: what Apps Script throws in an English account.
 * Portuguese texts: the translation table of github.com/RomainVialard/ErrorHandler
 * (src/ErrorHandler.gs.js, ErrorHandler_._ERROR_MESSAGE_TRANSLATIONS, commit
 * 75939e2ae42899a42828ea9fb69baa87ae91bc6b), collected from real accounts.
 * A message with no sourced translation is given in English in every locale:
 * no invented wording.
 */
import type { Env } from './env';

type Params = Record<string, string | number>;

const MESSAGES = {
  /** Sheet.getRange / Range.getCell beyond the grid. */
  rangeOutsideSheet: {
    en: 'The coordinates of the range are outside the dimensions of the sheet.',
    pt: 'As coordenadas do intervalo estão fora das dimensões da página.',
  },
  /** An A1 reference that names no range. */
  rangeNotFound: {
    en: 'Range not found',
    pt: 'Intervalo não encontrado',
  },
  // Range.setValues with a 2-D array of another size. ErrorHandler's table has
  // no translation of these two, and no other source from Google or from a
  // real account was found; they stay English until one is.
  rowsMismatch: {
    en: 'The number of rows in the data does not match the number of rows in the range. The data has {data} but the range has {range}.',
  },
  columnsMismatch: {
    en: 'The number of columns in the data does not match the number of columns in the range. The data has {data} but the range has {range}.',
  },
  // A cell over 50,000 characters (https://support.google.com/docs/answer/37603).
  // The English text as real accounts report it (integrately.com/integrations/google-sheets/error,
  // qiita.com/koshilife/items/5aff56c1bb9e5d31067f for the Sheets API). ErrorHandler's
  // table at the commit above has no translation of it, so it stays English.
  cellTooLong: {
    en: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  },
  // A spreadsheet past 10,000,000 cells (https://support.google.com/docs/answer/37603). **Guess** at the
  // wording: the Sheets API's message as integrations quote it; Google's pages give the limit, not the text.
  tooManyCells: {
    en: 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  },
} satisfies Record<string, { en: string } & Record<string, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** The message in `locale` ('pt', 'pt-BR' and 'pt_BR' all mean Portuguese), English when there is no translation. */
export function localizedMessage(locale: string, key: MessageKey, params: Params = {}): string {
  const table = MESSAGES[key] as Record<string, string>;
  const lang = String(locale || 'en')
    .toLowerCase()
    .split(/[-_]/)[0];
  const text = table[lang] ?? table.en;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The message in the emulated user's language. */
export function message(env: Env, key: MessageKey, params: Params = {}): string {
  return localizedMessage(env.locale, key, params);
}
