// A token request before it is sent: where it goes, its headers and its form parameters. The grant
// fills in what is asked for; the client authentication method adds who is asking.

export interface TokenRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** application/x-www-form-urlencoded fields, in order. May hold the secret: never log them. */
  readonly params: readonly (readonly [string, string])[]
}

/** The body as sent: application/x-www-form-urlencoded (RFC 6749 Appendix B). */
export function formBody(request: TokenRequest): string {
  return new URLSearchParams(request.params.map(([k, v]): [string, string] => [k, v])).toString()
}

export function withParams(request: TokenRequest, ...params: (readonly [string, string])[]): TokenRequest {
  return { ...request, params: [...request.params, ...params] }
}

export function withHeader(request: TokenRequest, name: string, value: string): TokenRequest {
  return { ...request, headers: { ...request.headers, [name]: value } }
}
