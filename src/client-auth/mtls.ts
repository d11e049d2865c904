// tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2): the client certificate,
// presented in the TLS handshake, authenticates; the body only names the client.

import { withParams } from '../exchange/request.js'
import { concludeKeyAuth, describeKeyAttempts, keyAttempt } from './key-based.js'
import type { ClientAuth, TlsPlan } from './types.js'

export const mutualTls: ClientAuth<TlsPlan> = {
  family: 'tls_client_auth',
  next: (spec, attempts) => {
    const method = spec.clientAuth.method
    if (attempts.length > 0 || (method !== 'tls_client_auth' && method !== 'self_signed_tls_client_auth')) return undefined
    return { family: method }
  },
  authenticate: async (spec, _plan, request) => withParams(request, ['client_id', spec.clientId.trim()]),
  conclude: (spec, attempts) => concludeKeyAuth(spec, attempts.map(keyAttempt), undefined),
  describe: (spec, attempts) => describeKeyAttempts(spec, attempts.map(keyAttempt)),
  methodName: spec => (spec.clientAuth.method === 'self_signed_tls_client_auth' ? 'self_signed_tls_client_auth' : 'tls_client_auth')
}
