'use strict'
// The facade of the npm package `waha-groups`: checks and names arguments, turns the native
// layer's tagged errors into WahaError subclasses, gives results their lazy parts, and offers
// async iteration. Every operation runs in the Rust core; nothing here decides behaviour.

const native = require('./binding.js')

const ERROR_TAG = 'WAHA_ERROR:'

class WahaError extends Error {
  constructor(message, data = {}) {
    super(message)
    this.name = new.target.name
    this.code = data.code ?? 'waha_error'
    this.status = data.status ?? null
    this.body = data.body ?? null
    this.session = data.session ?? null
    this.sessionStatus = data.sessionStatus ?? null
    this.retryAfter = data.retryAfter ?? null
  }
}

// The classes come from the core's table of error kinds (code, class name, base class), bases first.
const errors = { WahaError }
errors.WebhookError = class WebhookError extends WahaError {}
const BY_CODE = {}
for (const { code, className, baseClass } of native.errorKinds()) {
  const base = errors[baseClass]
  if (!base) throw new Error(`waha-groups: error class ${className} extends ${baseClass}, which is not defined before it`)
  errors[className] = { [className]: class extends base {} }[className]
  BY_CODE[code] = errors[className]
}

/** The WahaError subclass for the native layer's tagged error data. */
function fromData(data) {
  const Cls = BY_CODE[data.code] ?? WahaError
  return new Cls(data.message, data)
}

// napi-rs' own argument conversion failures (a number where a string belongs, …).
const NAPI_ARGUMENT_CODES = new Set(['InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected', 'DateExpected', 'ArrayBufferExpected'])

function convert(err) {
  const message = err && typeof err.message === 'string' ? err.message : ''
  if (message.startsWith(ERROR_TAG)) return fromData(JSON.parse(message.slice(ERROR_TAG.length)))
  if (err && NAPI_ARGUMENT_CODES.has(err.code)) return invalid(message)
  return err
}

function invalid(message) {
  return new errors.InvalidArgumentError(`invalid_argument: ${message}`, { code: 'invalid_argument' })
}

function describe(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/** `value` if it is a string (or, with `buffer`, a Buffer/Uint8Array); else an InvalidArgumentError naming `name`. */
function checked(value, name, { buffer = false, optional = false } = {}) {
  if (optional && value == null) return null
  if (typeof value === 'string') return value
  if (buffer && value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  throw invalid(`argument "${name}" must be ${buffer ? 'a string or Buffer' : 'a string'}, got ${describe(value)}`)
}

/** Client options: numbers must be whole, ≥ 0 and fit 32 bits (napi would wrap -1 to 4294967295). */
function clientOptions(options) {
  if (options === null || typeof options !== 'object') throw invalid(`options must be an object like { baseUrl }, got ${describe(options)}`)
  checked(options.baseUrl, 'baseUrl')
  checked(options.apiKey, 'apiKey', { optional: true })
  for (const name of ['timeoutMs', 'maxRetries', 'retryBaseDelayMs']) {
    const n = options[name]
    if (n != null && !(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) {
      throw invalid(`argument "${name}" must be a whole number from 0 to 4294967295, got ${typeof n === 'number' ? n : describe(n)}`)
    }
  }
  return options
}

/**
 * The events listener: `onEvent` when given, else, with `DEBUG=waha-groups` (or `*`) in the
 * environment, one line per event on stderr.
 */
function eventListener(onEvent) {
  if (onEvent != null) {
    if (typeof onEvent !== 'function') throw invalid(`argument "onEvent" must be a function, got ${describe(onEvent)}`)
    return onEvent
  }
  const debug = (process.env.DEBUG ?? '').split(/[\s,]+/)
  if (!debug.includes('waha-groups') && !debug.includes('*')) return null
  return (e) => {
    const fields = Object.entries(e).filter(([k, v]) => v !== null && k !== 'kind' && k !== 'operation')
    console.error(`waha-groups ${e.kind} ${e.operation} ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`)
  }
}

async function wrap(promise) {
  try {
    return await promise
  } catch (err) {
    throw convert(err)
  }
}

/** The parts of a native result: before its head, each followed by NUL (see `decoded`). A part
 * is found, decoded (from a Buffer) and sliced only when it is read. */
class Parts {
  #source
  #ends = null

  /** `source`: a Buffer or a string. */
  constructor(source) {
    this.#source = source
    /** Where the head starts (after the last NUL; 0 when there are no parts). */
    this.headAt = source.lastIndexOf(typeof source === 'string' ? '\0' : 0) + 1
  }

  /** The text of part `index`. */
  text(index) {
    const source = this.#source
    const nul = typeof source === 'string' ? '\0' : 0
    if (this.#ends === null) {
      this.#ends = []
      for (let at = 0; at < this.headAt; at = this.#ends[this.#ends.length - 1] + 1) this.#ends.push(source.indexOf(nul, at))
    }
    const start = index === 0 ? 0 : this.#ends[index - 1] + 1
    const end = this.#ends[index]
    return typeof source === 'string' ? source.slice(start, end) : source.toString('utf8', start, end)
  }

  /** The head's text. */
  head() {
    const source = this.#source
    return typeof source === 'string' ? source.slice(this.headAt) : source.toString('utf8', this.headAt)
  }
}

/** `key` as a getter that builds its value from part `index` the first time it is read, then keeps it. */
function lazy(target, key, index, parts) {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      // `raw` is WAHA's JSON as sent; a moved-out value may hold parts of its own.
      const value = key === 'raw' ? JSON.parse(parts.text(index)) : withParts(JSON.parse(parts.text(index)), parts)
      Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: false })
      return value
    },
  })
}

