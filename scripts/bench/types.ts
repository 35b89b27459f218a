import type { ProcessFigures } from './processStats';

/** What the driver and the benchmarked processes say to each other, and what a run writes. */
export interface StackReady {
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** The development issuer's keys: our gateway process loads the same issuer (GATEWAY_DEV_ISSUER, DATA_DIR). */
  readonly dataDir: string;
  /** CALLER_CONTEXT_PRIVATE_KEY for our gateway process: the subgraphs hold its public half. */
  readonly contextPrivateJwk: string;
}

export interface PeerPlanRequest {
  readonly citizens: number;
}

/** A static caller context per subgraph name, signed with the bench-only key (domain/caller/benchStaticContext.ts). */
export type StaticContexts = Readonly<Record<string, string>>;

export interface PeerPlan {
  /** One caseworker, `citizen(cpr:)` for each of these citizens of their own municipality. */
  readonly caseworker: {
    readonly token: string;
    readonly citizens: readonly { readonly cpr: string; readonly fullName: string }[];
    readonly staticContexts: StaticContexts;
  };
  /** One citizen's own overview, the same request every time. */
  readonly identical: { readonly cpr: string; readonly fullName: string; readonly token: string; readonly staticContexts: StaticContexts };
}

export interface PlanRequest {
  /** Cold passes of the overview (one per concurrency), each over its own citizens. */
  readonly overviewSets: number;
  readonly citizensPerSet: number;
  readonly lists: number;
  /** Cold caseworker lists: for each of `sets` passes (one per concurrency), `count` lists of each size, of citizens asked nowhere else in the run. */
  readonly coldLists?: { readonly sets: number; readonly sizes: readonly number[]; readonly count: number };
  /** Citizens for the cold overview at concurrency 1, asked nowhere else in the run. */
  readonly serialCitizens?: number;
}

export interface SignedInCitizen {
  readonly cpr: string;
  readonly token: string;
}

export interface CaseworkerList {
  readonly token: string;
  readonly cprs: readonly string[];
}

export interface BenchPlan {
  readonly overviewSets: readonly (readonly SignedInCitizen[])[];
  readonly caseworkerLists: readonly CaseworkerList[];
  /** Per pass (concurrency), per size: the cold lists (PlanRequest.coldLists). */
  readonly coldLists: readonly (readonly { readonly size: number; readonly lists: readonly CaseworkerList[] }[])[];
  /** The cold overview at concurrency 1 (PlanRequest.serialCitizens). */
  readonly serialSet: readonly SignedInCitizen[];
}

export interface StackCounters {
  readonly legacyCalls: Readonly<Record<'cpr' | 'tax' | 'housing' | 'sql', number>>;
  readonly subgraphFetches: Readonly<Record<string, number>>;
  readonly cache: { readonly hits: number; readonly misses: number };
  readonly process: ProcessFigures;
}

export interface PeerReady {
  readonly gatewayUrl: string;
}

export interface ProcessResult {
  readonly name: string;
  /** CPU milliseconds per request, user and system. */
  readonly cpuMsPerRequest: number;
  readonly peakRssMb: number;
  /** Gateways run as process trees (a cluster, Hive's workers): the largest peak of one process. */
  readonly peakWorkerRssMb?: number;
  readonly workers?: number;
}

export interface WorkloadResult {
  readonly workload: string;
  readonly title: string;
  /** citizen-graph, or the peer's name. */
  readonly gateway: string;
  readonly connections: number;
  readonly requests: number;
  readonly failures: number;
  /** Answers whose data was not the citizen asked for (peer workloads check every answer). */
  readonly wrongAnswers?: number;
  /** The first failure's status and the start of its body. */
  readonly firstFailure?: string;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly legacyCallsPerRequest: Readonly<Record<string, number>> & { readonly total: number };
  readonly subgraphFetchesPerRequest: Readonly<Record<string, number>> & { readonly total: number };
  /** Cache hits / (hits + misses) during the workload; null when the workload read no cache. */
  readonly cacheHitRatio: number | null;
  readonly processes: readonly ProcessResult[];
}

export interface PeerStatus {
  readonly name: string;
  readonly measured: boolean;
  readonly workloads: readonly string[];
  readonly note: string;
}

export interface PeerRatio {
  readonly peer: string;
  readonly workload: string;
  readonly connections: number;
  /** Peer's requests/s over ours: below 1 means we are faster. */
  readonly throughput: number;
  /** Peer's p50 over ours: above 1 means we are faster. */
  readonly p50: number;
  readonly p99: number;
}

/** The legacy floor of a workload: the critical path of stand-in latencies its query waits for, and our p50 above it. */
export interface FloorResult {
  readonly workload: string;
  readonly connections: number;
  readonly floorMs: number;
  readonly path: string;
  readonly oursP50Ms: number;
  readonly aboveFloorMs: number;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly quick: boolean;
  readonly node: string;
  readonly commit: string;
  readonly latencyMs: Readonly<Record<'cpr' | 'tax' | 'housing' | 'sql', number>>;
  readonly concurrencies: readonly number[];
  readonly results: readonly WorkloadResult[];
  readonly peers: readonly PeerStatus[];
  readonly ratios: readonly PeerRatio[];
  readonly floors?: readonly FloorResult[];
  /** Gateway workers (processes) of ours and of Hive Gateway; the stock Apollo Gateway is one process. */
  readonly gatewayWorkers?: number;
  /** How the gateways ran (compiled JavaScript or tsx), for the report's notes. */
  readonly runtime?: string;
  /** The machine's load average (1 min) at the start and the end of the run: other work on the shared cores. */
  readonly loadAverage?: { readonly start: number; readonly end: number };
}
