// What the steps of one check share: the network with the check's options, the clock, and every
// secret known so far. Each answer is redacted of those secrets before anything reads it, so no
// later cleaning or truncation can cut a secret into an unrecognisable piece.

import type { HttpOutcome, HttpRequest, Transport, TransportOptions } from '../net/outcome.js'
import { redact } from '../text.js'

export interface CheckDeps {
  readonly transport: Transport
  /** Registers a value with the runner's log masking (core.setSecret in the Action). */
  readonly mask: (value: string) => void
  readonly userAgent: string
  readonly now?: () => number
}

export class Session {
  private readonly secrets: string[] = []

  constructor(
    readonly deps: CheckDeps,
    readonly options: TransportOptions
  ) {}

  /** Masks a credential (a secret form, an assertion, a token) and redacts it from then on. */
  secret(value: string): void {
    if (value === '' || this.secrets.includes(value)) return
    this.deps.mask(value)
    this.secrets.push(value)
  }

  async send(request: HttpRequest, options: TransportOptions = this.options): Promise<HttpOutcome> {
    return scrubOutcome(await this.deps.transport(request, options), this.secrets)
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  known(): readonly string[] {
    return this.secrets
  }

  now(): number {
    return (this.deps.now ?? Date.now)()
  }

  get userAgent(): string {
    return this.deps.userAgent
  }
}

function scrubOutcome(outcome: HttpOutcome, secrets: readonly string[]): HttpOutcome {
  if (outcome.kind === 'network') return outcome
  const headers = Object.fromEntries(Object.entries(outcome.headers).map(([k, v]) => [k, redact(v, secrets)]))
  return outcome.kind === 'response' ? { ...outcome, headers, body: redact(outcome.body, secrets) } : { ...outcome, headers }
}
