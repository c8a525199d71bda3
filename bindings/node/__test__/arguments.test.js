'use strict'
// Bad arguments: every one throws an InvalidArgumentError naming it, and no message prints a secret.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')

function throwsNaming(argument, fn) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof w.InvalidArgumentError, `${e.constructor.name}: ${e.message}`)
    assert.equal(e.code, 'invalid_argument')
    assert.match(e.message, new RegExp(argument), e.message)
    return true
  })
}

test('messages never quote a password or key-like query value', () => {
  for (const baseUrl of ['http://u:PASSW0RD@h/?x-api-key=SECRET', 'http://h/?api_key=SECRET', 'ftp://u:PASSW0RD@h/?token=SECRET']) {
    assert.throws(() => new w.Client({ baseUrl }), (e) => {
      assert.ok(e instanceof w.InvalidArgumentError)
      assert.ok(!/PASSW0RD|SECRET/.test(e.message + JSON.stringify(e)), e.message)
      assert.match(e.message, /\*\*\*/)
      return true
    })
  }
})

test('webhook helpers check their arguments', () => {
  const body = '{"event":"group.v2.leave","session":"default","payload":{"group":{"id":"1@g.us"}}}'
  throwsNaming('hmacKey', () => w.verifyWebhook(body, { headers: { 'X-Webhook-Hmac': 'ab' } }))
  throwsNaming('options', () => w.verifyWebhook(body))
  throwsNaming('body', () => w.verifyWebhook(42, { hmacKey: 'k' }))
  throwsNaming('hmacKey', () => w.verifyWebhook(body, { hmacKey: 42 }))
  throwsNaming('body', () => w.parseWebhook(42))
  throwsNaming('body', () => w.parseWebhook(null))
  throwsNaming('hmacKey', () => w.parseWebhook(body, { hmacKey: {} }))
  throwsNaming('headers', () => w.parseWebhook(body, { headers: [['only-a-name']] }))
  throwsNaming('hmacKey', () => w.signWebhook(body, undefined))
  throwsNaming('body', () => w.decodeResponse('get', 42))
  throwsNaming('method', () => w.decodeResponse(undefined, '{}'))
  throwsNaming('requested', () => w.decodeResponse('add_participants', '[]', [1]))
  throwsNaming('status', () => w.errorFromResponse(-1, '{}'))
  // A Uint8Array is as good as a Buffer.
  assert.equal(w.signWebhook(new TextEncoder().encode(body), 'k'), w.signWebhook(body, 'k'))
})

test('client options and session names are checked', async () => {
  throwsNaming('options', () => new w.Client())
  throwsNaming('baseUrl', () => new w.Client({ baseUrl: 42 }))
  throwsNaming('apiKey', () => new w.Client({ baseUrl: 'http://h', apiKey: 42 }))
  throwsNaming('maxRetries', () => new w.Client({ baseUrl: 'http://h', maxRetries: -1 }))
  throwsNaming('timeoutMs', () => new w.Client({ baseUrl: 'http://h', timeoutMs: 1.5 }))
  throwsNaming('retryBaseDelayMs', () => new w.Client({ baseUrl: 'http://h', retryBaseDelayMs: 2 ** 40 }))
  const client = new w.Client({ baseUrl: 'http://127.0.0.1:9' })
  throwsNaming('session', () => client.groups(42))
  throwsNaming('session', () => client.lids(undefined))
})
