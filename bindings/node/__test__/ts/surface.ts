// The declared types (index.d.ts, binding.d.ts) against the runtime, checked by `tsc --strict`
// and then run (surface.test.js): the member lists below must name every declared member
// (a compile error otherwise) and equal what the runtime has; every group method is called
// with arguments of its declared types and its result checked against its declared type.
import assert from 'node:assert/strict'
import * as w from 'waha-groups'
import type { NativeGroups } from '../../binding'

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Covers<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false

// The facade's group methods are exactly the native ones, which come from the core's catalogue.
const sameAsNative: Exact<Exclude<keyof w.Groups, 'session' | 'iter' | 'changeMembers'>, Exclude<keyof NativeGroups, 'startJob'>> = true

const groupMembers = [
  'create', 'list', 'iter', 'count', 'refresh', 'joinInfo', 'join', 'get', 'delete', 'leave', 'picture', 'setPicture',
  'deletePicture', 'setSubject', 'setDescription', 'infoAdminOnly', 'setInfoAdminOnly', 'messagesAdminOnly',
  'setMessagesAdminOnly', 'memberAddMode', 'setMemberAddMode', 'memberShareHistoryMode', 'setMemberShareHistoryMode',
  'membershipApproval', 'setMembershipApproval', 'inviteCode', 'revokeInviteCode', 'participants', 'participantsV1',
  'addParticipants', 'removeParticipants', 'promote', 'demote', 'joinRequests', 'approveJoinRequests', 'rejectJoinRequests',
  'changeMembers',
] as const satisfies ReadonlyArray<keyof w.Groups>
const lidsMembers = ['list', 'count', 'phoneNumber', 'lid'] as const satisfies ReadonlyArray<keyof w.Lids>
const clientMembers = ['baseUrl', 'groups', 'lids', 'sessions', 'session', 'me', 'version', 'ping', 'stats'] as const satisfies ReadonlyArray<keyof w.Client>
const mockMembers = [
  'url', 'engine', 'stop', 'reset', 'exportState', 'importState', 'addSession', 'setSessionStatus', 'setRefusesDirectAdds',
  'journal', 'events', 'deliveries', 'addFault', 'clearFaults', 'simulate', 'setClock', 'limits', 'setLimits',
  'droppedDeliveries',
] as const satisfies ReadonlyArray<keyof w.MockWaha>
const exported = [
  'Client', 'Groups', 'ParticipantOutcomes', 'Lids', 'MockWaha', 'parseWebhook', 'verifyWebhook', 'signWebhook', 'decodeResponse',
  'errorFromResponse', 'errorCodes', 'errorKinds', 'jsonSchema', 'WahaError', 'WebhookError', 'InvalidArgumentError', 'ValidationError',
  'AuthenticationError', 'ForbiddenError', 'NotFoundError', 'SessionNotFoundError', 'SessionNotReadyError', 'PlusOnlyError',
  'NotImplementedByEngineError', 'RateLimitError', 'EngineError', 'GroupNotFoundError', 'RefusedError', 'HttpError',
  'TransportError', 'RequestTimeoutError', 'DecodeError', 'WebhookMalformedError', 'SignatureMissingError',
  'SignatureMismatchError', 'SignatureAlgorithmError', 'StateFileError', 'InviteNotFoundError', 'JobReport', 'membersFromCsv',
] as const satisfies ReadonlyArray<keyof typeof w>

const complete: [
  Covers<Exclude<keyof w.Groups, 'session'>, (typeof groupMembers)[number]>,
  Covers<Exclude<keyof w.Lids, 'session'>, (typeof lidsMembers)[number]>,
  Covers<keyof w.Client, (typeof clientMembers)[number] | 'toString'>,
  Covers<keyof w.MockWaha, (typeof mockMembers)[number]>,
  Covers<keyof typeof w, (typeof exported)[number]>,
] = [true, true, true, true, true]

function runtimeMembers(cls: { prototype: object }): string[] {
  const proto = Object.getOwnPropertyNames(cls.prototype)
  return proto.filter((n) => n !== 'constructor' && n !== 'toString' && !n.startsWith('_')).sort()
}

const isGroup = (g: w.Group): boolean => typeof g.id === 'string' && typeof g.subject === 'string' && Array.isArray(g.participants)
  && g.participants.every((p) => typeof p.id === 'string' && typeof p.role === 'string') && g.raw !== undefined
const isOutcome = (o: w.ParticipantOutcome): boolean => typeof o.id === 'string' && typeof o.ok === 'boolean' && o.raw !== undefined