/** Gives each model its lazy `raw`, `participants` and `payload`: the native JSON holds them as
 * part indexes (results are models, arrays of models, or events whose group has one). */
function withParts(value, parts) {
  if (Array.isArray(value)) {
    for (const item of value) withParts(item, parts)
  } else if (value !== null && typeof value === 'object') {
    for (const key of ['raw', 'participants', 'payload']) {
      if (typeof value[key] === 'number') lazy(value, key, value[key], parts)
    }
    if (value.group !== undefined) withParts(value.group, parts)
  }
  return value
}

/** A native result (a Buffer: its parts, each followed by NUL, then its head's JSON) as
 * objects: one `JSON.parse` of the head now, each part when read. */
function decoded(buffer) {
  const parts = new Parts(buffer)
  const head = JSON.parse(parts.head())
  return parts.headAt === 0 ? head : withParts(head, parts)
}

/** Awaits a native call and decodes its result. */
async function json(promise) {
  return decoded(await wrap(promise))
}

function sync(fn) {
  try {
    return fn()
  } catch (err) {
    throw convert(err)
  }
}

// Group methods: name → [parameter, kind] (from the core's operation catalogue). Each argument
// is checked here by its kind, so a wrong one is an InvalidArgumentError naming it, then the
// typed NativeGroups method of the same name runs.
const GROUP_METHODS = native.groupMethods()

const IDS = 'a list of ids (strings) or { id } objects'

function idList(value, name) {
  const iterable = typeof value !== 'string' && value != null && typeof value[Symbol.iterator] === 'function'
  if (!iterable) throw invalid(`argument "${name}" must be ${IDS}, got ${describe(value)}`)
  return Array.from(value, (item) => {
    if (typeof item === 'string') return item
    if (item !== null && typeof item === 'object' && typeof item.id === 'string') return item.id
    throw invalid(`argument "${name}" must be ${IDS}, got an item that is ${describe(item)}`)
  })
}

function bool(value, name) {
  if (typeof value !== 'boolean') throw invalid(`argument "${name}" must be a boolean, got ${describe(value)}`)
  return value
}

function options(value) {
  if (value == null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`options must be an object, got ${describe(value)}`)
  return value
}

