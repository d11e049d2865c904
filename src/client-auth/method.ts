// The client authentication registry: one line per method family. Adding a method is one file
// implementing ClientAuth, one line here, and its inputs.

import type { CheckSpec, ClientAuthFamily } from '../spec.js'
import { clientAssertion } from './assertion.js'
import { clientSecret } from './client-secret.js'
import { mutualTls } from './mtls.js'
import type { AssertionPlan, AttemptPlan, ClientAuth, SecretPlan, TlsPlan } from './types.js'

const METHODS: Readonly<Record<ClientAuthFamily, ClientAuth<SecretPlan> | ClientAuth<AssertionPlan> | ClientAuth<TlsPlan>>> = {
  client_secret: clientSecret,
  client_secret_jwt: clientAssertion,
  private_key_jwt: clientAssertion,
  tls_client_auth: mutualTls,
  self_signed_tls_client_auth: mutualTls
}

/** The method of a spec. Its plans are those the method itself makes, so the widening is safe. */
export function clientAuthFor(spec: CheckSpec): ClientAuth<AttemptPlan> {
  return METHODS[spec.clientAuth.method] as unknown as ClientAuth<AttemptPlan>
}
