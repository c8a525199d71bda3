'use strict'
// Every operation against the in-process mock, for each engine persona.
const { test, describe } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')
const { useMockWaha } = require('../testing.js')

const [ME, BOB, CAROL, DAVE] = ['11111111111@c.us', '22222222222@c.us', '33333333333@c.us', '44444444444@c.us']

for (const engine of ['WEBJS', 'WPP', 'NOWEB', 'GOWS']) {
  test(`every operation (${engine})`, async () => {
    const mock = await w.MockWaha.start({ engine, apiKey: 'secret', seed: 7, sessions: [{ name: 'bob', phone: BOB }] })
    try {
      const client = new w.Client({ baseUrl: mock.url, apiKey: 'secret', retryBaseDelayMs: 1 })
      const me = client.groups('default')
      const bob = client.groups('bob')
      const g = await me.create('Team', [CAROL, { id: BOB }])
      assert.equal(g.subject, 'Team')
      assert.ok(g.id.endsWith('@g.us'))
      const got = await me.get(g.id)
      assert.equal(typeof got.createdAt, 'number')
      assert.deepEqual(new Set(got.participants.map((p) => p.pn)), new Set([ME, BOB, CAROL]))
      assert.ok(got.raw && typeof got.raw === 'object')

      for (const name of ['Zulu', 'Alpha']) await me.create(name, [CAROL])
      assert.equal(await me.count(), 3)
      assert.equal((await me.list({ limit: 2, offset: 1, sortBy: 'subject' })).length, 2)
      const sorted = (await me.list({ sortBy: 'subject', sortOrder: 'asc' })).map((x) => x.subject)
      assert.deepEqual(sorted, engine === 'WEBJS' || engine === 'WPP' ? ['Team', 'Zulu', 'Alpha'] : ['Alpha', 'Team', 'Zulu'])
      assert.ok((await me.list({ excludeParticipants: true })).every((x) => x.participants.length === 0))
      const seen = []
      for await (const x of me.iter({ pageSize: 2 })) seen.push(x.id)
      assert.equal(seen.length, 3)

      await me.setSubject(g.id, 'Team 2026')
      await me.setDescription(g.id, 'Ours')
      for (const [getter, setter, value] of [
        ['infoAdminOnly', 'setInfoAdminOnly', true],
        ['messagesAdminOnly', 'setMessagesAdminOnly', true],
        ['memberAddMode', 'setMemberAddMode', false],
        ['memberShareHistoryMode', 'setMemberShareHistoryMode', true],
      ]) {
        await me[setter](g.id, value)
        assert.equal(await me[getter](g.id), value, getter)
      }
      const renamed = await me.get(g.id)
      assert.deepEqual([renamed.subject, renamed.description], ['Team 2026', 'Ours'])

      const out = await me.addParticipants(g.id, [DAVE, CAROL])
      assert.deepEqual(out.map((o) => [o.ok, o.code]), [[true, 200], [false, 409]])
      assert.ok((await me.promote(g.id, [DAVE]))[0].ok)
      const roles = Object.fromEntries((await me.participants(g.id)).map((p) => [p.pn, p.role]))
      assert.equal(roles[DAVE], 'admin')
      assert.ok((await me.demote(g.id, [DAVE]))[0].ok)
      assert.ok((await me.participantsV1(g.id)).raw)
      await me.removeParticipants(g.id, [DAVE])

      const code = await me.inviteCode(g.id)
      assert.equal((await bob.joinInfo(`https://chat.whatsapp.com/${code}`)).subject, 'Team 2026')
      const fresh = await me.revokeInviteCode(g.id)
      assert.notEqual(fresh, code)
      await assert.rejects(bob.join(code), w.EngineError)
      await bob.leave(g.id)
      await me.setMembershipApproval(g.id, true)
      assert.equal(await me.membershipApproval(g.id), true)
      assert.equal(await bob.join(fresh), null)
      assert.deepEqual((await me.joinRequests(g.id)).map((r) => r.requesterPn), [BOB])
      assert.ok((await me.approveJoinRequests(g.id, [BOB]))[0].ok)
      await bob.leave(g.id)
      await bob.join(fresh)
      assert.deepEqual((await me.rejectJoinRequests(g.id, [BOB, DAVE])).map((r) => r.ok), [true, false])

      await me.setPicture(g.id, { url: 'https://example.com/p.jpg' })
      assert.equal(await me.picture(g.id, { refresh: true }), 'https://example.com/p.jpg')
      await me.deletePicture(g.id)
      assert.equal(await me.picture(g.id), null)
      await me.refresh()

      const lids = client.lids('default')
      const m = await lids.lid(CAROL)
      assert.equal((await lids.phoneNumber(m.lid)).pn, CAROL)
      assert.equal(await lids.count(), (await lids.list()).length)
      assert.deepEqual((await client.sessions()).map((s) => s.name), ['bob', 'default'])
      assert.equal((await client.me('default')).id, ME)
      assert.equal((await client.session('bob')).status, 'WORKING')
      assert.equal((await client.version()).engine, engine)
      await client.ping()

      if (engine === 'WEBJS' || engine === 'WPP') {
        await me.delete(g.id)
      } else {
        await assert.rejects(me.delete(g.id), (e) => e instanceof w.NotImplementedByEngineError && e.status === 501)
        await me.leave(g.id)
      }
      assert.equal(await me.count(), 2)
    } finally {
      await mock.stop()
    }
  })
}

