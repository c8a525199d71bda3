'use strict'
// Every shared fixture decodes to the facts in tests/fixtures/manifest.json, from Node.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const w = require('..')
const { FIXTURES, MANIFEST, checkFacts } = require('./helpers.js')

const read = (file) => fs.readFileSync(path.join(FIXTURES, file))

test('every REST fixture decodes to its facts', () => {
  assert.ok(MANIFEST.rest.length >= 80)
  for (const e of MANIFEST.rest) {
    const body = read(e.file).toString()
    if (e.expect_error) {
      assert.throws(() => w.decodeResponse(e.operation, body, e.requested), (err) => err instanceof w.WahaError && err.code === e.expect_error.kind, e.file)
      continue
    }
    assert.deepEqual(checkFacts(w.decodeResponse(e.operation, body, e.requested), e.expect), [], e.file)
  }
})

test('every error fixture maps to its class', () => {
  for (const e of MANIFEST.errors) {
    const body = read(e.file).toString()
    const err = w.errorFromResponse(e.status, body, 'default')
    assert.ok(err instanceof w.WahaError && err instanceof Error, e.file)
    assert.equal(err.code, e.expect.kind, e.file)
    assert.equal(err.status, e.status)
    assert.equal(err.body, body)
    if (e.expect.session) assert.equal(err.session, e.expect.session)
    if (e.expect.session_status) assert.equal(err.sessionStatus, e.expect.session_status)
    if (e.expect.message_contains) assert.ok(err.message.includes(e.expect.message_contains), err.message)
  }
})

test('every webhook fixture parses to its facts', () => {
  for (const e of MANIFEST.webhooks) {
    const body = read(e.file)
    const event = w.parseWebhook(body)
    assert.deepEqual(checkFacts(event, e.expect), [], e.file)
    assert.deepEqual(event.raw, JSON.parse(body.toString()), e.file)
  }
})

test('every error code has a class, and instanceof works', () => {
  const byCode = {
    invalid_argument: w.InvalidArgumentError, rate_limited: w.RateLimitError, not_implemented: w.NotImplementedByEngineError,
    signature_mismatch: w.SignatureMismatchError, timeout: w.RequestTimeoutError, transport: w.TransportError,
  }
  assert.equal(w.errorCodes().length, 23)
  assert.ok(w.GroupNotFoundError.prototype instanceof w.EngineError)
  // The classes are the core's table: each kind's class has its name and extends its base.
  assert.deepEqual(w.errorKinds().map((k) => k.code), w.errorCodes())
  for (const { code, className, baseClass } of w.errorKinds()) {
    assert.equal(w[className].name, className, code)
    assert.equal(Object.getPrototypeOf(w[className]), w[baseClass], code)
  }
  for (const code of w.errorCodes()) {
    const err = w.errorFromResponse(500, '{}')
    assert.ok(err instanceof w.EngineError)
    assert.ok(code.length > 0)
  }
  for (const [code, cls] of Object.entries(byCode)) {
    assert.ok(w.errorCodes().includes(code))
    assert.ok(cls.prototype instanceof w.WahaError, code)
  }
  assert.ok(w.SignatureMismatchError.prototype instanceof w.WebhookError)
})

test('jsonSchema', () => {
  assert.equal(w.jsonSchema('Group').title, 'Group')
  assert.equal(w.jsonSchema('openapi').openapi, '3.1.0')
  assert.throws(() => w.jsonSchema('Nope'), (e) => e instanceof w.InvalidArgumentError && /known: openapi/.test(e.message))
})
