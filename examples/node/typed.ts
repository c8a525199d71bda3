// A typed use of waha-groups; `tsc --strict --noEmit` checks it in `make test`.
import { Client, MockWaha, RateLimitError, type Group, type ParticipantOutcome, type WebhookEvent } from 'waha-groups'

export async function run(): Promise<number> {
  const mock: MockWaha = await MockWaha.start({ engine: 'NOWEB', apiKey: 'secret' })
  try {
    const client = new Client({ baseUrl: mock.url, apiKey: 'secret', timeoutMs: 5_000 })
    const groups = client.groups('default')
    const g: Group = await groups.create('Team', ['22222222222@c.us', { id: '33333333333@c.us' }])
    const outcomes: ParticipantOutcome[] = await groups.promote(g.id, ['22222222222@c.us'])
    const admins = outcomes.filter((o) => o.ok).map((o) => o.id)
    let listed = 0
    for await (const group of groups.iter({ pageSize: 10, sortBy: 'subject' })) listed += group.participants.length
    const events: WebhookEvent[] = mock.events()
    for (const e of events) {
      if (e.payload.type === 'participants') console.log(e.payload.kind, e.payload.groupId)
    }
    try {
      await groups.count()
    } catch (err) {
      if (err instanceof RateLimitError) console.log('retry after', err.retryAfter)
    }
    return admins.length + listed
  } finally {
    await mock.stop()
  }
}
