// The one road for untrusted text. Every string from a server or an input reaches a human or a
// file through here, in this order:
//
//   decode (JSON, HTML entities, percent-encoding, any case) → redact every known secret form and
//   any run of FRAGMENT characters of one → neutralise (workflow commands, Markdown/HTML, invisible
//   characters shown as <U+XXXX>) → cut.
//
// Redaction works on display copies only: the values a check uses (the token it probes with or
// exports) are never passed through here.

/** A run of this many characters of a secret is a leak, wherever it sits in the secret. */
export const FRAGMENT = 6
/** Exact forms shorter than this are not redacted: they would garble ordinary words. */
export const MIN_REDACTED = 4
export const REDACTED = '***'

// ── decode ──────────────────────────────────────────────────────────────────────────────────────

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', sol: '/', bsol: '\\', plus: '+',
  equals: '=', colon: ':', semi: ';', comma: ',', period: '.', excl: '!', quest: '?', num: '#',
  percnt: '%', commat: '@', dollar: '$', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrack: '[',
  rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', ast: '*', midast: '*', verbar: '|',
  vert: '|', grave: '`', hat: '^', tilde: '~', lowbar: '_', UnderBar: '_', hyphen: '-', dash: '-',
  Tab: ' ', NewLine: ' '
}

function fromCodePoint(n: number): string {
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd'
}

/** HTML character references: `&#64;`, `&#x40;`, `&commat;` (the semicolon optional, as browsers read them). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});?/g, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return fromCodePoint(parseInt(ref.slice(2), 16))
    if (ref.startsWith('#')) return fromCodePoint(parseInt(ref.slice(1), 10))
    return NAMED_ENTITIES[ref] ?? whole
  })
}

/** `%40`, `%2f`, `%2F`: runs of percent-escapes decoded as UTF-8 (invalid bytes become U+FFFD). */
export function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, run => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'))
}

/** JSON string escapes found outside a parseable document: `\/`, `\"`, `\\`, `\u0040`, `\n`. */
export function decodeJsonEscapes(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_whole, e: string) => {
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16))
    return ({ b: ' ', f: ' ', n: ' ', r: ' ', t: ' ' } as Record<string, string>)[e] ?? e
  })
}