function u32(value, name) {
  if (value == null) return undefined
  if (!(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) throw invalid(`argument "${name}" must be a whole number from 0 to 4294967295, got ${typeof value === 'number' ? value : describe(value)}`)
  return value
}

// napi reads `undefined` as an absent option (`null` is not an Option::None for it).
const optText = (value, name) => (value == null ? undefined : checked(value, name))

function listOptions(value) {
  const o = options(value)
  return {
    limit: u32(o.limit, 'limit'),
    offset: u32(o.offset, 'offset'),
    sortBy: optText(o.sortBy, 'sortBy'),
    sortOrder: optText(o.sortOrder, 'sortOrder'),
    excludeParticipants: o.excludeParticipants == null ? undefined : bool(o.excludeParticipants, 'excludeParticipants'),
  }
}

// How each argument kind is checked; options kinds read the trailing options object.
const KINDS = {
  str: (value, name) => checked(value, name),
  bool: (value, name) => bool(value, name),
  ids: (value, name) => idList(value, name),
  opt_ids: (value, name) => (value == null ? undefined : idList(value, name)),
  opt_bool: (value, name) => {
    const flag = options(value)[name]
    return flag == null ? undefined : bool(flag, name)
  },
  list_query: (value) => listOptions(value),
  picture: (value) => {
    const o = options(value)
    return { url: optText(o.url, 'url'), data: optText(o.data, 'data'), mimetype: optText(o.mimetype, 'mimetype') }
  },
}

/** The outcomes of one add / remove / promote / demote call: an array with the follow-ups. */
class ParticipantOutcomes extends Array {
  // map/filter/slice give plain arrays.
  static get [Symbol.species]() {
    return Array
  }
  /** Outcomes WhatsApp did not apply. */
  failed() {
    return this.filter((o) => !o.ok)
  }
  /** Privacy-refused adds (403) the engine did not already send an invitation for: yours to send. */
  invitations() {
    return this.filter((o) => o.needsInvitation)
  }
}

// Results that get a richer type than the parsed JSON.
const toOutcomes = (list) => ParticipantOutcomes.from(list)
const RESULT_TYPES = { addParticipants: toOutcomes, removeParticipants: toOutcomes, promote: toOutcomes, demote: toOutcomes }

class Groups {
  constructor(native, session) {
    this._client = native
    this._native = native.groups(session)
    this.session = session
  }

  /** Every group, page by page: `for await (const g of groups.iter({ pageSize: 50 }))`. */
  async *iter(options = {}) {
    const { pageSize = 100, ...rest } = options
    const it = sync(() => this._client.iterGroups(this.session, { ...listOptions(rest), limit: u32(pageSize, 'pageSize') }))
    for (;;) {
      const next = await wrap(it.next())
      if (next === null) return
      yield decoded(next)
    }
  }
}
for (const [name, params] of GROUP_METHODS) {
  const toResult = RESULT_TYPES[name]
  Groups.prototype[name] = function (...values) {
    // Checked inside the promise: a bad argument rejects, as a failed call does.
    const result = json(Promise.resolve().then(() => this._native[name](...params.map(([param, kind], i) => KINDS[kind](values[i], param)))))
    return toResult ? result.then(toResult) : result
  }
}

// Membership jobs: `groups.changeMembers(action, groupId, members, options)`.
const JOB_OPTIONS = ['batchSize', 'ratePerMinute', 'sizeCap', 'dryRun', 'stateFile', 'backoffBaseMs', 'maxAttempts', 'signal', 'onProgress', 'fromCsv']

/** A finished membership job: one entry per input member, in input order. */
class JobReport {
  constructor(data, job, failed, invitations) {
    Object.assign(this, data)
    // The core's answers to failed() and invitations(), kept out of sight (not enumerable).
    Object.defineProperties(this, { _job: { value: job }, _failed: { value: failed }, _invitations: { value: invitations } })
  }
  /** Entries that did not reach the wanted state (duplicates aside). */
  failed() {
    return this._failed.map((i) => this.entries[i])
  }
  /** Privacy-refused adds whose invitation is yours to send. */
  invitations() {
    return this._invitations.map((i) => this.entries[i])
  }
  /** One CSV row per member, with a header. */
  toCsv() {
    return sync(() => this._job.csv())
  }
}

function jobOptions(value) {
  const o = options(value)
  for (const key of Object.keys(o)) {
    if (!JOB_OPTIONS.includes(key)) throw invalid(`unknown option "${key}"; known: ${JOB_OPTIONS.join(', ')}`)
  }
  const number = (v, name) => {
    if (v == null) return undefined
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`option "${name}" must be a finite number, got ${describe(v)}`)
    return v
  }
  if (o.onProgress != null && typeof o.onProgress !== 'function') throw invalid(`option "onProgress" must be a function, got ${describe(o.onProgress)}`)
  if (o.signal != null && (typeof o.signal.aborted !== 'boolean' || typeof o.signal.addEventListener !== 'function')) {
    throw invalid(`option "signal" must be an AbortSignal, got ${describe(o.signal)}`)
  }
  return {
    native: {
      batchSize: u32(o.batchSize, 'batchSize'),
      ratePerMinute: number(o.ratePerMinute, 'ratePerMinute'),
      sizeCap: u32(o.sizeCap, 'sizeCap'),
      dryRun: o.dryRun == null ? undefined : bool(o.dryRun, 'dryRun'),
      stateFile: o.stateFile == null ? undefined : checked(o.stateFile, 'stateFile'),
      backoffBaseMs: number(o.backoffBaseMs, 'backoffBaseMs'),
      maxAttempts: u32(o.maxAttempts, 'maxAttempts'),
    },
    fromCsv: o.fromCsv == null ? null : checked(o.fromCsv, 'fromCsv'),
    signal: o.signal ?? null,
    onProgress: o.onProgress ?? null,
  }
}