describe('errors and the node:test helper', () => {
  const ctx = useMockWaha({ engine: 'NOWEB', apiKey: 'secret' })

  test('every error kind arrives as its class with its fields', async () => {
    const client = ctx.client({ retryBaseDelayMs: 1 })
    const groups = client.groups('default')
    const g = await groups.create('T', [BOB])
    await assert.rejects(new w.Client({ baseUrl: ctx.mock.url, apiKey: 'bad' }).groups('default').count(), (e) => e instanceof w.AuthenticationError && e.status === 401 && e.code === 'authentication')
    await assert.rejects(client.groups('nope').count(), (e) => e instanceof w.SessionNotFoundError && e.session === 'nope')
    ctx.mock.addSession('bob', BOB)
    ctx.mock.setSessionStatus('bob', 'STOPPED')
    await assert.rejects(client.groups('bob').count(), (e) => e instanceof w.SessionNotReadyError && e.sessionStatus === 'STOPPED')
    await assert.rejects(groups.get('not-a-group'), (e) => e instanceof w.InvalidArgumentError && e.message.includes('not-a-group'))
    await assert.rejects(groups.addParticipants(g.id, '111@c.us'), (e) => e instanceof w.InvalidArgumentError && /"participants" must be a list/.test(e.message))
    ctx.mock.addFault({ operation: 'count', kind: 'rate-overlimit' })
    await assert.rejects(groups.count(), (e) => e instanceof w.RateLimitError && e.status === 500 && e.body.includes('rate-overlimit'))
    ctx.mock.clearFaults()
    for (const [status, body, cls] of [
      [400, { message: ['bad'], statusCode: 400 }, w.ValidationError],
      [403, { message: 'Forbidden', statusCode: 403 }, w.ForbiddenError],
      [404, { message: 'Cannot GET', statusCode: 404 }, w.NotFoundError],
      [422, { message: 'available only in Plus version', statusCode: 422 }, w.PlusOnlyError],
      [418, { message: 'teapot' }, w.HttpError],
    ]) {
      ctx.mock.addFault({ operation: 'get', status, body, times: 1 })
      await assert.rejects(groups.get(g.id), cls)
    }
    ctx.mock.addFault({ operation: 'create', kind: 'drop', times: 1 })
    await assert.rejects(groups.create('never twice', [BOB]), w.TransportError)
    ctx.mock.addFault({ operation: 'invite_code', status: 200, body: ['x'], times: 1 })
    await assert.rejects(groups.inviteCode(g.id), (e) => e instanceof w.DecodeError && e.body === '["x"]')
    const missingBefore = ctx.mock.journal({ operation: 'get', status: 500 }).length
    await assert.rejects(groups.get('120363000000000000@g.us'), (e) => e instanceof w.GroupNotFoundError && e instanceof w.EngineError && e.code === 'group_not_found')
    assert.equal(ctx.mock.journal({ operation: 'get', status: 500 }).length, missingBefore + 1, 'a missing group is not retried')
    ctx.mock.addFault({ operation: 'count', delayMs: 2000, times: 1 })
    const slow = ctx.client({ timeoutMs: 200, maxRetries: 0 })
    await assert.rejects(slow.groups('default').count(), w.RequestTimeoutError)
  })

  test('the helper resets the world before each test', async () => {
    assert.equal(await ctx.client().groups('default').count(), 0)
    assert.equal(ctx.mock.journal().length, 1)
  })

  test('refused setters on browser engines', async () => {
    const mock = await w.MockWaha.start({ engine: 'WEBJS', sessions: [{ name: 'bob', phone: BOB }] })
    const client = new w.Client({ baseUrl: mock.url })
    const g = await client.groups('default').create('T', [BOB])
    await assert.rejects(client.groups('bob').setMessagesAdminOnly(g.id, true), (e) => e instanceof w.RefusedError && e.body === 'false')
    await mock.stop()
  })

  test('events, simulations and state', async () => {
    const client = ctx.client()
    const g = await client.groups('default').create('T', [BOB])
    await client.groups('default').addParticipants(g.id, [CAROL])
    const [event] = ctx.mock.events({ event: 'group.v2.participants' })
    assert.equal(event.payload.kind, 'join')
    assert.equal(event.payload.participants[0].id, CAROL)
    assert.ok(ctx.mock.simulate('leave', { group: g.id, actor: CAROL }) >= 1)
    const state = ctx.mock.exportState()
    await client.groups('default').create('Extra', [BOB])
    ctx.mock.importState(state)
    assert.equal(await client.groups('default').count(), 1)
    assert.throws(() => ctx.mock.addFault({ kind: 'boom' }), /unknown fault kind/)
  })
})

