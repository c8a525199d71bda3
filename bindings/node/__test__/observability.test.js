'use strict'
// What the SDK did, from Node: onEvent for a retried and a rate-limited call (no secret in
// them), DEBUG=waha-groups, client.stats(), the invite error kind, and the mock's bounds.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { spawnSync } = require('node:child_process')
const w = require('..')

const KEY = 'sup3r-secret-key-never-logged'

// Events arrive through a threadsafe function: give the event loop a turn.
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

test('a retried call reports each attempt without the key', async () => {
  const mock = await w.MockWaha.start({ engine: 'NOWEB', apiKey: KEY })
  try {
    const events = []
    const client = new w.Client({ baseUrl: mock.url, apiKey: KEY, retryBaseDelayMs: 1, onEvent: (e) => events.push(e) })
    const g = await client.groups('default').create('Logged', [])
    mock.addFault({ operation: 'get', kind: 'rate-overlimit', times: 1 })
    events.length = 0
    await client.groups('default').get(g.id)
    await settle()
    assert.deepEqual(events.map((e) => e.kind), ['failed', 'retry', 'call'])
    for (const e of events) assert.deepEqual([e.operation, e.session, e.groupId], ['get', 'default', g.id])
    assert.deepEqual([events[0].status, events[0].error, events[0].attempt], [500, 'rate_limited', 1])
    assert.ok(events[1].waitMs > 0 && events[2].attempt === 2 && events[2].status === 200)
    assert.ok(events.every((e) => typeof e.durationMs === 'number'))
    assert.ok(!JSON.stringify(events).includes(KEY))
    assert.deepEqual(client.stats(), { calls: 2, retries: 1, rateLimited: 1, errors: {} })
  } finally {
    await mock.stop()
  }
})

test('a rate-limited call is counted and reported', async () => {
  const mock = await w.MockWaha.start({ engine: 'GOWS' })
  try {
    const events = []
    const client = new w.Client({ baseUrl: mock.url, maxRetries: 1, retryBaseDelayMs: 1, onEvent: (e) => events.push(e) })
    mock.addFault({ operation: 'count', kind: 'rate-overlimit', times: 5 })
    await assert.rejects(client.groups('default').count(), w.RateLimitError)
    await settle()
    assert.deepEqual(events.map((e) => e.kind), ['failed', 'retry', 'failed'])
    assert.deepEqual(client.stats(), { calls: 1, retries: 1, rateLimited: 2, errors: { rate_limited: 1 } })
    assert.throws(() => new w.Client({ baseUrl: mock.url, onEvent: 3 }), w.InvalidArgumentError)
  } finally {
    await mock.stop()
  }
})

test('DEBUG=waha-groups prints the events on stderr, without the key', () => {
  const script = `
    const w = require(${JSON.stringify(require.resolve('..'))})
    ;(async () => {
      const mock = await w.MockWaha.start({ apiKey: ${JSON.stringify(KEY)} })
      const client = new w.Client({ baseUrl: mock.url, apiKey: ${JSON.stringify(KEY)} })
      await client.groups('default').count()
      await new Promise((r) => setTimeout(r, 50))
      await mock.stop()
    })()`
  const stderrWith = (debug) =>
    spawnSync(process.execPath, ['-e', script], { env: { ...process.env, DEBUG: debug }, encoding: 'utf8' }).stderr
  assert.equal(stderrWith('other'), '')
  const stderr = stderrWith('waha-groups')
  assert.match(stderr, /waha-groups call count .*status=200/)
  assert.ok(!stderr.includes(KEY))
})

test('an unknown invite code has its own error and is not retried', async () => {
  for (const engine of ['WEBJS', 'NOWEB', 'GOWS']) {
    const mock = await w.MockWaha.start({ engine })
    try {
      const groups = new w.Client({ baseUrl: mock.url }).groups('default')
      await assert.rejects(groups.joinInfo('AbCdEfGhIjKlMnOpQrStUv'), (e) => e instanceof w.InviteNotFoundError && e instanceof w.EngineError && e.code === 'invite_not_found')
      await assert.rejects(groups.join('AbCdEfGhIjKlMnOpQrStUv'), w.InviteNotFoundError)
      assert.equal(mock.journal({ operation: 'join_info' }).length, 1, engine)
    } finally {
      await mock.stop()
    }
  }
})

test("the mock's bounds from Node", async () => {
  // A receiver that accepts connections and never answers: deliveries wait, the queue fills.
  const silent = net.createServer(() => {})
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const hook = { url: `http://127.0.0.1:${silent.address().port}/hook`, events: ['group.v2.participants'] }
  const mock = await w.MockWaha.start({ engine: 'NOWEB', webhooks: [hook], webhookQueueBound: 2, maxBodyBytes: 2000 })
  try {
    const groups = new w.Client({ baseUrl: mock.url }).groups('default')
    const g = await groups.create('Bounded', [])
    for (let n = 0; n < 12; n++) await groups.addParticipants(g.id, [`49170000${String(n).padStart(4, '0')}`])
    const deadline = Date.now() + 5000
    while (mock.droppedDeliveries === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    assert.ok(mock.droppedDeliveries >= 1)
    const members = Array.from({ length: 200 }, (_, n) => `4917${String(n).padStart(8, '0')}`)
    await assert.rejects(groups.create('Big', members), (e) => e instanceof w.HttpError && e.status === 413)
    await assert.rejects(w.MockWaha.start({ webhookQueueBound: 0 }), w.InvalidArgumentError)
  } finally {
    await mock.stop()
    silent.close()
  }
})
