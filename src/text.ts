// Every byte from a server is untrusted. These helpers make server text safe for each place it
// can land: a finding (clean + redact), the job summary (escape HTML/Markdown), the log (no
// workflow commands).

/** C0/C1 controls, DEL, line/paragraph separators and bidi overrides: nothing a message needs. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g

/** One line, no control characters, at most `max` characters. */
export function cleanServerText(text: string, max = 300): string {
  const flat = text.replace(UNSAFE_CHARS, ' ').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * Replaces every known secret form (longest first, so a part never leaves a tail) with ***.
 * Values under 4 characters are left alone: redacting them would garble ordinary words.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of [...secrets].filter(s => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('***')
  }
  return out
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '|': '&#124;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  '\\': '&#92;'
}

/**
 * Escapes text for the job summary, where it may sit in a Markdown table cell or an HTML block:
 * every character that HTML or GitHub Markdown gives meaning to inside a line becomes an entity,
 * URLs are kept from turning into links (a server must not plant a link in our report), and the
 * text stays on one line (a blank line would end an HTML block and restart Markdown parsing).
 */
export function escapeSummary(text: string, max = 500): string {
  return cleanServerText(text, max)
    .replace(/[&<>"'`|*_[\]~\\]/g, c => HTML_ENTITIES[c] ?? c)
    .replace(/:\/\//g, '&#58;//')
    .replace(/\bwww\./gi, m => `${m.slice(0, 3)}&#46;`)
}

/**
 * Makes text safe for a log line: one line, and no `::` or `##[` that the runner could read as a
 * workflow command (it trims leading space before it looks, so position alone is no defence).
 */
export function safeLogText(text: string, max = 500): string {
  return cleanServerText(text, max).replace(/::/g, ': :').replace(/##\[/g, '## [')
}
