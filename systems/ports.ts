/** Default ports of the local stack; each can be overridden by its service's env variable. */
export const DEFAULT_PORTS = {
  gateway: 4000,
  citizen: 4001,
  tax: 4002,
  housing: 4003,
  benefits: 4004,
  selfservice: 4005,
  legacyCpr: 5001,
  legacyTax: 5002,
  legacyHousing: 5003,
} as const;
