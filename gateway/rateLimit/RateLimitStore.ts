/** Counts hits per key in fixed windows; shared by all gateway replicas when it is Redis. */
export interface RateLimitStore {
  /** Counts one hit for key in its current window of windowMs; says the count so far and when the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}
