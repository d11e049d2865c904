// What the steps of one check share: the network with the check's options, the clock, and every
// secret known so far. Answers reach the check as they came: a token is parsed from the real body
// and used as it is. Only display copies are redacted (buildResult, and the shell when it
// publishes), and redaction catches fragments, so no cleaning or cutting in between can hide a
// secret from it.

import type { Lookup } from '../endpoint/url-rules.js'
import type { HttpOutcome, HttpRequest, Transport, TransportOptions } from '../net/outcome.js'

export interface CheckDeps {
  readonly transport: Transport
  /** Registers a value with the runner's log masking (core.setSecret in the Action). */
  readonly mask: (value: string) => void
  readonly userAgent: string
  readonly now?: () => number
  /** Resolves a *.localhost name, to tell whether plain http to it stays on the machine. */
  readonly lookup?: Lookup
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
    return this.deps.transport(request, options)
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
