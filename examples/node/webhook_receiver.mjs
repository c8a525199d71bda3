// A webhook receiver with node:http only: verifies WAHA's HMAC signature and prints each
// group event once (retries carry the same envelope id).
//   WEBHOOK_HMAC_KEY=secret node examples/node/webhook_receiver.mjs        # 127.0.0.1:8080
//   waha-mock --port 0 --webhook http://127.0.0.1:8080/ --hmac-key secret
// WEBHOOK_PORT (0 = any), WEBHOOK_MAX_EVENTS (exit after that many).
import http from 'node:http'
import { parseWebhook, WahaError } from 'waha-groups'

const key = process.env.WEBHOOK_HMAC_KEY
const max = Number(process.env.WEBHOOK_MAX_EVENTS ?? 0)
const seen = new Set()

const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    try {
      const event = parseWebhook(Buffer.concat(chunks), { headers: req.headers, hmacKey: key })
      const id = event.id ?? event.requestId
      if (!id || !seen.has(id)) {
        if (id) seen.add(id)
        const p = event.payload
        const detail = p.type === 'participants' ? ` ${p.kind} ${JSON.stringify(p.participants.map((m) => m.id))}` : ''
        console.log(`${event.event} [${event.session}]${detail}`)
      }
      res.writeHead(200).end()
    } catch (err) {
      if (!(err instanceof WahaError)) throw err
      console.error(`rejected: ${err.message}`)
      res.writeHead(401).end()
    }
    if (max && seen.size >= max) server.close()
  })
})
server.listen(Number(process.env.WEBHOOK_PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`)
})