/**
 * Adds, removes, promotes or demotes many members as a job: planned from one read of the group,
 * paced under WhatsApp's rate limit and size cap, resumable from `stateFile`; resolves with a
 * JobReport. `signal` (an AbortSignal) stops it after its current batch.
 */
Groups.prototype.changeMembers = async function (action, groupId, members, opts = {}) {
  checked(action, 'action')
  checked(groupId, 'groupId')
  const o = jobOptions(opts)
  const list = members == null ? [] : idList(members, 'members')
  if (o.fromCsv !== null) list.push(...sync(() => native.membersFromCsvFile(o.fromCsv)))
  const onProgress = o.onProgress && ((text) => o.onProgress(JSON.parse(text)))
  const cancelled = o.signal?.aborted === true
  const job = sync(() => this._native.startJob(action, groupId, list, { ...o.native, cancelled }, onProgress))
  const abort = () => job.cancel()
  if (o.signal && !cancelled) o.signal.addEventListener('abort', abort, { once: true })
  try {
    const data = decoded(await wrap(job.report()))
    const { failed, invitations, totals, ...rest } = data
    return new JobReport({ ...rest, totals: Object.fromEntries(totals) }, job, failed, invitations)
  } finally {
    o.signal?.removeEventListener('abort', abort)
  }
}

class Lids {
  constructor(native, session) {
    this._native = native
    this.session = session
  }
  list(options = {}) {
    return json(this._native.call('lids', this.session, 'list', options))
  }
  count() {
    return json(this._native.call('lids', this.session, 'count', {}))
  }
  phoneNumber(lid) {
    return json(this._native.call('lids', this.session, 'phoneNumber', { lid }))
  }
  lid(phoneNumber) {
    return json(this._native.call('lids', this.session, 'lid', { phoneNumber }))
  }
}

class Client {
  /** `new Client({ baseUrl, apiKey, timeoutMs, maxRetries, retryBaseDelayMs })`. */
  constructor(options) {
    if (options instanceof native.NativeClient) {
      this._native = options
    } else {
      const { onEvent, ...rest } = clientOptions(options)
      const listener = eventListener(onEvent)
      this._native = sync(() => new native.NativeClient(rest, listener && ((text) => listener(JSON.parse(text)))))
    }
  }
  /** From WAHA_URL and WAHA_API_KEY. */
  static fromEnv() {
    return new Client(sync(() => native.NativeClient.fromEnv()))
  }
  get baseUrl() {
    return this._native.baseUrl
  }
  /** What this client did so far: `{ calls, retries, rateLimited, errors }` (errors by code). */
  stats() {
    return JSON.parse(sync(() => this._native.stats()))
  }
  groups(session) {
    return new Groups(this._native, checked(session, 'session'))
  }
  lids(session) {
    return new Lids(this._native, checked(session, 'session'))
  }
  sessions() {
    return json(this._native.call('client', '', 'sessions', {}))
  }
  session(name) {
    return json(this._native.call('client', '', 'session', { name }))
  }
  me(session) {
    return json(this._native.call('client', '', 'me', { session }))
  }
  version() {
    return json(this._native.call('client', '', 'version', {}))
  }
  ping() {
    return json(this._native.call('client', '', 'ping', {}))
  }
  toString() {
    return `Client(${this.baseUrl})`
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return this.toString() // never the API key
  }
}

function headerPairs(headers) {
  if (!headers) return []
  if (typeof headers.entries === 'function' && !Array.isArray(headers)) return Array.from(headers.entries(), ([k, v]) => [String(k), String(v)])
  if (Array.isArray(headers)) {
    return headers.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw invalid(`argument "headers" must hold [name, value] pairs, got ${describe(pair)}`)
      return [String(pair[0]), String(pair[1])]
    })
  }
  return Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : v === undefined ? [] : [[k, String(v)]]))
}