export async function main(): Promise<void> {
  assert.ok(sameAsNative && complete.every(Boolean))
  assert.deepEqual(runtimeMembers(w.Groups), [...groupMembers].sort())
  assert.deepEqual(runtimeMembers(w.Lids), [...lidsMembers].sort())
  assert.deepEqual(runtimeMembers(w.MockWaha), [...mockMembers].sort())
  assert.deepEqual(runtimeMembers(w.Client).filter((n) => n !== 'fromEnv'), [...clientMembers].sort())
  // `default` is the CommonJS interop wrapper tsc adds to `import * as`.
  assert.deepEqual(Object.keys(w).filter((n) => n !== 'default').sort(), [...exported].sort())

  const [bob, carol] = ['22222222222@c.us', '33333333333@c.us']
  const mock = await w.MockWaha.start({ engine: 'WEBJS', sessions: [{ name: 'bob', phone: bob }] })
  try {
    const client = new w.Client({ baseUrl: mock.url })
    const me: w.Groups = client.groups('default')
    const g: w.Group = await me.create('Team', [carol, { id: bob }])
    assert.ok(isGroup(g) && isGroup(await me.get(g.id)))
    const page: w.Group[] = await me.list({ limit: 5, sortBy: 'subject', sortOrder: 'desc', excludeParticipants: false })
    assert.ok(page.every(isGroup))
    for await (const x of me.iter({ pageSize: 1 })) assert.ok(isGroup(x))
    const seen: w.JobProgress[] = []
    const report: w.JobReport = await me.changeMembers('add', g.id, ['47777777777', 'nope'], {
      batchSize: 2, ratePerMinute: 6000, onProgress: (p: w.JobProgress) => { seen.push(p) },
    })
    const statuses: w.MemberStatus[] = report.entries.map((e: w.MemberReport) => e.status)
    assert.deepEqual(statuses, ['added', 'invalid'])
    assert.ok(!report.complete && report.failed().length === 1 && seen.every((p) => p.done <= p.total))
    const count: number = await me.count()
    assert.equal(count, 1)
    assert.equal(await me.refresh(), null)
    for (const [get, set] of [
      [me.infoAdminOnly, me.setInfoAdminOnly], [me.messagesAdminOnly, me.setMessagesAdminOnly],
      [me.memberAddMode, me.setMemberAddMode], [me.memberShareHistoryMode, me.setMemberShareHistoryMode],
      [me.membershipApproval, me.setMembershipApproval],
    ] as const) {
      assert.equal(await set.call(me, g.id, true), null)
      const flag: boolean = await get.call(me, g.id)
      assert.equal(flag, true)
    }
    await me.setMembershipApproval(g.id, false)
    assert.equal(await me.setSubject(g.id, 'Team 2'), null)
    assert.equal(await me.setDescription(g.id, 'Ours'), null)
    const outcomes: w.ParticipantOutcomes = await me.addParticipants(g.id, ['44444444444@c.us'])
    assert.ok(outcomes instanceof w.ParticipantOutcomes && outcomes.every(isOutcome) && outcomes.failed().length === 0)
    assert.ok((await me.promote(g.id, ['44444444444@c.us'])).every(isOutcome))
    assert.ok((await me.demote(g.id, ['44444444444@c.us'])).every(isOutcome))
    assert.ok((await me.removeParticipants(g.id, ['44444444444@c.us'])).every(isOutcome))
    const members: w.Participant[] = await me.participants(g.id)
    assert.ok(members.every((p) => typeof p.id === 'string'))
    const v1: w.ParticipantList = await me.participantsV1(g.id)
    assert.ok(Array.isArray(v1.participants) && v1.raw !== undefined)
    const code: string = await me.inviteCode(g.id)
    const info: w.GroupJoinInfo = await client.groups('bob').joinInfo(code)
    assert.equal(info.subject, 'Team 2')
    const fresh: string = await me.revokeInviteCode(g.id)
    await client.groups('bob').leave(g.id)
    await me.setMembershipApproval(g.id, true)
    const joined: string | null = await client.groups('bob').join(fresh)
    assert.equal(joined, null)
    const requests: w.JoinRequest[] = await me.joinRequests(g.id)
    assert.ok(requests.every((r) => typeof r.requesterId === 'string' && r.raw !== undefined))
    const approved: w.JoinRequestOutcome[] = await me.approveJoinRequests(g.id, [bob])
    assert.ok(approved.every((r) => typeof r.ok === 'boolean'))
    const rejected: w.JoinRequestOutcome[] = await me.rejectJoinRequests(g.id, [carol])
    assert.ok(rejected.every((r) => typeof r.ok === 'boolean'))
    assert.equal(await me.setPicture(g.id, { url: 'https://example.com/p.jpg' }), null)
    const url: string | null = await me.picture(g.id, { refresh: true })
    assert.equal(url, 'https://example.com/p.jpg')
    assert.equal(await me.deletePicture(g.id), null)
    const lids = client.lids('default')
    const m: w.LidMapping = await lids.lid(carol)
    assert.equal((await lids.phoneNumber(m.lid)).pn, carol)
    assert.equal(await lids.count(), (await lids.list({ limit: 100 })).length)
    const sessions: w.SessionInfo[] = await client.sessions()
    assert.ok(sessions.every((s) => typeof s.name === 'string' && s.raw !== undefined))
    const account: w.MeInfo | null = await client.me('default')
    assert.ok(account !== null && typeof account.id === 'string')
    const env: w.Environment = await client.version()
    assert.equal(env.engine, 'WEBJS')
    assert.equal(await client.ping(), null)
    assert.equal(await me.leave(g.id), null)
    const other: w.Group = await me.create('Other')
    assert.equal(await me.delete(other.id), null)
    const events: w.WebhookEvent[] = mock.events()
    assert.ok(events.length > 0 && events.every((e) => typeof e.event === 'string' && e.raw !== undefined))
  } finally {
    await mock.stop()
  }
}
