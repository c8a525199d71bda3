'use strict'
// Privacy-refused adds: outcomes name the caller's id, the phone number and the invitation, on every persona.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const w = require('..')

const NOW = 1_760_000_000_000
const THREE_DAYS = 3 * 24 * 3600 * 1000

for (const engine of ['WEBJS', 'WPP', 'NOWEB', 'GOWS']) {
  test(`mixed add on ${engine}`, async () => {
    const mock = await w.MockWaha.start({ engine, clockMs: NOW })
    try {
      mock.setRefusesDirectAdds('+44444444444')
      const groups = new w.Client({ baseUrl: mock.url, maxRetries: 0 }).groups('default')
      const g = await groups.create('Team', ['22222222222@c.us'])
      const outcomes = await groups.addParticipants(g.id, ['+44444444444', '55555555555', { id: '22222222222@s.whatsapp.net' }])
      assert.ok(outcomes instanceof w.ParticipantOutcomes && Array.isArray(outcomes))
      const by = Object.fromEntries(outcomes.map((o) => [o.requested, o]))
      assert.deepEqual(Object.keys(by).sort(), ['+44444444444', '22222222222@s.whatsapp.net', '55555555555'])
      const refused = by['+44444444444']
      assert.deepEqual([refused.ok, refused.code, refused.pn], [false, 403, '44444444444@c.us'])
      if (engine === 'WEBJS' || engine === 'WPP') {
        assert.deepEqual([refused.inviteSent, refused.inviteCode], [true, null])
        assert.deepEqual(outcomes.invitations(), [])
      } else {
        assert.equal(refused.inviteSent, null)
        assert.ok(typeof refused.inviteCode === 'string' && refused.inviteCode.length >= 8)
        assert.ok(refused.inviteExpiresAt >= NOW + THREE_DAYS && refused.inviteExpiresAt < NOW + THREE_DAYS + 60_000)
        assert.deepEqual(outcomes.invitations(), [refused])
      }
      const added = by['55555555555']
      assert.deepEqual([added.ok, added.code, added.pn, added.inviteCode], [true, 200, '55555555555@c.us', null])
      assert.equal(by['22222222222@s.whatsapp.net'].code, 409)
      assert.equal(outcomes.failed().length, 2)
      assert.ok(!(outcomes.failed() instanceof w.ParticipantOutcomes), 'derived arrays are plain')
      mock.setRefusesDirectAdds('44444444444@c.us', false)
      assert.ok((await groups.addParticipants(g.id, ['44444444444']))[0].ok)
      assert.throws(() => mock.setRefusesDirectAdds('not-a-phone@x'), (e) => e instanceof w.InvalidArgumentError && /not-a-phone/.test(e.message))
    } finally {
      await mock.stop()
    }
  })
}
