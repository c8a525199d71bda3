'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')
const { MANIFEST } = require('./helpers.js')

const BODY = '{"event":"group.v2.leave","session":"default","payload":{"group":{"id":"1@g.us"},"timestamp":1740000000}}'

test('documented HMAC vector', () => {
  const v = MANIFEST.hmac_vector
  const sig = w.signWebhook(v.body, v.key)
  assert.ok(sig.startsWith(v.prefix) && sig.endsWith(v.suffix))
  assert.equal(sig, w.signWebhook(Buffer.from(v.body), Buffer.from(v.key)))
})

test('verified parse, header case and request id', () => {
  const headers = { 'x-webhook-hmac': w.signWebhook(BODY, 'k'), 'X-Webhook-Hmac-Algorithm': 'sha512', 'x-webhook-request-id': 'r1' }
  const event = w.parseWebhook(Buffer.from(BODY), { headers, hmacKey: 'k' })
  assert.equal(event.payload.type, 'leave')
  assert.equal(event.payload.groupId, '1@g.us')
  assert.equal(event.payload.timestamp, 1740000000000)
  assert.equal(event.requestId, 'r1')
  w.verifyWebhook(BODY, { headers: new Map(Object.entries(headers)), hmacKey: 'k' })
})

test('signature failures are distinct classes', () => {
  const sig = w.signWebhook(BODY, 'k')
  const cases = [
    [BODY.replace('1@g.us', '2@g.us'), { 'X-Webhook-Hmac': sig }, 'k', w.SignatureMismatchError],
    [BODY, { 'X-Webhook-Hmac': sig }, 'other', w.SignatureMismatchError],
    [BODY, {}, 'k', w.SignatureMissingError],
    [BODY, { 'X-Webhook-Hmac': sig, 'X-Webhook-Hmac-Algorithm': 'sha256' }, 'k', w.SignatureAlgorithmError],
  ]
  for (const [body, headers, hmacKey, cls] of cases) {
    assert.throws(() => w.parseWebhook(body, { headers, hmacKey }), cls)
    assert.throws(() => w.verifyWebhook(body, { headers, hmacKey }), (e) => e instanceof cls && e instanceof w.WebhookError)
  }
})

test('malformed bodies name the problem; other events are kept', () => {
  assert.throws(() => w.parseWebhook('{nope'), (e) => e instanceof w.WebhookMalformedError && /not valid JSON/.test(e.message))
  assert.throws(() => w.parseWebhook('{"event":"x","payload":{}}'), /"session"/)
  const other = w.parseWebhook('{"event":"message","session":"s","payload":{"body":"hi"}}')
  assert.deepEqual(other.payload, { type: 'other', event: 'message', raw: { body: 'hi' } })
})

test('an event reads its parts once, keeps them, and shows every field in JSON', () => {
  const body = '{"event":"group.v2.join","session":"s","metadata":{"raw":1,"participants":0,"a_b":{"payload":{}}},"me":{"id":"1@c.us","pushName":"A"},' +
    '"payload":{"group":{"id":"9@g.us","subject":"T","participants":[{"id":"2@c.us"}]},"timestamp":1740000000}}'
  const event = w.parseWebhook(Buffer.from(body))
  // A user's metadata comes back as sent: keys not camel-cased, none taken for a part index.
  assert.deepEqual(event.metadata, { raw: 1, participants: 0, a_b: { payload: {} } })
  assert.equal(event.me.pushName, 'A')
  assert.equal(event.environment, null)
  assert.strictEqual(event.payload, event.payload)
  assert.deepEqual(event.payload.group.raw, JSON.parse(body).payload.group)
  assert.deepEqual(event.payload.group.participants.map((p) => p.id), ['2@c.us'])
  assert.strictEqual(event.raw, event.raw)
  const json = JSON.parse(JSON.stringify(event))
  assert.deepEqual(Object.keys(json), ['id', 'timestamp', 'event', 'session', 'metadata', 'me', 'engine', 'environment', 'requestId', 'payload', 'raw'])
  assert.deepEqual(json.raw, JSON.parse(body))
  assert.equal(json.payload.group.id, '9@g.us')
  const shown = require('node:util').inspect(event, { depth: 4 })
  assert.ok(shown.startsWith('WebhookEvent {') && shown.includes("'9@g.us'") && !shown.includes('raw: {\n'), shown)
})
