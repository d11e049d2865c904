// The `checks` input: a YAML list of checks, each with the single-check keys, over the top-level
// inputs as defaults. Pure: the environment is passed in as a getter.

import { finding, type Finding } from '../findings/codes.js'
import { closest } from '../suggest.js'
import { CHECK_KEYS, ENV_KEYS, LIST_JOIN, type EnvGetter, type InputGetter } from './catalogue.js'

export interface ListItem {
  /** The check's name, or checks[i] when it has none yet, for messages. */
  readonly label: string
  /** The item's value for a key, else the top-level input's. */
  readonly get: InputGetter
  /** Problems found before the single-check validation (unknown keys, env vars). */
  readonly errors: readonly Finding[]
}

export interface ParsedList {
  readonly items: readonly ListItem[]
  /** Problems with the list as a whole: nothing runs. */
  readonly errors: readonly Finding[]
}

/** Parses YAML text; throws on a syntax error. */
export type YamlParser = (text: string) => unknown

/**
 * The yaml package is loaded only when a list is given: it is a quarter of the bundle, and a
 * single check should not pay its start-up (see README, Performance).
 */
export async function loadYamlParser(): Promise<YamlParser> {
  const { parse } = await import('yaml')
  // failsafe: every scalar stays a string, so a client id like 0123 keeps its leading zero.
  // logLevel error: yaml would print its warnings, which can quote the source, to the log.
  const parseText = (text: string): unknown => parse(text, { schema: 'failsafe', prettyErrors: true, uniqueKeys: true, logLevel: 'error' })
  return text => {
    const items = topLevelItems(text)
    if (items === undefined) return parseText(text)
    try {
      return items.flatMap(item => parseText(item) as unknown[])
    } catch {
      // Whatever tripped the split, the whole text gives the authoritative answer (and error lines).
      return parseText(text)
    }
  }
}

/** Anchors, aliases, document markers and directives tie items together: no split then. */
const LINKED = /(^|[\s,[{])[&*]\S|^(---|\.\.\.|%)/m

/**
 * A plain top-level block list split into its items, each still a one-item YAML list; undefined
 * when the text is anything else. Parsed item by item, 5,000 checks take about a third of the
 * memory the yaml package needs for the whole document at once (see docs/performance.md).
 */
export function topLevelItems(text: string): string[] | undefined {
  if (LINKED.test(text)) return undefined
  const lines = text.split('\n')
  const items: string[] = []
  let start = -1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '' || /^[ \t]/.test(line) || line.startsWith('#')) continue
    if (!/^-( |$)/.test(line)) return undefined
    if (start >= 0) items.push(lines.slice(start, i).join('\n'))
    // The first item keeps the comments and blank lines before it.
    start = start < 0 ? 0 : i
  }
  if (start < 0) return undefined
  items.push(lines.slice(start).join('\n'))
  return items
}

/** The yaml package's error codes a hand-written list most often hits, in words. */
const YAML_ERRORS: Readonly<Record<string, string>> = {
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'a tab used as indentation',
  DUPLICATE_KEY: 'a key given twice in one item',
  BLOCK_AS_IMPLICIT_KEY: 'a map where a value was expected (quote a value that contains ": ")',
  MISSING_CHAR: 'a closing bracket or quote is missing',
  MULTILINE_IMPLICIT_KEY: 'a key that spans lines',
  UNEXPECTED_TOKEN: 'an unexpected character'
}

/**
 * What a YAML error says, by its code and position only: yaml's own message quotes the source
 * around the error, and the source may hold a secret.
 */
export function yamlErrorText(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; linePos?: ReadonlyArray<{ line?: unknown; col?: unknown }> }
  const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : undefined
  const what = code === undefined ? 'syntax error' : (YAML_ERRORS[code] ?? code.toLowerCase().replace(/_/g, ' '))
  const at = e.linePos?.[0]
  return typeof at?.line === 'number' && typeof at.col === 'number' ? `${what} at line ${at.line}, column ${at.col}` : what
}

