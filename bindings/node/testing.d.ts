import type { Client, ClientOptions, MockOptions, MockWaha } from './index'

/** What `useMockWaha` returns: the running mock and a client factory. */
export interface MockWahaContext {
  /** Set in `before`; reset before each test. */
  mock: MockWaha
  /** A client for the mock (its API key preset). */
  client(options?: Partial<ClientOptions>): Client
}
/** Registers node:test hooks: start a mock before the suite, reset it before each test, stop it after. */
export declare function useMockWaha(options?: MockOptions): MockWahaContext
