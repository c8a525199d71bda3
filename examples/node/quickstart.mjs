// The group lifecycle with waha-groups, against an in-process mock WAHA
// (or a real one: WAHA_URL, WAHA_API_KEY, WAHA_SESSION).
import { Client, MockWaha, RefusedError } from 'waha-groups'

const BOB = '22222222222@c.us'
const CAROL = '33333333333@c.us'
const DAVE = '+44444444444' // refuses direct adds (in the mock; on a real WAHA, whoever does)

const mock = process.env.WAHA_URL ? null : await MockWaha.start({ engine: 'GOWS', apiKey: 'secret' })
mock?.setRefusesDirectAdds(DAVE)
const client = mock ? new Client({ baseUrl: mock.url, apiKey: 'secret' }) : Client.fromEnv()
const groups = client.groups(process.env.WAHA_SESSION ?? 'default')

const g = await groups.create('Team', [BOB])
console.log(`created ${g.id} "${g.subject}" with ${g.participants.length} members`)
await groups.setSubject(g.id, 'Team 2026')
const outcomes = await groups.addParticipants(g.id, [CAROL, DAVE])
for (const o of outcomes) console.log(`add ${o.requested ?? o.id}: ok=${o.ok} code=${o.code}`)
// 403: their privacy settings allow joining by invitation only; WhatsApp created one.
for (const o of outcomes.invitations()) console.log(`-> send ${o.pn ?? o.id} a private invitation: code ${o.inviteCode}, expires ${o.inviteExpiresAt}`)
await groups.promote(g.id, [CAROL])
for (const p of await groups.participants(g.id)) console.log(`  ${p.id} pn=${p.pn ?? '-'} ${p.role}`)
console.log(`new invite link: https://chat.whatsapp.com/${await groups.revokeInviteCode(g.id)}`)
for await (const group of groups.iter({ pageSize: 50 })) console.log(`listed ${group.id} "${group.subject}"`)
try {
  await groups.setSubject(g.id, 'Renamed')
} catch (err) {
  if (!(err instanceof RefusedError)) throw err
  console.log(`WhatsApp refused: ${err.message}`)
}
await groups.leave(g.id)
console.log(`done: ${await groups.count()} groups left`)
if (mock) {
  for (const e of mock.events({ session: 'default' })) console.log(`webhook: ${e.event} ${e.payload.type}`)
  await mock.stop()
}
