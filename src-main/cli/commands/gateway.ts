import { notBuilt } from '../errors.js';

export async function gateway(): Promise<void> {
  notBuilt('gateway');
}
