// The IAM credential report: a CSV with one row per user and one for the
// root user, read with a small RFC 4180 parser (quoted fields allowed).

export type ReportRow = Record<string, string>;

const MAX_REPORT_BYTES = 64 * 1024 * 1024;
export const ROOT_USER = '<root_account>';

export function parseCsv(text: string): string[][] {
  if (text.length > MAX_REPORT_BYTES) throw new Error(`credential report is over ${MAX_REPORT_BYTES} bytes`);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** Rows keyed by the header's column names. */
export function parseCredentialReport(text: string): ReportRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || !header.includes('user') || !header.includes('mfa_active')) throw new Error('credential report has no user/mfa_active header');
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** A date cell: absent for N/A, no_information, not_supported and empty cells. */
export function dateCell(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value : undefined;
}

export function flagCell(value: string | undefined): boolean {
  return value === 'true';
}
