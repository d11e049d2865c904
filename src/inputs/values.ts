// Readers for input values: each returns the parsed value, or undefined after complaining with a
// message that names the input and the expected form. Pure.

import { finding, type Finding } from '../findings/codes.js'
import type { StatusRanges } from '../spec.js'
import { DEFAULTS, type InputGetter } from './catalogue.js'

import type { Complain } from '../endpoint/url-rules.js'

export type { Complain }

/** How an error names where the bad value came from. */
export type Where = (input: string) => string

export const topLevel: Where = input => `Input \`${input}\``

/** Form fields the Action builds itself; letting extra-params set them would hide what was sent. */
const RESERVED_PARAMS = new Set(['grant_type', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type'])
const DEDICATED_PARAMS: Readonly<Record<string, string>> = { scope: 'scope', audience: 'audience', resource: 'resource' }

/** Trimmed values with action.yml's defaults filled in. */
export function withDefaults(raw: InputGetter): (name: string) => string {
  return name => {
    const value = raw(name).trim()
    return value === '' ? (DEFAULTS[name] ?? '') : value
  }
}

export function complainer(errors: Finding[], where: Where): Complain {
  return (input, problem) => errors.push(finding('INVALID_INPUT', `${where(input)} ${problem}`))
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], input: string, bad: Complain): T | undefined {
  const match = allowed.find(a => a.toLowerCase() === value.toLowerCase())
  if (match !== undefined) return match
  bad(input, `must be one of ${allowed.map(a => `\`${a}\``).join(', ')}; got "${clip(value)}".`)
  return undefined
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
export function bool(value: string, input: string, bad: Complain): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  bad(input, `must be \`true\` or \`false\`; got "${clip(value)}".`)
  return undefined
}

interface NumberRule {
  readonly min: number
  readonly max: number
  readonly integer: boolean
}

export function number(value: string, input: string, rule: NumberRule, bad: Complain): number | undefined {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN
  if (Number.isNaN(n) || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
    const kind = rule.integer ? 'a whole number' : 'a number of seconds'
    bad(input, `must be ${kind} from ${rule.min} to ${rule.max}; got "${clip(value)}".`)
    return undefined
  }
  return n
}

/**
 * Expiry thresholds: one whole number of days (`14`) or a comma-separated list (`30,14,7,1`), each
 * from 0 to 3650; returned widest first, without repeats.
 */
export function dayList(value: string, input: string, bad: Complain): number[] | undefined {
  const parts = value.split(',').map(p => p.trim())
  const days = parts.map(p => (/^\d+$/.test(p) ? Number(p) : NaN))
  if (parts.length === 0 || days.some(d => Number.isNaN(d) || d > 3650)) {
    bad(input, `must be a whole number of days from 0 to 3650, or a comma-separated list such as 30,14,7,1; got "${clip(value)}".`)
    return undefined
  }
  return [...new Set(days)].sort((a, b) => b - a)
}

/** `200`, `2xx`, `200,204`, `200-299`, or a comma-separated mix. */
export function statusRanges(text: string): StatusRanges | undefined {
  const ranges: Array<readonly [number, number]> = []
  for (const part of text.split(',').map(p => p.trim())) {
    const single = /^([1-5])(\d\d|xx)$/i.exec(part)
    const span = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/.exec(part)
    if (single) {
      const [, hundred, rest] = single
      ranges.push(rest!.toLowerCase() === 'xx' ? [Number(hundred) * 100, Number(hundred) * 100 + 99] : [Number(part), Number(part)])
    } else if (span && Number(span[1]) <= Number(span[2])) {
      ranges.push([Number(span[1]), Number(span[2])])
    } else {
      return undefined
    }
  }
  return ranges
}

/** ISO 8601 date (end of that day, UTC) or date-time; null when empty. */
export function expiryDate(text: string, bad: Complain): number | null {
  if (text === '') return null
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text)
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)
  // A date-time without a zone is read as UTC, whatever the runner's local zone: the result must
  // not depend on the machine.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`
  const ms = dateOnly ? Date.parse(`${text}T23:59:59Z`) : dateTime ? Date.parse(zoned) : NaN
  // Date.parse rolls 2027-02-30 over into March: a date must come back as written.
  if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== text)) {
    bad('secret-expires-at', `must be an ISO 8601 date or date-time such as 2027-03-01 or 2027-03-01T12:00:00Z; got "${clip(text)}".`)
    return null
  }
  return ms
}

/** RFC 8707 §2: each resource is an absolute URI without a fragment. */
export function resourceList(value: string, bad: Complain): string[] {
  const lines = value.split(/\r?\n/).map(l => l.trim()).filter(Boolean)
  for (const line of lines) {
    if (!URL.canParse(line) || new URL(line).hash !== '') bad('resource', `must list absolute URIs without #fragment, one per line; "${clip(line)}" is not one.`)
  }
  return lines
}

export function paramList(value: string, bad: Complain): Array<readonly [string, string]> {
  const params: Array<readonly [string, string]> = []
  const lines = value.split(/\r?\n/).map(l => l.trim())
  for (const [index, line] of lines.entries()) {
    if (line === '') continue
    const eq = line.indexOf('=')
    const key = eq > 0 ? line.slice(0, eq).trim() : ''
    if (key === '') {
      bad('extra-params', `must hold one key=value per line; line ${index + 1} has no key.`)
      continue
    }
    if (RESERVED_PARAMS.has(key)) {
      bad('extra-params', `may not set \`${key}\`: the Action sends it itself (client-id, client-secret, auth-placement).`)
      continue
    }
    const dedicated = DEDICATED_PARAMS[key]
    if (dedicated !== undefined) {
      bad('extra-params', `may not set \`${key}\`: use the \`${dedicated}\` input.`)
      continue
    }
    params.push([key, line.slice(eq + 1).trim()])
  }
  return params
}

/** Echo user text back in an error without flooding the log. */
export function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine
}
