'use strict'
// examples/node run as documented (they import 'waha-groups', linked by `make test`).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync, spawn } = require('node:child_process')
const { once } = require('node:events')
const { MockWaha, Client } = require('..')
const { ROOT } = require('./helpers.js')

const EXAMPLES = path.join(ROOT, 'examples', 'node')
const env = { ...process.env }
delete env.WAHA_URL

test('quickstart.mjs', () => {
  const out = execFileSync(process.execPath, [path.join(EXAMPLES, 'quickstart.mjs')], { env, encoding: 'utf8' })
  assert.match(out, /created 120363\d+@g\.us "Team" with 2 members/)
  assert.match(out, /add 33333333333@c\.us: ok=true code=200/)
  assert.match(out, /add \+44444444444: ok=false code=403/)
  assert.match(out, /-> send 44444444444@c\.us a private invitation: code \w{8,}, expires \d{13}/)
  assert.match(out, /done: 0 groups left/)
  assert.match(out, /webhook: group\.v2\.participants participants/)
})

test('webhook_receiver.mjs verifies and prints events', async () => {
  const child = spawn(process.execPath, [path.join(EXAMPLES, 'webhook_receiver.mjs')], {
    env: { ...env, WEBHOOK_PORT: '0', WEBHOOK_HMAC_KEY: 'k', WEBHOOK_MAX_EVENTS: '2' },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  while (!out.includes('listening on')) await once(child.stdout, 'data')
  const url = out.match(/listening on (\S+)/)[1]
  const mock = await MockWaha.start({ engine: 'NOWEB', webhooks: [{ url, events: ['group.v2.join', 'group.v2.participants'], hmac: { key: 'k' } }] })
  const groups = new Client({ baseUrl: mock.url }).groups('default')
  const g = await groups.create('T', ['22222222222@c.us'])
  await groups.addParticipants(g.id, ['33333333333@c.us'])
  const [code] = await once(child, 'exit')
  await mock.stop()
  assert.equal(code, 0)
  assert.match(out, /group\.v2\.join \[default\]/)
  assert.match(out, /group\.v2\.participants \[default\] join \["33333333333@c\.us"\]/)
})

test('typed.ts passes tsc --strict', () => {
  const tsc = path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', path.join(EXAMPLES, 'tsconfig.json')], { encoding: 'utf8' })
})