/** Parses (and with `hmacKey` verifies) a webhook body into a typed event. */
function parseWebhook(body, options) {
  const opts = webhookOptions(options, false)
  const key = checked(opts.hmacKey, 'hmacKey', { buffer: true, optional: true })
  const headers = opts.headers == null ? undefined : headerPairs(opts.headers)
  return new WebhookEvent(sync(() => native.parseWebhook(checked(body, 'body', { buffer: true }), headers, key)))
}

/** A parsed webhook. The native layer sends it as one string laid out as every native result:
 * its parts (each followed by NUL), then its head (the envelope's scalars, and part indexes for
 * the rest). Every field is a getter on the class (nothing is defined per event); the head is
 * parsed when a field is first read, a part when it is. */
class WebhookEvent {
  #text
  #parts = null
  #head = null

  constructor(text) {
    this.#text = text
  }

  /** Envelope id (`evt_…`), the same for every retry; `null` before WAHA 2024.11.5. */
  get id() { return this.#field('id') }
  /** When WAHA emitted it, Unix ms. */
  get timestamp() { return this.#field('timestamp') }
  /** Event name, e.g. `group.v2.participants`. */
  get event() { return this.#field('event') }
  /** Session name. */
  get session() { return this.#field('session') }
  /** The session's engine. */
  get engine() { return this.#field('engine') }
  /** `X-Webhook-Request-Id` of this delivery, when headers were given. */
  get requestId() { return this.#field('requestId') }
  /** The envelope's `config.metadata`. */
  get metadata() { return this.#part('metadata') }
  /** The session's account. */
  get me() { return this.#part('me') }
  /** The server's environment. */
  get environment() { return this.#part('environment') }
  /** The typed payload (`type` tells which event). */
  get payload() { return this.#part('payload') }
  /** The body as WAHA sent it. */
  get raw() { return this.#part('raw') }

  #field(key) {
    if (this.#head === null) {
      this.#parts = new Parts(this.#text)
      this.#head = JSON.parse(this.#parts.head())
    }
    return this.#head[key]
  }

  /** The head's value of `key`, or the part it names, parsed once and then kept there. */
  #part(key) {
    const index = this.#field(key)
    if (typeof index !== 'number') return index // null, or parsed before
    // Only the payload's typed models hold nested part indexes (`raw`); metadata is the user's.
    const text = this.#parts.text(index)
    const value = key === 'payload' ? withParts(JSON.parse(text), this.#parts) : JSON.parse(text)
    this.#head[key] = value
    return value
  }

  /** Every field, for `JSON.stringify`. */
  toJSON() {
    const { id, timestamp, event, session, metadata, me, engine, environment, requestId, payload, raw } = this
    return { id, timestamp, event, session, metadata, me, engine, environment, requestId, payload, raw }
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    const { raw, ...fields } = this.toJSON()
    return `WebhookEvent ${inspect(fields, options)}`
  }
}

function webhookOptions(options, keyRequired) {
  if (options == null && !keyRequired) return {}
  if (options === null || typeof options !== 'object') throw invalid(`options must be an object like { headers, hmacKey }, got ${describe(options)}`)
  if (keyRequired && options.hmacKey == null) throw invalid('argument "hmacKey" is required to verify a signature')
  return options
}

/** Throws SignatureMissingError / SignatureMismatchError / SignatureAlgorithmError unless valid. */
function verifyWebhook(body, options) {
  const opts = webhookOptions(options, true)
  const key = checked(opts.hmacKey, 'hmacKey', { buffer: true })
  sync(() => native.verifyWebhook(checked(body, 'body', { buffer: true }), headerPairs(opts.headers), key))
}

/** Hex HMAC-SHA512 of `body`, as WAHA sends in X-Webhook-Hmac. */
function signWebhook(body, hmacKey) {
  return native.signWebhook(checked(body, 'body', { buffer: true }), checked(hmacKey, 'hmacKey', { buffer: true }))
}

/** Decodes a raw WAHA answer of `method` (snake_case SDK method name) as the client does. */
function decodeResponse(method, body, requested) {
  const ids = requested == null ? null : Array.from(requested, (id) => checked(id, 'requested'))
  return decoded(sync(() => native.decodeResponse(checked(method, 'method'), checked(body, 'body'), ids)))
}

/** The WahaError WAHA's status + body map to (not thrown). */
function errorFromResponse(status, body, session) {
  if (!(Number.isInteger(status) && status >= 0 && status <= 65535)) throw invalid(`argument "status" must be an HTTP status, got ${status}`)
  const tagged = native.errorFromResponse(status, checked(body, 'body'), checked(session, 'session', { optional: true }))
  return fromData(JSON.parse(tagged.slice(ERROR_TAG.length)))
}

class MockWaha {
  constructor(native) {
    this._native = native
  }
  /** Starts an in-process mock WAHA: `{ engine, apiKey, seed, clockMs, state, webhooks, sessions, limits }`. */
  static async start(options = {}) {
    const { limits, ...rest } = options
    const native_ = await wrap(native.NativeMock.start(limits == null ? rest : { ...rest, limits: limitsJson(limits) }))
    return new MockWaha(native_)
  }
  get url() {
    return this._native.url
  }
  get engine() {
    return this._native.engine
  }
  async stop() {
    this._native.stop()
  }
  reset() {
    this._native.reset()
  }
  exportState() {
    return this._native.exportState()
  }
  importState(state) {
    this._native.importState(state)
  }
  addSession(name, phone, options = {}) {
    this._native.addSession({ name, phone, ...options })
  }
  setSessionStatus(name, status) {
    this._native.setSessionStatus(name, status)
  }
  /** Makes `phone` refuse (or, with `false`, accept again) direct adds: adding it answers 403 with an invitation. */
  setRefusesDirectAdds(phone, refuses = true) {
    sync(() => this._native.setRefusesDirectAdds(checked(phone, 'phone'), refuses === true))
  }
  journal(filter = {}) {
    return this._native.journal(filter.operation ?? null, filter.method ?? null, filter.session ?? null, filter.status ?? null, filter.since ?? null)
  }
  /** Emitted events, parsed like parseWebhook. */
  events(filter = {}) {
    return this.deliveries(filter).map((d) => parseWebhook(JSON.stringify(d.body)))
  }
  /** Emitted envelopes as sent, with delivery results. */
  deliveries(filter = {}) {
    return this._native.deliveries(filter.session ?? null, filter.event ?? null)
  }
  /** `{ operation, kind, status, body, delayMs, times, probability, seed, method, session }`. */
  addFault(spec) {
    const { delayMs, ...rest } = spec
    return this._native.addFault(delayMs === undefined ? rest : { ...rest, delay_ms: delayMs })
  }
  clearFaults() {
    this._native.clearFaults()
  }
  /** The other side acts: `simulate('join_by_link', { group, actor })`; returns events emitted. */
  simulate(action, fields = {}) {
    return this._native.simulate({ action, ...fields })
  }
  setClock(nowMs) {
    this._native.setClock(nowMs)
  }
  /** Webhook deliveries dropped because a receiver's queue was full. */
  get droppedDeliveries() {
    return this._native.droppedDeliveries()
  }
  /** The simulated limits: `{ groupSizeCap, memberRate: { perMinute, burst } }` (null: off). */
  get limits() {
    const l = this._native.limits()
    const rate = l.member_rate && { perMinute: l.member_rate.per_minute, burst: l.member_rate.burst }
    return { groupSizeCap: l.group_size_cap ?? null, memberRate: rate ?? null }
  }
  /**
   * Simulates WhatsApp's limits (each off when not given): `groupSizeCap` (WhatsApp: 1024; adds
   * beyond it answer the per-member code 419) and `perMinute` member changes per session in
   * bursts of `burst` (default 20; over it: WAHA's 500 rate-overlimit, nothing changed).
   */
  setLimits({ groupSizeCap = null, perMinute = null, burst = 20 } = {}) {
    sync(() => this._native.setLimits(limitsJson({ groupSizeCap, perMinute, burst })))
  }
}

function limitsJson({ groupSizeCap = null, perMinute = null, burst = 20 }) {
  return { group_size_cap: groupSizeCap, member_rate: perMinute == null ? null : { per_minute: perMinute, burst } }
}

module.exports = {
  Client,
  Groups,
  JobReport,
  ParticipantOutcomes,
  Lids,
  MockWaha,
  parseWebhook,
  verifyWebhook,
  signWebhook,
  decodeResponse,
  errorFromResponse,
  errorCodes: () => native.errorCodes(),
  errorKinds: () => native.errorKinds(),
  /** The members in a CSV text: the column named phone/number/pn/id/member, else the first. */
  membersFromCsv: (text) => sync(() => native.membersFromCsv(checked(text, 'text'))),
  /** JSON Schema of a model (`'Group'`, …, `'WebhookEvent'`); `'openapi'` gives the OpenAPI 3.1 document. */
  jsonSchema: (name) => sync(() => native.jsonSchema(name)),
  ...errors,
}