test('list takes each raw from the answer in place: the JSON get answers with, multi-byte text too', async () => {
  for (const engine of ['WEBJS', 'NOWEB']) { // an array page, and NOWEB's id-keyed map
    const mock = await w.MockWaha.start({ engine })
    try {
      const me = new w.Client({ baseUrl: mock.url }).groups('default')
      for (const name of ['Équipe 🚀', 'Zoë', 'plain']) await me.create(name, [BOB])
      const listed = await me.list()
      assert.deepEqual(listed.map((g) => g.subject).sort(), ['Zoë', 'plain', 'Équipe 🚀'].sort(), engine)
      // Read out of order: the last group's raw first.
      for (const g of listed.slice().reverse()) {
        const got = await me.get(g.id)
        assert.deepEqual([g.raw, g.participants], [got.raw, got.participants], `${engine} ${g.subject}`)
      }
    } finally {
      await mock.stop()
    }
  }
})

test('100 parallel calls run concurrently (not through the 4-thread libuv pool)', async () => {
  const mock = await w.MockWaha.start({ engine: 'GOWS' })
  const client = new w.Client({ baseUrl: mock.url })
  mock.addFault({ operation: 'count', delayMs: 300 })
  const started = Date.now()
  const results = await Promise.all(Array.from({ length: 100 }, () => client.groups('default').count()))
  const elapsed = Date.now() - started
  assert.equal(results.length, 100)
  assert.ok(results.every((n) => n === 0))
  // Serialised: 30 s; four at a time: 7.5 s. Concurrent: about one delay.
  assert.ok(elapsed < 3000, `100 calls with 300 ms latency took ${elapsed} ms`)
  await mock.stop()
})

test('the client never shows its API key', () => {
  const c = new w.Client({ baseUrl: 'http://127.0.0.1:9', apiKey: 'very-secret' })
  assert.ok(!require('node:util').inspect(c).includes('very-secret'))
  assert.ok(!String(c).includes('very-secret'))
  assert.throws(() => new w.Client({ baseUrl: 'not a url' }), w.InvalidArgumentError)
  process.env.WAHA_URL = 'http://127.0.0.1:9'
  try {
    assert.equal(w.Client.fromEnv().baseUrl, 'http://127.0.0.1:9')
  } finally {
    delete process.env.WAHA_URL
  }
})

test('ESM import exposes the same classes', async () => {
  const esm = await import('../index.mjs')
  assert.equal(esm.Client, w.Client)
  assert.equal(esm.RateLimitError, w.RateLimitError)
})
