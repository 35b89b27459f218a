export { ThrowawayRedis, waitFor } from '../../scripts/stack/throwawayRedis';