/** `source` names the list in messages: "Input `checks`" or "Input `checks-file` (path)". */
export function parseChecksList(text: string, topLevel: InputGetter, env: EnvGetter, parseYaml: YamlParser, source = 'Input `checks`'): ParsedList {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (error) {
    return { items: [], errors: [finding('INVALID_INPUT', `${source} is not valid YAML: ${yamlErrorText(error)}.`)] }
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    return {
      items: [],
      errors: [finding('INVALID_INPUT', `${source} must be a YAML list of checks, each a map such as "- name: genesys-eu" with token-url, client-id and client-secret-env.`)]
    }
  }
  const items: ListItem[] = []
  const errors: Finding[] = []
  doc.forEach((entry: unknown, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(finding('INVALID_INPUT', `${source}: item ${index} (checks[${index}]) must be a map of keys such as name, token-url, client-id.`))
      return
    }
    items.push(readItem(entry as Record<string, unknown>, index, topLevel, env))
  })
  return { items, errors }
}

function readItem(entry: Readonly<Record<string, unknown>>, index: number, topLevel: InputGetter, env: EnvGetter): ListItem {
  const values = new Map<string, string>()
  const unresolved = new Set<string>()
  const errors: Finding[] = []
  const name = typeof entry['name'] === 'string' && entry['name'].trim() !== '' ? entry['name'].trim() : undefined
  const label = name ?? `checks[${index}]`
  const bad = (key: string, problem: string): void => {
    errors.push(finding('INVALID_INPUT', `Check \`${label}\`: key \`${key}\` ${problem}`))
  }

  for (const [key, value] of Object.entries(entry)) {
    if (!CHECK_KEYS.includes(key)) {
      const suggestion = closest(key, CHECK_KEYS)
      bad(key, `is not a check key${suggestion ? `; did you mean \`${suggestion}\`?` : '.'} Run-wide inputs (fail-on, summary, concurrency) go on the step.`)
      continue
    }
    const text = scalarText(key, value)
    if (text === undefined) bad(key, 'must be a single value (or, for scope, required-scopes, resource, extra-params and expiry-warning-days, a list).')
    else values.set(key, text)
  }

  // Secrets come from the environment so they never have to be pasted into YAML.
  for (const key of ENV_KEYS) {
    const envName = values.get(`${key}-env`)?.trim()
    if (envName === undefined) continue
    if (values.has(key)) {
      bad(`${key}-env`, `and \`${key}\` are both set; keep one.`)
      continue
    }
    const value = env(envName)
    if (value === undefined || value.trim() === '') {
      bad(`${key}-env`, `names the environment variable ${envName}, which is not set or empty in the step's env (add it under env: from a secret).`)
      unresolved.add(key)
      continue
    }
    values.set(key, value)
  }

  // A key whose variable is missing was reported above; a stand-in keeps the single-check
  // validation from reporting it again as missing. Such a check never runs (it has errors).
  // An item's empty value means "not set here": the step's value applies. The step's `name` never
  // does: it labels the step's own check, and copied into every item it would collide.
  const get: InputGetter = key => {
    if (unresolved.has(key)) return 'unresolved'
    const own = values.get(key)
    if (own !== undefined && own.trim() !== '') return own
    return key === 'name' ? '' : topLevel(key)
  }
  return { label, get, errors }
}

function scalarText(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  const join = LIST_JOIN[key]
  if (join === undefined) return undefined
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value.join(join)
  if (key === 'extra-params' && typeof value === 'object' && !Array.isArray(value)) {
    const pairs = Object.entries(value as Record<string, unknown>)
    if (pairs.every(([, v]) => typeof v === 'string')) return pairs.map(([k, v]) => `${k}=${String(v)}`).join('\n')
  }
  return undefined
}
