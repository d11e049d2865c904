#!/usr/bin/env node
// Extracts the GitHub REST operations the test stand-in serves (__tests__/servers/github-api.js)
// from GitHub's published OpenAPI description, the npm package @octokit/openapi (about 28 MB packed,
// 420 MB unpacked: too big to depend on), into __tests__/contracts/github-issues.openapi.json.
// Only parameters and request-body schemas are kept (descriptions dropped), with the package version.
//
//   mkdir /tmp/oapi && cd /tmp/oapi && npm pack @octokit/openapi && tar xzf octokit-openapi-*.tgz
//   node scripts/extract-openapi-subset.js /tmp/oapi/package
//
// Run it again after a new @octokit/openapi release to refresh the contract.

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The operations the stand-in serves, by operationId. */
export const OPERATIONS = ['issues/list-for-repo', 'issues/create', 'issues/get', 'issues/update', 'issues/create-comment', 'issues/list-comments']

const OUT = fileURLToPath(new URL('../__tests__/contracts/github-issues.openapi.json', import.meta.url))

/** Keeps what a request validator needs: type, enum, format, nullable, items, properties, required, oneOf. */
function slim(schema) {
  if (schema === null || typeof schema !== 'object') return schema
  const out = {}
  for (const key of ['type', 'enum', 'format', 'nullable', 'required', 'minimum', 'maximum', 'minItems', 'maxItems']) {
    if (key in schema) out[key] = schema[key]
  }
  if (schema.items) out.items = slim(schema.items)
  if (schema.oneOf) out.oneOf = schema.oneOf.map(slim)
  if (schema.anyOf) out.anyOf = schema.anyOf.map(slim)
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, slim(v)]))
  if ('additionalProperties' in schema) out.additionalProperties = typeof schema.additionalProperties === 'object' ? slim(schema.additionalProperties) : schema.additionalProperties
  return out
}

function main() {
  const dir = process.argv[2]
  if (!dir) {
    console.error('usage: node scripts/extract-openapi-subset.js <unpacked @octokit/openapi package dir>')
    process.exit(2)
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const spec = JSON.parse(readFileSync(join(dir, 'generated/api.github.com.deref.json'), 'utf8'))
  const operations = {}
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !OPERATIONS.includes(op.operationId)) continue
      const body = op.requestBody?.content?.['application/json']
      operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map(p => ({ name: p.name, in: p.in, required: p.required === true, schema: slim(p.schema) })),
        requestBody: body ? { required: op.requestBody.required === true, schema: slim(body.schema) } : null,
        responses: Object.keys(op.responses ?? {})
      }
    }
  }
  const missing = OPERATIONS.filter(id => !operations[id])
  if (missing.length > 0) throw new Error(`operations not found in the description: ${missing.join(', ')}`)
  const subset = {
    source: { package: pkg.name, version: pkg.version, file: 'generated/api.github.com.deref.json', openapi: spec.openapi, infoVersion: spec.info?.version },
    operations
  }
  writeFileSync(OUT, `${JSON.stringify(subset, null, 2)}\n`)
  console.log(`wrote ${OUT}: ${Object.keys(operations).length} operations from ${pkg.name}@${pkg.version}`)
}

main()