/** A parsed JSON value as one readable line: `error: invalid_client, error_description: …`. */
function flattenJson(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value
  if (value === null || typeof value !== 'object') return String(value)
  if (depth > 8) return '…'
  if (Array.isArray(value)) return value.map(v => flattenJson(v, depth + 1)).join(', ')
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${flattenJson(v, depth + 1)}`)
    .join(', ')
}

/**
 * The logical string a server meant: a JSON document is parsed and its strings used; entities,
 * percent-escapes and stray JSON escapes are decoded until nothing changes (a double-encoded
 * secret is still the secret).
 */
export function decodeText(text: string): string {
  let out = text
  const trimmed = text.trim().replace(/^\ufeff/, '')
  if (/^[[{"]/.test(trimmed)) {
    try {
      out = flattenJson(JSON.parse(trimmed) as unknown)
    } catch {
      // Not a whole JSON document (or cut short): the escape decoding below still applies.
    }
  }
  for (let round = 0; round < 4; round++) {
    const next = decodePercent(decodeEntities(decodeJsonEscapes(out)))
    if (next === out) break
    out = next
  }
  return out
}

// ── redact ──────────────────────────────────────────────────────────────────────────────────────

/** The secret values a display copy must not show. Build once per set of secrets. */
export class Redactor {
  /** Exact forms by their first MIN_REDACTED characters, longest first: one pass finds them all. */
  private readonly exact: ReadonlyMap<string, readonly string[]>
  private readonly grams: ReadonlySet<string>

  /**
   * `benign` is text that is ours or the user's own and not secret: our messages' vocabulary and
   * the configured names, ids and URLs. A run of a secret that also occurs there is not evidence
   * of a leak (a secret `short-s3cr3t…` and a check named `short-lived` share `short-`), so it is
   * not redacted as a fragment; the whole secret and its forms always are. Each list's fragments
   * are computed once per list (OWN_WORDS is shared by every Redactor).
   */
  constructor(secrets: Iterable<string>, ...benign: ReadonlyArray<readonly string[]>) {
    const sources = new Set<string>()
    for (const s of secrets) {
      if (s.length < MIN_REDACTED) continue
      sources.add(s)
      // What a form-encoded secret decodes to when '+' is left as it is.
      if (s.includes(' ')) sources.add(s.replace(/ /g, '+'))
    }
    const exact = new Map<string, string[]>()
    for (const form of [...sources].sort((a, b) => b.length - a.length)) {
      const key = form.slice(0, MIN_REDACTED)
      exact.set(key, [...(exact.get(key) ?? []), form])
    }
    this.exact = exact
    const grams = new Set<string>()
    for (const s of sources) {
      // PEM armour lines are the same in every key: not a fragment of this one.
      for (const line of s.split(/\r?\n/)) {
        if (line.startsWith('-----')) continue
        for (let i = 0; i + FRAGMENT <= line.length; i++) grams.add(line.slice(i, i + FRAGMENT))
      }
    }
    const benignSets = benign.map(gramsOf)
    for (const gram of grams) if (benignSets.some(set => set.has(gram))) grams.delete(gram)
    this.grams = grams
  }

  get empty(): boolean {
    return this.exact.size === 0
  }

  /** Replaces every secret form, and every run of FRAGMENT or more of a secret's characters, with ***. */
  redactRaw(text: string): string {
    if (this.empty || text.length < MIN_REDACTED) return text
    const hit = new Uint8Array(text.length)
    let any = false
    for (let i = 0; i + MIN_REDACTED <= text.length; i++) {
      const forms = this.exact.get(text.slice(i, i + MIN_REDACTED))
      const form = forms?.find(f => text.startsWith(f, i))
      if (form !== undefined) {
        hit.fill(1, i, i + form.length)
        any = true
      }
    }
    for (let i = 0; this.grams.size > 0 && i + FRAGMENT <= text.length; i++) {
      if (this.grams.has(text.slice(i, i + FRAGMENT))) {
        hit.fill(1, i, i + FRAGMENT)
        any = true
      }
    }
    if (!any) return text
    let result = ''
    for (let i = 0; i < text.length; i++) {
      if (hit[i] === 0) result += text[i]
      else if (i === 0 || hit[i - 1] === 0) result += REDACTED
    }
    return result
  }

  /** Whether the text shows a secret or a fragment of one. */
  reveals(text: string): boolean {
    return this.redactRaw(text) !== text
  }

  /**
   * Redacts the text as it is and as it decodes: when its logical string (JSON, entities,
   * percent-escapes) still shows a secret, the decoded and redacted string is what is shown.
   */
  redact(text: string): string {
    if (this.empty) return text
    const raw = this.redactRaw(text)
    const decoded = decodeText(raw)
    return decoded !== raw && this.reveals(decoded) ? this.redactRaw(decoded) : raw
  }
}

const GRAMS = new WeakMap<readonly string[], ReadonlySet<string>>()

/** Every FRAGMENT-character run of a list of texts, remembered per list. */
function gramsOf(texts: readonly string[]): ReadonlySet<string> {
  const known = GRAMS.get(texts)
  if (known) return known
  const set = new Set<string>()
  for (const text of texts) for (let i = 0; i + FRAGMENT <= text.length; i++) set.add(text.slice(i, i + FRAGMENT))
  GRAMS.set(texts, set)
  return set
}

/** One-off redaction; prefer a Redactor when the same secrets redact many strings. */
export function redact(text: string, secrets: readonly string[]): string {
  return new Redactor(secrets).redact(text)
}

/** Every string in a JSON-like value redacted and its invisible characters shown; structure kept. */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return showInvisible(redactor.redact(v))
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}

// ── neutralise ──────────────────────────────────────────────────────────────────────────────────

/**
 * Characters that make text read differently from what it is: zero-width characters, bidi
 * controls, the BOM, Unicode tag characters (U+E0000–E007F), soft hyphen, variation selectors,
 * and the C0/C1 controls other than the whitespace that cleaning folds into spaces.
 */
// Intentional: these are the characters to find, combining ones included.
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu

/** Invisible characters as visible escapes: `a\u200Bb` → `a<U+200B>b`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, c => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`)
}

/** One line, invisible characters shown, at most `max` characters. Does not decode or redact. */
export function cleanServerText(text: string, max = 300): string {
  const flat = showInvisible(text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')).replace(/\s+/g, ' ').trim()
  return cut(flat, max)
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text
  // Never end inside a <U+XXXX> escape or a surrogate pair.
  let end = max - 1
  const open = text.lastIndexOf('<U+', end)
  if (open !== -1 && text.indexOf('>', open) >= end) end = open
  if (/[\ud800-\udbff]/.test(text.charAt(end - 1))) end--
  return `${text.slice(0, end)}…`
}

/**
 * Server text where it enters a finding or a report field: decoded to its logical string,
 * cleaned to one line, cut. Redaction of the check's secrets happens where the result is built
 * and again where it is published (the Redactor sees every secret known by then).
 */
export function serverText(text: string, max = 300): string {
  return cleanServerText(decodeText(text), max)
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

export type DisplayTarget = 'log' | 'summary' | 'plain'

/** The whole road for one string: redact (as it is and as it decodes) → neutralise for the target → cut. */
export function display(text: string, redactor: Redactor, target: DisplayTarget, max = 500): string {
  const safe = redactor.redact(text)
  return target === 'log' ? safeLogText(safe, max) : target === 'summary' ? escapeSummary(safe, max) : cleanServerText(safe, max)
}
